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
import { DateTime } from "effect"
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
// The projection, step by step
// ---------------------------------------------------------------------------------------------

/** The three registers' entries, each sorted by instant then id. */
export interface Projection {
  readonly outreach: ReadonlyArray<Registers.OutreachEntry>
  readonly meetings: ReadonlyArray<Registers.MeetingEntry>
  readonly plans: ReadonlyArray<Registers.PlanEntry>
}

/** The domain events of these tags. */
export type Ev<T extends DomainEvent.DomainEvent["_tag"]> = Extract<DomainEvent.DomainEvent, { readonly _tag: T }>
/** The events of a plan's history (PLN-1…PLN-8). */
export type PlanEvent = Ev<"PlanDrafted" | "PlanRevised" | "PlanReviewed" | "PlanDecided" | "SupportStarted" | "PlanEndEvaluated">
/** The plan judgments made at a meeting (PLN-2). */
export type JudgmentEvent = Ev<"PlanReviewed" | "PlanDecided" | "PlanEndEvaluated">
/** The events a meeting's entry reads: its holding, agenda and decisions, and the plan judgments made there (PLN-2). */
export type MeetingEvent = Ev<"MeetingHeld" | "CaseTabled" | "DecisionRecorded" | "TopicDiscussed"> | JudgmentEvent

/** The event tags the registers read. */
export const outreachTags: ReadonlySet<string> = new Set(["ContactRecorded"])
/** The event tags of a plan's history. */
export const planTags: ReadonlySet<string> = new Set(["PlanDrafted", "PlanRevised", "PlanReviewed", "PlanDecided", "SupportStarted", "PlanEndEvaluated"])
/** The event tags a meeting's entry reads (the plan judgments among them cite the meeting: PLN-2). */
export const meetingTags: ReadonlySet<string> = new Set(["MeetingHeld", "CaseTabled", "DecisionRecorded", "TopicDiscussed", "PlanReviewed", "PlanDecided", "PlanEndEvaluated"])

const ms = (e: { readonly at: Instant.Instant }): number => Instant.millis(e.at)
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const utc = (millis: number): DateTime.Utc => DateTime.makeUnsafe(millis)

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

/** A copy of a sorted array with `x` inserted after every element not above it (stable, like a sort of the events in the order given). */
const insertSorted = <A>(xs: ReadonlyArray<A>, x: A, order: (a: A, b: A) => number): ReadonlyArray<A> => {
  let lo = 0, hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (order(xs[mid]!, x) <= 0) lo = mid + 1
    else hi = mid
  }
  return [...xs.slice(0, lo), x, ...xs.slice(lo)]
}

/** TIME-1: epoch-millisecond bounds of a fiscal year (Japan time), or none. */
export const boundsOf = (fy: FiscalYear.FiscalYear | undefined): { readonly start: number; readonly end: number } | undefined => {
  if (fy === undefined) return undefined
  const b = FiscalYear.bounds(fy)
  return { start: Instant.millis(b.start), end: Instant.millis(b.end) }
}

// Outreach --------------------------------------------------------------------------------------

/**
 * OUT-1: one contact's entry as stored (plain JSON): the entry with the agencies as directory ids
 * (named when read, {@link outreachEntry}) and the instant in epoch milliseconds. No note.
 */
export interface OutreachDoc {
  readonly contactId: string
  readonly ms: number
  readonly activity: Registers.OutreachEntry["activity"]
  /** The agency visited (its id) or the organisation (as recorded). */
  readonly counterpart: string | null
  readonly caseId: string | null
  readonly mode: string | null
  readonly by: string
}

/** OUT-1, OUT-2: the stored entry of a contact. */
export const outreachDoc = (e: Ev<"ContactRecorded">): OutreachDoc => {
  const a: Outreach.Activity = e.activity
  const base = { contactId: e.contactId, ms: ms(e), by: e.by }
  switch (a._tag) {
    case "AgencyVisit":
      return { ...base, activity: "agency", counterpart: a.agencyId, caseId: null, mode: null }
    case "OrganisationVisit":
      return { ...base, activity: "organisation", counterpart: a.organisation, caseId: null, mode: null }
    case "ResidentVisit":
      return { ...base, activity: "resident", counterpart: null, caseId: null, mode: null }
    case "IndividualSupport":
      return { ...base, activity: "individual", counterpart: null, caseId: a.caseId, mode: modeLabel[a.mode] }
  }
}

/** OUT-1: the register entry of a stored contact, agencies named with `name` (ORG-1). */
export const outreachEntry = (d: OutreachDoc, name: (id: string) => string): Registers.OutreachEntry => ({
  contactId: d.contactId,
  at: utc(d.ms),
  by: name(d.by),
  activity: d.activity,
  counterpart: d.activity === "agency" && d.counterpart !== null ? name(d.counterpart) : d.counterpart,
  caseId: d.caseId,
  mode: d.mode
})

