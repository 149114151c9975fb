/**
 * The registers from the domain events (OUT-1, OUT-2, MTG-1…MTG-6, PLN-1…PLN-8, KPI-9, ACC-1,
 * ACC-2, AUD-2, TIME-1, TIME-2).
 *
 * A pure projection from {@link DomainEvent.DomainEvent}s — a store's events, e.g. the
 * `CommandHandler`'s `events` — to the entries of the three registers of the `Registers` module,
 * and the register reports built from them in one call:
 *
 * | register | rows | from |
 * |---|---|---|
 * | {@link outreachLog} | one per outreach contact: kind (individual, agency, organisation, resident), mode, date, the CSW's agency (OUT-1, OUT-2) | `ContactRecorded` |
 * | {@link meetingLog} | one per meeting: type and kind, host, attendees by agency, agenda (cases, pseudonymous), decisions, joint holding (MTG-1…MTG-5) | `MeetingHeld`, `CaseTabled`, `DecisionRecorded`, `TopicDiscussed`, and the plan judgments recorded on cases citing the meeting (`PlanReviewed`, `PlanDecided`, `PlanEndEvaluated`: PLN-2) |
 * | {@link planRegister} | one per plan: kind, revision, status, dates, review and decision history, re-plans (PLN-1…PLN-8) | `PlanDrafted`, `PlanRevised`, `PlanReviewed`, `PlanDecided`, `SupportStarted`, `PlanEndEvaluated` |
 *
 * The projection counts what `IndicatorProjection` counts (KPI-9): an event given twice (same
 * `eventId`) counts once, fiscal years are Japan-time fiscal years whatever the host's time zone
 * (TIME-1), and the result does not depend on the order the events are given in (rows are sorted
 * by instant, then id, in code-unit order — never by locale). For one fiscal year, the outreach
 * log's KPI-1 rows are KPI-1, the meeting log's KPI-2 rows are KPI-2, and the plan register keeps
 * the reviews and decisions of the year per plan (per kind); KPI-3 and KPI-4 count them per case and
 * meeting (PLN-8), so where one case had several plans judged at one meeting the sums exceed them.
 *
 * **Fiscal year.** With `fiscalYear`, the outreach and meeting logs hold the contacts and meetings
 * of that year; the plan register holds every plan in play during the year (drafted before its
 * end, not ended or suspended before its start), as of the end of the year: later events are not
 * read, so the register of a past year never changes.
 *
 * **Personal data** (ACC-1, ACC-2, AUD-2). The registers are pseudonymous by default (export key,
 * `Pseudonym`); notes, names and addresses in the events are never read into an entry. A personal
 * field leaves only through a `disclose` hook, which names its sources (items, plan goals, contact
 * notes) by reference; `disclosure` builds the hooks on the disclosure rules (the one sharing
 * check, `Disclosure.refusalOf`, in the direct-sharing setting, for one recipient at one instant).
 * Whatever hook is given, the report builders look the sources up with their recorded provenance:
 * information whose only basis is the support meeting (ACC-2: an item recorded with a
 * support-meeting provenance, a support meeting's decision note) never flows into an export, so a
 * value drawing on it is replaced by a missing value (`null`). See `RegisterDisclosure`.
 *
 * @module
 */
import type { DateTime } from "effect"
import type * as Catalog from "./Catalog.ts"
import * as Directory from "./Directory.ts"
import type * as DomainEvent from "./DomainEvent.ts"
import * as FiscalYear from "./FiscalYear.ts"
import * as Instant from "./Instant.ts"
import type * as Meeting from "./meeting/index.ts"
import type * as Outreach from "./outreach/index.ts"
import * as RegisterDisclosure from "./RegisterDisclosure.ts"
import { decisionLabel, existingMeetingLabel, modeLabel, reviewLabel, revisionText, suspensionText, topicLabel } from "./RegisterLabels.ts"
import * as Registers from "./Registers.ts"
import type * as Report from "./Report.ts"
import type * as SupportPlan from "./SupportPlan.ts"

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** What the projection reads. */
export interface Options {
  /** Only this fiscal year (TIME-1; see the module notes for what that means per register). */
  readonly fiscalYear?: FiscalYear.FiscalYear
  /** How agencies (hosts, attendees, visited agencies, the CSW's agency) are printed; default: their directory id. See {@link agencyNames}. */
  readonly agencyName?: (agencyId: string) => string
}

