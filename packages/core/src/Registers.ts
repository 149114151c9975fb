/**
 * Registers: the outreach log, the meeting log and the plan register (OUT-2, MTG-1…MTG-6,
 * PLN-1…PLN-8, ACC-1, ACC-2, AUD-2, TIME-1, TIME-2).
 *
 * A register is one row per record, streamed (a generator over the entries), so a
 * 500,000-row register is never held in memory. Builders take small entry interfaces
 * ({@link OutreachEntry}, {@link MeetingEntry}, {@link PlanEntry}) that an event-store read
 * model fills; `RegisterProjection` fills them from the domain events.
 *
 * Cells are Japanese only, in the wording staff use (`RegisterLabels`: `家庭訪問`, `プラン決定 第2版`,
 * `中断（連絡が取れない）`); headers are bilingual, and the classifications staff filter on carry their
 * English form in a second column (`activityEn`, `kindEn`, `statusEn`), never in parentheses in a cell.
 *
 * Personal data (AUD-2, ACC-1, ACC-2):
 *
 * - Cases are named by **pseudonymous case ids** by default: `HMAC-SHA-256(export key, case id)`
 *   truncated ({@link Pseudonym}); stable for one export key, not reversible without it. Plan ids
 *   and contact ids are keys of a case record too (a client may even spell a case id into them), so
 *   they are pseudonymised the same way (`pl-…`, `ct-…`, each in its own HMAC domain). Meeting
 *   ids name meetings, not people, and stay plain. Plain ids only with `caseIds: "plain"`, for the
 *   city's own internal use.
 * - Free-text notes, names and addresses are never columns of a register. The only way a personal
 *   field leaves is the optional `disclose` hook: it must be built on the disclosure rules
 *   (`Disclosure`, ACC-1: setting, membership, consent at that time; ACC-2: information whose only
 *   basis is the support meeting never flows into an export) and returns `null` when disclosure is
 *   denied. Its column is flagged `personal`, so an aggregate table can never carry it.
 *
 * @module
 */
import { DateTime, Stream } from "effect"
import * as FiscalYear from "./FiscalYear.ts"
import * as JapanTime from "./JapanTime.ts"
import * as Pseudonym from "./Pseudonym.ts"
import * as Labels from "./RegisterLabels.ts"
import * as Report from "./Report.ts"

// ---------------------------------------------------------------------------------------------
// Case ids
// ---------------------------------------------------------------------------------------------

/** How registers name cases: pseudonymous (default; needs an export key) or plain ids (internal use only). */
export type CaseIds =
  | { readonly caseIds?: "pseudonymous"; readonly exportKey: Pseudonym.ExportKey }
  | { readonly caseIds: "plain" }

/** Options shared by every register. */
export type Options<E> = CaseIds & {
  readonly generatedAt: Date
  /** The fiscal year (or period) label printed on the report (TIME-2). */
  readonly fiscalYearLabel: string
  readonly planRevision: string
  /**
   * The fiscal year the register is for (TIME-1), when it is for one: the plan register then adds
   * the reviews and decisions of that year per plan (per kind); KPI-3 and KPI-4 count them per case
   * and meeting (PLN-8, `IndicatorProjection.countingRule`), so the sums are never below the indicators.
   */
  readonly fiscalYear?: FiscalYear.FiscalYear
  /**
   * ACC-1, ACC-2: a personal field for the entry, only where the disclosure rules allow it for
   * this export's recipient; `null` when denied. Without it, no personal column exists.
   */
  readonly disclose?: (entry: E) => string | null
}

const caseNamer = (o: CaseIds): (caseId: string) => string =>
  o.caseIds === "plain" ? (id) => id : Pseudonym.make(o.exportKey)

/** Plan ids are unique within their case: the pseudonym keys on both. */
const planNamer = (o: CaseIds): (caseId: string, planId: string) => string => {
  if (o.caseIds === "plain") return (_caseId, planId) => planId
  const p = Pseudonym.make(o.exportKey, { prefix: "pl-", domain: "plan" })
  return (caseId, planId) => p(`${caseId}\u0000${planId}`)
}