/** The outreach log's order: by instant, then contact id. */
export const outreachOrder = byInstantThen<OutreachDoc>((d) => d.ms, (d) => d.contactId)

// Meetings --------------------------------------------------------------------------------------

/** A case tabled at a meeting (MTG-3), with what orders the agenda. */
export interface AgendaDoc {
  readonly ms: number
  readonly itemId: string
  readonly eventId: string
  readonly caseId: string
}

/** A decision, topic or plan judgment of a meeting (MTG-3, MTG-4, PLN-2), with what orders them. */
export interface DecisionDoc {
  readonly ms: number
  /** The agenda item (decisions, topics); `""` for a plan judgment. */
  readonly itemId: string
  readonly eventId: string
  readonly caseId: string | null
  /** The plan judged (with `caseId`); absent for a decision or a topic. */
  readonly planId?: string
  /** The decision's text (Japanese, `RegisterLabels`). */
  readonly decision: string
}

/**
 * MTG-1…MTG-5, PLN-2: a meeting's entry as stored (plain JSON), built event by event in any order:
 * the holding (`null` until `MeetingHeld`; agencies as directory ids), the tabled cases and the
 * decisions, each kept in register order. No note.
 */
export interface MeetingDoc {
  readonly meetingId: string
  readonly held: {
    readonly ms: number
    readonly meetingType: Registers.MeetingEntry["meetingType"]
    readonly kind: Registers.MeetingEntry["kind"]
    readonly by: string
    readonly attendees: ReadonlyArray<string>
    readonly served: ReadonlyArray<string>
  } | null
  readonly agenda: ReadonlyArray<AgendaDoc>
  readonly decisions: ReadonlyArray<DecisionDoc>
}

const agendaOrder = byInstantThen<AgendaDoc>((a) => a.ms, (a) => a.itemId, (a) => a.eventId)
const decisionOrder = byInstantThen<DecisionDoc>(
  (d) => d.ms,
  (d) => d.itemId,
  (d) => (d.planId === undefined ? "" : `${d.caseId}\u0000${d.planId}`),
  (d) => d.eventId
)

const judgmentDecision = (e: JudgmentEvent): string =>
  e._tag === "PlanReviewed"
    ? `${reviewLabel[e.outcome]}（${revisionText(e.revision)}）`
    : e._tag === "PlanDecided"
    ? `プラン決定（${revisionText(e.revision)}）`
    : e.outcome === "ended"
    ? "終結"
    : suspensionText(e.suspensionReason)

/** MTG-1…MTG-5, PLN-2: a meeting's stored entry after one more of its events (pure). */
export const evolveMeeting = (doc: MeetingDoc | undefined, e: MeetingEvent): MeetingDoc => {
  const d: MeetingDoc = doc ?? { meetingId: e.meetingId, held: null, agenda: [], decisions: [] }
  const base = { ms: ms(e), eventId: e.eventId }
  switch (e._tag) {
    case "MeetingHeld":
      return { ...d, held: { ms: ms(e), meetingType: e.meetingType, kind: e.kind, by: e.by, attendees: e.attendees, served: e.served } }
    case "CaseTabled":
      return { ...d, agenda: insertSorted(d.agenda, { ...base, itemId: e.itemId, caseId: e.caseId }, agendaOrder) }
    case "DecisionRecorded":
      return { ...d, decisions: insertSorted(d.decisions, { ...base, itemId: e.itemId, caseId: e.caseId, decision: decisionLabel[e.decision] }, decisionOrder) }
    case "TopicDiscussed":
      return { ...d, decisions: insertSorted(d.decisions, { ...base, itemId: e.itemId, caseId: null, decision: topicLabel[e.topic] }, decisionOrder) }
    default:
      return {
        ...d,
        decisions: insertSorted(d.decisions, { ...base, itemId: "", caseId: e.caseId, planId: e.planId, decision: judgmentDecision(e) }, decisionOrder)
      }
  }
}

/** MTG-1…MTG-5: the register entry of a stored meeting (none until it is held), agencies named with `name`. */
export const meetingEntry = (d: MeetingDoc, name: (id: string) => string): Registers.MeetingEntry | undefined => {
  const m = d.held
  if (m === null) return undefined
  return {
    meetingId: d.meetingId,
    at: utc(m.ms),
    meetingType: m.meetingType,
    kind: m.kind,
    host: name(m.by),
    attendees: m.attendees.map(name),
    jointWith: m.served.filter((s) => s !== m.meetingType).map((s) => existingMeetingLabel[s as Meeting.ExistingMeeting] ?? s),
    agenda: [...new Set(d.agenda.map((a) => a.caseId))],
    decisions: d.decisions.map((x) =>
      x.planId === undefined ? { caseId: x.caseId, decision: x.decision } : { caseId: x.caseId!, planId: x.planId, decision: x.decision }
    )
  }
}