/** ORG-1: print agencies by their directory names (sections, agencies, organisations); an unknown id prints as itself. */
export const agencyNames = (catalog: Catalog.Catalog): (agencyId: string) => string => {
  const d = catalog.directory
  const names = new Map<string, string>()
  for (const o of d.organisations) names.set(o.id, Directory.organisationLabel(o))
  for (const s of d.sections) names.set(s.id, s.name)
  for (const a of d.agencies) names.set(a.id, a.name)
  return (id) => names.get(id) ?? id
}

export { decisionLabel, existingMeetingLabel, modeLabel, suspensionReasonLabel, topicLabel } from "./RegisterLabels.ts"
export { disclosure, type DisclosureHooks, guardSupportMeetingOnly, type Hook, Source } from "./RegisterDisclosure.ts"

// ---------------------------------------------------------------------------------------------
// The projection
// ---------------------------------------------------------------------------------------------

/** The three registers' entries, each sorted by instant then id. */
export interface Projection {
  readonly outreach: ReadonlyArray<Registers.OutreachEntry>
  readonly meetings: ReadonlyArray<Registers.MeetingEntry>
  readonly plans: ReadonlyArray<Registers.PlanEntry>
}

type Ev<T extends DomainEvent.DomainEvent["_tag"]> = Extract<DomainEvent.DomainEvent, { readonly _tag: T }>
type PlanEvent = Ev<"PlanDrafted" | "PlanRevised" | "PlanReviewed" | "PlanDecided" | "SupportStarted" | "PlanEndEvaluated">
type JudgmentEvent = Ev<"PlanReviewed" | "PlanDecided" | "PlanEndEvaluated">

const ms = (e: { readonly at: Instant.Instant }): number => Instant.millis(e.at)
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Order of steps decided from one command at one instant (review before decision, …). */
const stepRank: Readonly<Record<PlanEvent["_tag"], number>> = {
  PlanDrafted: 0,
  PlanRevised: 1,
  PlanReviewed: 2,
  PlanDecided: 3,
  SupportStarted: 4,
  PlanEndEvaluated: 5
}
const byInstantThen = <A>(at: (a: A) => number, ...keys: ReadonlyArray<(a: A) => string | number>) => (x: A, y: A): number => {
  const d = at(x) - at(y)
  if (d !== 0) return d
  for (const k of keys) {
    const a = k(x), b = k(y)
    const c = typeof a === "number" && typeof b === "number" ? a - b : cmp(String(a), String(b))
    if (c !== 0) return c
  }
  return 0
}
const planEventOrder = byInstantThen<PlanEvent>(ms, (e) => stepRank[e._tag], (e) => e.eventId)

const toOutreach = (e: Ev<"ContactRecorded">, name: (id: string) => string): Registers.OutreachEntry => {
  const a: Outreach.Activity = e.activity
  const base = { contactId: e.contactId, at: e.at, by: name(e.by) }
  switch (a._tag) {
    case "AgencyVisit":
      return { ...base, activity: "agency", counterpart: name(a.agencyId), caseId: null, mode: null }
    case "OrganisationVisit":
      return { ...base, activity: "organisation", counterpart: a.organisation, caseId: null, mode: null }
    case "ResidentVisit":
      return { ...base, activity: "resident", counterpart: null, caseId: null, mode: null }
    case "IndividualSupport":
      return { ...base, activity: "individual", counterpart: null, caseId: a.caseId, mode: modeLabel[a.mode] }
  }
}

const judgmentDecision = (e: JudgmentEvent): { readonly caseId: string; readonly planId: string; readonly decision: string } => {
  const decision = e._tag === "PlanReviewed"
    ? `${reviewLabel[e.outcome]}（${revisionText(e.revision)}）`
    : e._tag === "PlanDecided"
    ? `プラン決定（${revisionText(e.revision)}）`
    : e.outcome === "ended"
    ? "終結"
    : suspensionText(e.suspensionReason)
  return { caseId: e.caseId, planId: e.planId, decision }
}