const contactNamer = (o: CaseIds): (contactId: string) => string =>
  o.caseIds === "plain" ? (id) => id : Pseudonym.make(o.exportKey, { prefix: "ct-", domain: "contact" })

/**
 * AUD-2, ACC-2: an organisation outside the directory is written in free text when a contact is
 * recorded; a pseudonymous register never prints that text, only a keyed pseudonym (`og-…`), so
 * visits to one organisation still group together.
 */
const organisationNamer = (o: CaseIds): (organisation: string) => string => {
  if (o.caseIds === "plain") return (name) => name
  const p = Pseudonym.make(o.exportKey, { prefix: "og-", domain: "organisation" })
  return (name) => `団体（仮名）${p(name)}`
}

const recordIdLabel = (o: CaseIds, ja: string, en: string) =>
  o.caseIds === "plain" ? { ja, en } : { ja: `${ja}（仮名）`, en: `${en} (pseudonymous)` }

const caseColumnLabel = (o: CaseIds) =>
  o.caseIds === "plain"
    ? Report.column("case", "text", "ケースID", "Case id", { width: 20 })
    : Report.column("case", "text", "ケース（仮名ID）", "Case (pseudonymous id)", { width: 22 })

const personalColumn = Report.column("disclosed", "text", "開示情報", "Disclosed information", { width: 40, personal: true })

const dateOf = (d: DateTime.Utc): string => JapanTime.formatDate(d)

/**
 * Where a register's entries come from: an iterable (a fold of the history) or an Effect `Stream`
 * (a read model, page by page: `ReadSide`); called once per export.
 */
export type EntrySource<E> = () => Iterable<E> | Stream.Stream<E, unknown>

/** A register's rows: one per entry, streamed as the entries are (never collected). */
const rowsOf = <E, R>(entries: EntrySource<E>, row: (e: E) => R) => () => {
  const source = entries()
  return Stream.isStream(source)
    ? Stream.map(source as Stream.Stream<E, unknown>, row)
    : (function*() {
      for (const e of source) yield row(e)
    })()
}

// ---------------------------------------------------------------------------------------------
// Outreach log (OUT-1, OUT-2, KPI-1)
// ---------------------------------------------------------------------------------------------

/** One outreach contact (OUT-1). */
export interface OutreachEntry {
  readonly contactId: string
  readonly at: DateTime.Utc
  /** `individual` support, a visit to an `agency` or `organisation`, or a `resident` visit. */
  readonly activity: "individual" | "agency" | "organisation" | "resident"
  /** The agency or organisation visited (names of bodies, not people). */
  readonly counterpart: string | null
  /** The case, for individual support. */
  readonly caseId: string | null
  /** How: home visit, accompaniment, phone, … (individual support). */
  readonly mode: string | null
  /** The CSW's agency. */
  readonly by: string
}

/** OUT-2: contacts with individuals and agencies count toward KPI-1; resident visits are reported apart. */
export const countsTowardKpi1 = (e: OutreachEntry): boolean => e.activity !== "resident"