/** A stored meeting that has been held (only those are in the meeting log). */
export type HeldMeetingDoc = MeetingDoc & { readonly held: NonNullable<MeetingDoc["held"]> }

/** The meeting log's order: by instant, then meeting id. */
export const meetingOrder = byInstantThen<HeldMeetingDoc>((m) => m.held.ms, (m) => m.meetingId)

// Plans -----------------------------------------------------------------------------------------

/** One event of a plan's history as stored: what the plan register reads of it (no goals, no notes). */
export interface PlanStepDoc {
  readonly tag: PlanEvent["_tag"]
  readonly ms: number
  readonly eventId: string
  readonly kind?: SupportPlan.Kind
  readonly revision?: number
  readonly meetingId?: string
  /** A review's outcome, or an end evaluation's (`ended`, `suspended`). */
  readonly outcome?: string
  readonly suspensionReason?: string
  readonly early?: boolean
}

/** PLN-1…PLN-8: a plan's history as stored (plain JSON), in register order whatever order the events came in. */
export interface PlanDoc {
  readonly caseId: string
  readonly planId: string
  readonly steps: ReadonlyArray<PlanStepDoc>
}

const planStepOrder = byInstantThen<PlanStepDoc>((s) => s.ms, (s) => stepRank[s.tag], (s) => s.eventId)

const planStep = (e: PlanEvent): PlanStepDoc => {
  const base = { tag: e._tag, ms: ms(e), eventId: e.eventId }
  switch (e._tag) {
    case "PlanDrafted":
      return { ...base, kind: e.kind }
    case "PlanRevised":
      return { ...base, kind: e.kind, revision: e.revision }
    case "PlanReviewed":
      return { ...base, kind: e.kind, revision: e.revision, meetingId: e.meetingId, outcome: e.outcome }
    case "PlanDecided":
      return { ...base, kind: e.kind, revision: e.revision, meetingId: e.meetingId }
    case "SupportStarted":
      return { ...base, early: e.early }
    case "PlanEndEvaluated":
      return {
        ...base,
        kind: e.kind,
        meetingId: e.meetingId,
        outcome: e.outcome,
        ...(e.outcome === "suspended" && e.suspensionReason !== undefined ? { suspensionReason: e.suspensionReason } : {})
      }
  }
}

/** PLN-1…PLN-8: a plan's stored history after one more of its events (pure). */
export const evolvePlan = (doc: PlanDoc | undefined, e: PlanEvent): PlanDoc => {
  const d: PlanDoc = doc ?? { caseId: e.caseId, planId: e.planId, steps: [] }
  return { ...d, steps: insertSorted(d.steps, planStep(e), planStepOrder) }
}

/**
 * PLN-1…PLN-8: the register entry of a stored plan. With a fiscal year (TIME-1): the plan as of
 * the end of that year (later steps are not read), or none when it was not in play during the year
 * (drafted after its end, or ended or suspended before its start).
 */
export const planEntry = (d: PlanDoc, fy?: FiscalYear.FiscalYear): Registers.PlanEntry | undefined => {
  const bounds = boundsOf(fy)
  let kind: SupportPlan.Kind | undefined
  let revision = 1
  let status: Registers.PlanEntry["status"] = "draft"
  let started = false
  let decidedAt: DateTime.Utc | null = null
  let endedAt: DateTime.Utc | null = null
  const history: Array<Registers.PlanStep> = []
  for (const s of d.steps) {
    if (bounds !== undefined && s.ms >= bounds.end) break
    const at = utc(s.ms)
    switch (s.tag) {
      case "PlanDrafted":
        kind = s.kind
        revision = 1
        status = "draft"
        history.push({ at, step: "drafted", meetingId: null, revision: 1 })
        break
      case "PlanRevised":
        kind = s.kind
        revision = s.revision!
        status = "draft"
        history.push({ at, step: "revised", meetingId: null, revision: s.revision! })
        break
      case "PlanReviewed":
        kind = s.kind
        if (s.outcome === "sent-back") status = "sent-back"
        else if (status === "draft" || status === "sent-back") status = "reviewed"
        history.push({ at, step: "reviewed", meetingId: s.meetingId!, revision: s.revision!, outcome: s.outcome! })
        break
      case "PlanDecided":
        kind = s.kind
        status = started ? "active" : "decided"
        decidedAt = at
        history.push({ at, step: "decided", meetingId: s.meetingId!, revision: s.revision! })
        break
      case "SupportStarted":
        started = true
        status = "active"
        history.push({ at, step: "started", meetingId: null, ...(s.early === true ? { outcome: "early" } : {}) })
        break
      case "PlanEndEvaluated":
        kind = s.kind
        status = s.outcome as "ended" | "suspended"
        endedAt = at
        history.push({ at, step: s.outcome!, meetingId: s.meetingId!, ...(s.suspensionReason !== undefined ? { outcome: s.suspensionReason } : {}) })
        break
    }
  }
  if (kind === undefined) return undefined
  if (bounds !== undefined && endedAt !== null && Instant.millis(endedAt) < bounds.start) return undefined
  return { planId: d.planId, caseId: d.caseId, program: kind, status, revision, draftedAt: history[0]!.at, decidedAt, endedAt, history }
}