const toPlan = (events: ReadonlyArray<PlanEvent>): Registers.PlanEntry | undefined => {
  const first = events[0]
  if (first === undefined) return undefined
  let kind: SupportPlan.Kind | undefined
  let revision = 1
  let status: Registers.PlanEntry["status"] = "draft"
  let started = false
  let decidedAt: DateTime.Utc | null = null
  let endedAt: DateTime.Utc | null = null
  const history: Array<Registers.PlanStep> = []
  for (const e of events) {
    const at = e.at
    switch (e._tag) {
      case "PlanDrafted":
        kind = e.kind
        revision = 1
        status = "draft"
        history.push({ at, step: "drafted", meetingId: null, revision: 1 })
        break
      case "PlanRevised":
        kind = e.kind
        revision = e.revision
        status = "draft"
        history.push({ at, step: "revised", meetingId: null, revision: e.revision })
        break
      case "PlanReviewed":
        kind = e.kind
        if (e.outcome === "sent-back") status = "sent-back"
        else if (status === "draft" || status === "sent-back") status = "reviewed"
        history.push({ at, step: "reviewed", meetingId: e.meetingId, revision: e.revision, outcome: e.outcome })
        break
      case "PlanDecided":
        kind = e.kind
        status = started ? "active" : "decided"
        decidedAt = at
        history.push({ at, step: "decided", meetingId: e.meetingId, revision: e.revision })
        break
      case "SupportStarted":
        started = true
        status = "active"
        history.push({ at, step: "started", meetingId: null, ...(e.early ? { outcome: "early" } : {}) })
        break
      case "PlanEndEvaluated":
        kind = e.kind
        status = e.outcome
        endedAt = at
        history.push({
          at,
          step: e.outcome,
          meetingId: e.meetingId,
          ...(e.outcome === "suspended" && e.suspensionReason !== undefined ? { outcome: e.suspensionReason } : {})
        })
        break
    }
  }
  if (kind === undefined) return undefined
  return {
    planId: first.planId,
    caseId: first.caseId,
    program: kind,
    status,
    revision,
    draftedAt: history[0]!.at,
    decidedAt,
    endedAt,
    history
  }
}

/**
 * The register entries from domain events (pure; OUT-1, OUT-2, MTG-1…MTG-6, PLN-1…PLN-8, KPI-9,
 * TIME-1). Events may come in any order and more than once; notes and names are never read.
 */
export const project = (events: Iterable<DomainEvent.DomainEvent>, options: Options = {}): Projection => {
  const name = options.agencyName ?? ((id: string) => id)
  const fy = options.fiscalYear
  const bounds = fy === undefined ? undefined : FiscalYear.bounds(fy)
  const inYear = (t: number) => bounds === undefined || (Instant.millis(bounds.start) <= t && t < Instant.millis(bounds.end))
  const beforeYearEnd = (t: number) => bounds === undefined || t < Instant.millis(bounds.end)

  const seen = new Set<string>()
  const contacts: Array<Ev<"ContactRecorded">> = []
  const held = new Map<string, Ev<"MeetingHeld">>()
  const tabled = new Map<string, Array<Ev<"CaseTabled">>>()
  const judged = new Map<string, Array<Ev<"DecisionRecorded" | "TopicDiscussed"> | JudgmentEvent>>()
  const plans = new Map<string, Array<PlanEvent>>()
  const push = <K, V>(m: Map<K, Array<V>>, k: K, v: V) => {
    const a = m.get(k)
    if (a === undefined) m.set(k, [v])
    else a.push(v)
  }

  for (const e of events) {
    if (seen.has(e.eventId)) continue
    seen.add(e.eventId)
    switch (e._tag) {
      case "ContactRecorded":
        if (inYear(ms(e))) contacts.push(e)
        break
      case "MeetingHeld":
        if (inYear(ms(e))) held.set(e.meetingId, e)
        break
      case "CaseTabled":
        push(tabled, e.meetingId, e)
        break
      case "DecisionRecorded":
      case "TopicDiscussed":
        push(judged, e.meetingId, e)
        break
      case "PlanDrafted":
      case "PlanRevised":
      case "PlanReviewed":
      case "PlanDecided":
      case "SupportStarted":
      case "PlanEndEvaluated":
        if (e._tag === "PlanReviewed" || e._tag === "PlanDecided" || e._tag === "PlanEndEvaluated") push(judged, e.meetingId, e)
        if (beforeYearEnd(ms(e))) push(plans, `${e.caseId}\u0000${e.planId}`, e)
        break
      default:
        break
    }
  }

  const outreach = contacts
    .sort(byInstantThen<Ev<"ContactRecorded">>(ms, (e) => e.contactId))
    .map((e) => toOutreach(e, name))

  const itemOrder = byInstantThen<{ readonly at: Instant.Instant; readonly itemId?: string; readonly eventId: string }>(
    ms,
    (e) => e.itemId ?? "",
    (e) => e.eventId
  )
  const meetings = [...held.values()]
    .sort(byInstantThen<Ev<"MeetingHeld">>(ms, (e) => e.meetingId))
    .map((m): Registers.MeetingEntry => {
      const agenda = [...(tabled.get(m.meetingId) ?? [])].sort(itemOrder)
      const decisions = [...(judged.get(m.meetingId) ?? [])].sort(
        byInstantThen<Ev<"DecisionRecorded" | "TopicDiscussed"> | JudgmentEvent>(
          ms,
          (e) => ("itemId" in e ? e.itemId : ""),
          (e) => ("planId" in e ? `${e.caseId}\u0000${e.planId}` : ""),
          (e) => e.eventId
        )
      )
      return {
        meetingId: m.meetingId,
        at: m.at,
        meetingType: m.meetingType,
        kind: m.kind,
        host: name(m.by),
        attendees: m.attendees.map(name),
        jointWith: m.served.filter((s) => s !== m.meetingType).map((s) => existingMeetingLabel[s as Meeting.ExistingMeeting] ?? s),
        agenda: [...new Set(agenda.map((a) => a.caseId))],
        decisions: decisions.map((d) =>
          d._tag === "DecisionRecorded"
            ? { caseId: d.caseId, decision: decisionLabel[d.decision] }
            : d._tag === "TopicDiscussed"
            ? { caseId: null, decision: topicLabel[d.topic] }
            : judgmentDecision(d)
        )
      }
    })

  const planEntries: Array<Registers.PlanEntry> = []
  for (const evs of plans.values()) {
    const p = toPlan(evs.sort(planEventOrder))
    if (p === undefined) continue
    if (bounds !== undefined && p.endedAt !== null && Instant.isBefore(p.endedAt, bounds.start)) continue
    planEntries.push(p)
  }
  planEntries.sort(byInstantThen((p) => Instant.millis(p.draftedAt), (p) => p.caseId, (p) => p.planId))

  return { outreach, meetings, plans: planEntries }
}