/** OUT-2: the outreach log (アウトリーチ記録), one row per contact. */
export const outreachLog = (entries: EntrySource<OutreachEntry>, options: Options<OutreachEntry>): Report.Report => {
  const name = caseNamer(options)
  const contact = contactNamer(options)
  const organisation = organisationNamer(options)
  const contactLabel = recordIdLabel(options, "記録ID", "Contact id")
  const disclose = options.disclose
  const columns = [
    Report.column("contact", "text", contactLabel.ja, contactLabel.en, { width: 22 }),
    Report.column("at", "datetime", "日時", "At"),
    Report.column("fiscalYear", "text", "年度", "Fiscal year", { width: 12 }),
    Report.column("activity", "text", "種別", "Activity", { width: 16 }),
    Report.column("activityEn", "text", "種別（英語）", "Activity (English)", { width: 20 }),
    Report.column("counterpart", "text", "訪問先", "Visited", { width: 28 }),
    caseColumnLabel(options),
    Report.column("mode", "text", "方法", "Mode", { width: 14 }),
    Report.column("by", "text", "実施機関", "By", { width: 24 }),
    Report.column("kpi1", "boolean", "KPI-1計上", "Counts toward KPI-1"),
    ...(disclose === undefined ? [] : [personalColumn])
  ]
  return Report.make({
    id: "outreach-log",
    titleJa: "アウトリーチ記録",
    titleEn: "Outreach log",
    metadata: { fiscalYearLabel: options.fiscalYearLabel, generatedAt: options.generatedAt, planRevision: options.planRevision },
    tables: [{
      id: "outreach",
      titleJa: "アウトリーチ記録",
      titleEn: "Outreach log",
      kind: "register",
      columns,
      rows: rowsOf(entries, (e) => ({
        contact: contact(e.contactId),
        at: DateTime.toDateUtc(e.at),
        fiscalYear: FiscalYear.labelJa(FiscalYear.ofInstant(e.at)),
        activity: Labels.activityLabel[e.activity].ja,
        activityEn: Labels.activityLabel[e.activity].en,
        counterpart: e.activity === "organisation" && e.counterpart !== null ? organisation(e.counterpart) : e.counterpart,
        case: e.caseId === null ? null : name(e.caseId),
        mode: e.mode,
        by: e.by,
        kpi1: countsTowardKpi1(e),
        ...(disclose === undefined ? {} : { disclosed: disclose(e) })
      }))
    }]
  })
}

// ---------------------------------------------------------------------------------------------
// Meeting log (MTG-1…MTG-6, KPI-2)
// ---------------------------------------------------------------------------------------------

/** One meeting (MTG-1…MTG-5). */
export interface MeetingEntry {
  readonly meetingId: string
  readonly at: DateTime.Utc
  readonly meetingType: "support-meeting" | "multi-layered-support-meeting"
  readonly kind: "regular" | "ad-hoc" | "individual-case" | "overall-promotion"
  /** The hosting agency (MTG-2: the city; MTG-4: the multi-agency operator). */
  readonly host: string
  /** Attending agencies (names of bodies). */
  readonly attendees: ReadonlyArray<string>
  /** MTG-5: the existing meetings it was held jointly with (empty when not joint). */
  readonly jointWith: ReadonlyArray<string>
  /** MTG-3, MTG-4: the cases on the agenda (case ids; printed pseudonymous). Absent: no agenda column value. */
  readonly agenda?: ReadonlyArray<string>
  /**
   * Decisions on tabled cases (MTG-3), topics (MTG-4) and plan judgments (PLN-2), as codes or
   * short labels, per case (and plan: its id is printed pseudonymous like the case's).
   */
  readonly decisions: ReadonlyArray<{ readonly caseId: string | null; readonly planId?: string | null; readonly decision: string }>
}

/** MTG-6: a support meeting held counts toward KPI-2, once even when held jointly. */
export const countsTowardKpi2 = (m: MeetingEntry): boolean => m.meetingType === "support-meeting"