/** The plan register's order: by drafting instant, then case, then plan. */
export const planOrder = byInstantThen<Registers.PlanEntry>((p) => Instant.millis(p.draftedAt), (p) => p.caseId, (p) => p.planId)

// The whole history -----------------------------------------------------------------------------

/**
 * The register entries from domain events (pure; OUT-1, OUT-2, MTG-1…MTG-6, PLN-1…PLN-8, KPI-9,
 * TIME-1), folded with the steps above (the read model `RegisterEntries` keeps the same documents
 * event by event). Events may come in any order and more than once; notes and names are never read.
 */
export const project = (events: Iterable<DomainEvent.DomainEvent>, options: Options = {}): Projection => {
  const name = options.agencyName ?? ((id: string) => id)
  const fy = options.fiscalYear
  const bounds = boundsOf(fy)
  const inYear = (t: number) => bounds === undefined || (bounds.start <= t && t < bounds.end)

  const seen = new Set<string>()
  const contacts: Array<OutreachDoc> = []
  const meetings = new Map<string, MeetingDoc>()
  const plans = new Map<string, PlanDoc>()

  for (const e of events) {
    if (seen.has(e.eventId)) continue
    seen.add(e.eventId)
    if (e._tag === "ContactRecorded") {
      if (inYear(ms(e))) contacts.push(outreachDoc(e))
      continue
    }
    if (meetingTags.has(e._tag)) {
      const m = e as MeetingEvent
      meetings.set(m.meetingId, evolveMeeting(meetings.get(m.meetingId), m))
    }
    if (planTags.has(e._tag)) {
      const p = e as PlanEvent
      const key = `${p.caseId}\u0000${p.planId}`
      plans.set(key, evolvePlan(plans.get(key), p))
    }
  }

  const outreach = contacts.sort(outreachOrder).map((d) => outreachEntry(d, name))
  const meetingEntries = [...meetings.values()]
    .filter((d): d is HeldMeetingDoc => d.held !== null && inYear(d.held.ms))
    .sort(meetingOrder)
    .map((d) => meetingEntry(d, name)!)
  const planEntries: Array<Registers.PlanEntry> = []
  for (const d of plans.values()) {
    const p = planEntry(d, fy)
    if (p !== undefined) planEntries.push(p)
  }
  planEntries.sort(planOrder)
  return { outreach, meetings: meetingEntries, plans: planEntries }
}

// ---------------------------------------------------------------------------------------------
// Reports in one call
// ---------------------------------------------------------------------------------------------

/** Options of a register report without a disclosure hook: case naming (pseudonymous by default), metadata, projection. */
export type EntryReportOptions = Registers.CaseIds & Options & {
  readonly generatedAt: Date
  readonly planRevision: string
  /** Printed on the report; default the fiscal year's label (`令和7年度 (FY2025)`), or `全期間 (all years)`. */
  readonly fiscalYearLabel?: string
}

/** Options of the register reports: case naming (pseudonymous by default), metadata, projection, disclosure. */
export type ReportOptions<E> = EntryReportOptions & {
  /** ACC-1: the sources of a personal field per entry (see `disclosure`); guarded against ACC-2 (module notes). */
  readonly disclose?: RegisterDisclosure.Hook<E>
}

/** The register builder's options (AUD-2 naming, TIME-2 label) for a report without a personal column. */
export const reportOptions = <E>(o: EntryReportOptions): Registers.Options<E> => {
  const naming: Registers.CaseIds = o.caseIds === "plain" ? { caseIds: "plain" } : { exportKey: o.exportKey }
  return {
    ...naming,
    generatedAt: o.generatedAt,
    planRevision: o.planRevision,
    fiscalYearLabel: o.fiscalYearLabel ?? (o.fiscalYear === undefined ? "全期間 (all years)" : FiscalYear.label(o.fiscalYear)),
    ...(o.fiscalYear === undefined ? {} : { fiscalYear: o.fiscalYear })
  }
}

const registerOptions = <E>(
  events: ReadonlyArray<DomainEvent.DomainEvent>,
  o: ReportOptions<E>
): Registers.Options<E> => ({
  ...reportOptions<E>(o),
  ...(o.disclose === undefined ? {} : { disclose: RegisterDisclosure.guardSupportMeetingOnly(events, o.disclose) })
})

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