// ---------------------------------------------------------------------------------------------
// Reports in one call
// ---------------------------------------------------------------------------------------------

/** Options of the register reports: case naming (pseudonymous by default), metadata, projection, disclosure. */
export type ReportOptions<E> = Registers.CaseIds & Options & {
  readonly generatedAt: Date
  readonly planRevision: string
  /** Printed on the report; default the fiscal year's label (`令和7年度 (FY2025)`), or `全期間 (all years)`. */
  readonly fiscalYearLabel?: string
  /** ACC-1: the sources of a personal field per entry (see `disclosure`); guarded against ACC-2 (module notes). */
  readonly disclose?: RegisterDisclosure.Hook<E>
}

const registerOptions = <E>(
  events: ReadonlyArray<DomainEvent.DomainEvent>,
  o: ReportOptions<E>
): Registers.Options<E> => {
  const naming: Registers.CaseIds = o.caseIds === "plain" ? { caseIds: "plain" } : { exportKey: o.exportKey }
  return {
    ...naming,
    generatedAt: o.generatedAt,
    planRevision: o.planRevision,
    fiscalYearLabel: o.fiscalYearLabel ?? (o.fiscalYear === undefined ? "全期間 (all years)" : FiscalYear.label(o.fiscalYear)),
    ...(o.fiscalYear === undefined ? {} : { fiscalYear: o.fiscalYear }),
    ...(o.disclose === undefined ? {} : { disclose: RegisterDisclosure.guardSupportMeetingOnly(events, o.disclose) })
  }
}

const projectionOptions = (o: Options): Options => ({
  ...(o.fiscalYear === undefined ? {} : { fiscalYear: o.fiscalYear }),
  ...(o.agencyName === undefined ? {} : { agencyName: o.agencyName })
})

/** A register report from domain events: project them, then write the register (`write`) with its options. */
const fromEvents = <E>(
  pick: (p: Projection) => ReadonlyArray<E>,
  write: (entries: () => Iterable<E>, options: Registers.Options<E>) => Report.Report
) =>
(events: Iterable<DomainEvent.DomainEvent>, options: ReportOptions<E>): Report.Report => {
  const all = [...events]
  const entries = pick(project(all, projectionOptions(options)))
  return write(() => entries, registerOptions(all, options))
}

/** OUT-1, OUT-2: the outreach log (アウトリーチ記録) from domain events. */
export const outreachLog: (events: Iterable<DomainEvent.DomainEvent>, options: ReportOptions<Registers.OutreachEntry>) => Report.Report =
  fromEvents((p) => p.outreach, Registers.outreachLog)

/** MTG-1…MTG-6: the meeting log (会議記録) from domain events. */
export const meetingLog: (events: Iterable<DomainEvent.DomainEvent>, options: ReportOptions<Registers.MeetingEntry>) => Report.Report =
  fromEvents((p) => p.meetings, Registers.meetingLog)

/** PLN-1…PLN-8: the plan register (支援プラン台帳) from domain events; with a fiscal year, its KPI-3/KPI-4 columns. */
export const planRegister: (events: Iterable<DomainEvent.DomainEvent>, options: ReportOptions<Registers.PlanEntry>) => Report.Report =
  fromEvents((p) => p.plans, Registers.planRegister)