/** MTG-1…MTG-6: the meeting log (会議記録): type, host, attendees by agency, decisions, joint holding. */
export const meetingLog = (entries: EntrySource<MeetingEntry>, options: Options<MeetingEntry>): Report.Report => {
  const name = caseNamer(options)
  const plan = planNamer(options)
  const disclose = options.disclose
  const decisionText = (d: MeetingEntry["decisions"][number]): string =>
    d.caseId === null
      ? d.decision
      : `${name(d.caseId)}${d.planId === undefined || d.planId === null ? "" : ` ${plan(d.caseId, d.planId)}`}: ${d.decision}`
  const columns = [
    Report.column("meeting", "text", "会議ID", "Meeting id", { width: 16 }),
    Report.column("at", "datetime", "日時", "At"),
    Report.column("fiscalYear", "text", "年度", "Fiscal year", { width: 12 }),
    Report.column("type", "text", "会議種別", "Meeting type", { width: 16 }),
    Report.column("kind", "text", "区分", "Kind", { width: 14 }),
    Report.column("kindEn", "text", "区分（英語）", "Kind (English)", { width: 26 }),
    Report.column("host", "text", "主催", "Host", { width: 24 }),
    Report.column("attendees", "text", "出席機関", "Attending agencies", { width: 48 }),
    Report.column("attendeeCount", "integer", "出席機関数", "Agencies attending"),
    Report.column("joint", "boolean", "併用開催", "Held jointly"),
    Report.column("jointWith", "text", "併用した会議", "Held jointly with", { width: 30 }),
    Report.column("agendaCount", "integer", "議題のケース数", "Cases on the agenda"),
    Report.column("agenda", "text", options.caseIds === "plain" ? "議題（ケースID）" : "議題（仮名ID）", options.caseIds === "plain" ? "Agenda (case ids)" : "Agenda (pseudonymous ids)", { width: 24 }),
    Report.column("decisionCount", "integer", "決定件数", "Decisions"),
    Report.column("decisions", "text", "決定事項", "Decisions", { width: 48 }),
    Report.column("kpi2", "boolean", "KPI-2計上", "Counts toward KPI-2"),
    ...(disclose === undefined ? [] : [personalColumn])
  ]
  return Report.make({
    id: "meeting-log",
    titleJa: "会議記録",
    titleEn: "Meeting log",
    metadata: { fiscalYearLabel: options.fiscalYearLabel, generatedAt: options.generatedAt, planRevision: options.planRevision },
    tables: [{
      id: "meetings",
      titleJa: "会議記録",
      titleEn: "Meeting log",
      kind: "register",
      columns,
      rows: rowsOf(entries, (m) => ({
        meeting: m.meetingId,
        at: DateTime.toDateUtc(m.at),
        fiscalYear: FiscalYear.labelJa(FiscalYear.ofInstant(m.at)),
        type: Labels.meetingTypeLabel[m.meetingType],
        kind: Labels.meetingKindLabel[m.kind].ja,
        kindEn: Labels.meetingKindLabel[m.kind].en,
        host: m.host,
        attendees: m.attendees.join("\n"),
        attendeeCount: m.attendees.length,
        joint: m.jointWith.length > 0,
        jointWith: m.jointWith.length === 0 ? null : m.jointWith.join("\n"),
        agendaCount: m.agenda === undefined ? null : m.agenda.length,
        agenda: m.agenda === undefined || m.agenda.length === 0 ? null : m.agenda.map(name).join("\n"),
        decisionCount: m.decisions.length,
        decisions: m.decisions.length === 0 ? null : m.decisions.map(decisionText).join("\n"),
        kpi2: countsTowardKpi2(m),
        ...(disclose === undefined ? {} : { disclosed: disclose(m) })
      }))
    }]
  })
}

// ---------------------------------------------------------------------------------------------
// Plan register (PLN-1…PLN-8, KPI-3, KPI-4)
// ---------------------------------------------------------------------------------------------

/** One support plan with its history (PLN-1…PLN-8). */
export interface PlanEntry {
  readonly planId: string
  readonly caseId: string
  readonly program: "multi-agency" | "participation-support" | "outreach"
  readonly status: "draft" | "sent-back" | "reviewed" | "decided" | "active" | "ended" | "suspended"
  /** 1 for the first plan, 2… for re-plans (PLN-3). */
  readonly revision: number
  readonly draftedAt: DateTime.Utc
  readonly decidedAt: DateTime.Utc | null
  readonly endedAt: DateTime.Utc | null
  /**
   * Drafts, reviews, decisions, start and end, in order (PLN-2, PLN-3, PLN-8): what happened, when,
   * at which meeting, for which revision, with what outcome. `step` is `drafted`, `revised`,
   * `reviewed`, `decided`, `started`, `ended` or `suspended` (a `reviewed` step counts toward
   * KPI-3, a `decided` step toward KPI-4).
   */
  readonly history: ReadonlyArray<PlanStep>
}

/** One step of a plan's history (PLN-8). */
export interface PlanStep {
  readonly at: DateTime.Utc
  readonly step: string
  readonly meetingId: string | null
  /** The plan revision the step concerns (PLN-3). */
  readonly revision?: number
  /** A code: a review's outcome (`approved`, `sent-back`), a suspension's reason (`contact-lost`, …), `early` for an early start (PLN-5); printed in Japanese. */
  readonly outcome?: string
}

/** PLN-8: the steps of a plan's history that count toward KPI-3 (`reviewed`) and KPI-4 (`decided`) in a fiscal year. */
export const countSteps = (history: ReadonlyArray<PlanStep>, step: "reviewed" | "decided", fy?: FiscalYear.FiscalYear): number => {
  let n = 0
  for (const h of history) if (h.step === step && (fy === undefined || FiscalYear.contains(fy, h.at))) n++
  return n
}

const stepText = (h: PlanStep): string => Labels.historyLine(dateOf(h.at), h)

/** PLN-1…PLN-8: the plan register (支援プラン台帳): status, dates, review and decision history. */
export const planRegister = (entries: EntrySource<PlanEntry>, options: Options<PlanEntry>): Report.Report => {
  const name = caseNamer(options)
  const plan = planNamer(options)
  const planLabel = recordIdLabel(options, "プランID", "Plan id")
  const disclose = options.disclose
  const fy = options.fiscalYear
  const columns = [
    Report.column("plan", "text", planLabel.ja, planLabel.en, { width: 22 }),
    caseColumnLabel(options),
    Report.column("program", "text", "事業", "Program", { width: 34 }),
    Report.column("revision", "integer", "版", "Revision"),
    Report.column("status", "text", "状態", "Status", { width: 10 }),
    Report.column("statusEn", "text", "状態（英語）", "Status (English)", { width: 12 }),
    Report.column("drafted", "date", "起案日", "Drafted"),
    Report.column("reviews", "integer", "検討回数", "Reviews"),
    Report.column("decisions", "integer", "決定回数", "Decisions"),
    ...(fy === undefined ? [] : [
      Report.column("reviewsInYear", "integer", "当年度の検討回数 (KPI-3)", `Reviews in ${FiscalYear.labelEn(fy)} (KPI-3)`),
      Report.column("decisionsInYear", "integer", "当年度の決定回数 (KPI-4)", `Decisions in ${FiscalYear.labelEn(fy)} (KPI-4)`)
    ]),
    Report.column("decided", "date", "決定日", "Decided"),
    Report.column("ended", "date", "終結・中断日", "Ended or suspended"),
    Report.column("history", "text", "検討・決定の経過", "Review and decision history", { width: 60 }),
    ...(disclose === undefined ? [] : [personalColumn])
  ]
  return Report.make({
    id: "plan-register",
    titleJa: "支援プラン台帳",
    titleEn: "Plan register",
    metadata: { fiscalYearLabel: options.fiscalYearLabel, generatedAt: options.generatedAt, planRevision: options.planRevision },
    tables: [{
      id: "plans",
      titleJa: "支援プラン台帳",
      titleEn: "Plan register",
      kind: "register",
      columns,
      rows: rowsOf(entries, (p) => ({
        plan: plan(p.caseId, p.planId),
        case: name(p.caseId),
        program: Labels.programLabel[p.program],
        revision: p.revision,
        status: Labels.statusLabel[p.status].ja,
        statusEn: Labels.statusLabel[p.status].en,
        drafted: dateOf(p.draftedAt),
        reviews: countSteps(p.history, "reviewed"),
        decisions: countSteps(p.history, "decided"),
        ...(fy === undefined ? {} : { reviewsInYear: countSteps(p.history, "reviewed", fy), decisionsInYear: countSteps(p.history, "decided", fy) }),
        decided: p.decidedAt === null ? null : dateOf(p.decidedAt),
        ended: p.endedAt === null ? null : dateOf(p.endedAt),
        history: p.history.length === 0
          ? null
          : p.history.map(stepText).join("\n"),
        ...(disclose === undefined ? {} : { disclosed: disclose(p) })
      }))
    }]
  })
}
