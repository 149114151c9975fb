/**
 * Registers: the outreach log, the meeting log and the plan register (OUT-2, MTG-1…MTG-6,
 * PLN-1…PLN-8, ACC-1, ACC-2, AUD-2, TIME-1, TIME-2).
 *
 * A register is one row per record, streamed (a generator over the entries), so a
 * 500,000-row register is never held in memory. Builders take small entry interfaces
 * ({@link OutreachEntry}, {@link MeetingEntry}, {@link PlanEntry}) that an event-store read
 * model fills.
 *
 * Personal data (AUD-2, ACC-1, ACC-2):
 *
 * - Cases are named by **pseudonymous case ids** by default: `HMAC-SHA-256(export key, case id)`
 *   truncated ({@link Pseudonym}); stable for one export key, not reversible without it. Plain
 *   case ids only with `caseIds: "plain"`, for the city's own internal use.
 * - Free-text notes, names and addresses are never columns of a register. The only way a personal
 *   field leaves is the optional `disclose` hook: it must be built on the disclosure rules
 *   (`Disclosure`, ACC-1: setting, membership, consent at that time; ACC-2: information whose only
 *   basis is the support meeting never flows into an export) and returns `null` when disclosure is
 *   denied. Its column is flagged `personal`, so an aggregate table can never carry it.
 *
 * @module
 */
import * as FiscalYear from "./FiscalYear.ts"
import * as Pseudonym from "./Pseudonym.ts"
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
   * ACC-1, ACC-2: a personal field for the entry, only where the disclosure rules allow it for
   * this export's recipient; `null` when denied. Without it, no personal column exists.
   */
  readonly disclose?: (entry: E) => string | null
}

const caseNamer = (o: CaseIds): (caseId: string) => string =>
  o.caseIds === "plain" ? (id) => id : Pseudonym.make(o.exportKey)

const caseColumnLabel = (o: CaseIds) =>
  o.caseIds === "plain"
    ? Report.column("case", "text", "ケースID", "Case id", { width: 20 })
    : Report.column("case", "text", "ケース（仮名ID）", "Case (pseudonymous id)", { width: 22 })

const personalColumn = Report.column("disclosed", "text", "開示情報", "Disclosed information", { width: 40, personal: true })

const dateOf = (d: Date): string => Report.formatDateTimeJst(d).slice(0, 10)

// ---------------------------------------------------------------------------------------------
// Outreach log (OUT-1, OUT-2, KPI-1)
// ---------------------------------------------------------------------------------------------

/** One outreach contact (OUT-1). */
export interface OutreachEntry {
  readonly contactId: string
  readonly at: Date
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

const activityLabel: Record<OutreachEntry["activity"], string> = {
  individual: "個別支援 (individual support)",
  agency: "関係機関訪問 (agency visit)",
  organisation: "関係団体訪問 (organisation visit)",
  resident: "地域住民訪問 (resident visit)"
}

/** OUT-2: contacts with individuals and agencies count toward KPI-1; resident visits are reported apart. */
export const countsTowardKpi1 = (e: OutreachEntry): boolean => e.activity !== "resident"

/** OUT-2: the outreach log (アウトリーチ記録), one row per contact. */
export const outreachLog = (entries: () => Iterable<OutreachEntry>, options: Options<OutreachEntry>): Report.Report => {
  const name = caseNamer(options)
  const disclose = options.disclose
  const columns = [
    Report.column("contact", "text", "記録ID", "Contact id", { width: 16 }),
    Report.column("at", "datetime", "日時", "At"),
    Report.column("fiscalYear", "text", "年度", "Fiscal year", { width: 20 }),
    Report.column("activity", "text", "種別", "Activity", { width: 28 }),
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
      rows: function*() {
        for (const e of entries()) {
          yield {
            contact: e.contactId,
            at: e.at,
            fiscalYear: FiscalYear.label(FiscalYear.ofInstant(e.at)),
            activity: activityLabel[e.activity],
            counterpart: e.counterpart,
            case: e.caseId === null ? null : name(e.caseId),
            mode: e.mode,
            by: e.by,
            kpi1: countsTowardKpi1(e),
            ...(disclose === undefined ? {} : { disclosed: disclose(e) })
          }
        }
      }
    }]
  })
}

// ---------------------------------------------------------------------------------------------
// Meeting log (MTG-1…MTG-6, KPI-2)
// ---------------------------------------------------------------------------------------------

/** One meeting (MTG-1…MTG-5). */
export interface MeetingEntry {
  readonly meetingId: string
  readonly at: Date
  readonly meetingType: "support-meeting" | "multi-layered-support-meeting"
  readonly kind: "regular" | "ad-hoc" | "individual-case" | "overall-promotion"
  /** The hosting agency (MTG-2: the city; MTG-4: the multi-agency operator). */
  readonly host: string
  /** Attending agencies (names of bodies). */
  readonly attendees: ReadonlyArray<string>
  /** MTG-5: the existing meetings it was held jointly with (empty when not joint). */
  readonly jointWith: ReadonlyArray<string>
  /** Decisions on tabled cases (MTG-3) and topics (MTG-4), as codes or short labels, per case. */
  readonly decisions: ReadonlyArray<{ readonly caseId: string | null; readonly decision: string }>
}

const meetingTypeLabel: Record<MeetingEntry["meetingType"], string> = {
  "support-meeting": "支援会議 (support meeting)",
  "multi-layered-support-meeting": "重層的支援会議 (multi-layered support meeting)"
}
const meetingKindLabel: Record<MeetingEntry["kind"], string> = {
  regular: "定期 (regular)",
  "ad-hoc": "随時 (ad hoc)",
  "individual-case": "個別支援会議 (individual case)",
  "overall-promotion": "全体推進会議 (overall promotion)"
}

/** MTG-6: a support meeting held counts toward KPI-2, once even when held jointly. */
export const countsTowardKpi2 = (m: MeetingEntry): boolean => m.meetingType === "support-meeting"

/** MTG-1…MTG-6: the meeting log (会議記録): type, host, attendees by agency, decisions, joint holding. */
export const meetingLog = (entries: () => Iterable<MeetingEntry>, options: Options<MeetingEntry>): Report.Report => {
  const name = caseNamer(options)
  const disclose = options.disclose
  const columns = [
    Report.column("meeting", "text", "会議ID", "Meeting id", { width: 16 }),
    Report.column("at", "datetime", "日時", "At"),
    Report.column("fiscalYear", "text", "年度", "Fiscal year", { width: 20 }),
    Report.column("type", "text", "会議種別", "Meeting type", { width: 30 }),
    Report.column("kind", "text", "区分", "Kind", { width: 24 }),
    Report.column("host", "text", "主催", "Host", { width: 24 }),
    Report.column("attendees", "text", "出席機関", "Attending agencies", { width: 48 }),
    Report.column("attendeeCount", "integer", "出席機関数", "Agencies attending"),
    Report.column("joint", "boolean", "併用開催", "Held jointly"),
    Report.column("jointWith", "text", "併用した会議", "Held jointly with", { width: 30 }),
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
      rows: function*() {
        for (const m of entries()) {
          yield {
            meeting: m.meetingId,
            at: m.at,
            fiscalYear: FiscalYear.label(FiscalYear.ofInstant(m.at)),
            type: meetingTypeLabel[m.meetingType],
            kind: meetingKindLabel[m.kind],
            host: m.host,
            attendees: m.attendees.join("\n"),
            attendeeCount: m.attendees.length,
            joint: m.jointWith.length > 0,
            jointWith: m.jointWith.length === 0 ? null : m.jointWith.join("\n"),
            decisionCount: m.decisions.length,
            decisions: m.decisions.length === 0
              ? null
              : m.decisions.map((d) => d.caseId === null ? d.decision : `${name(d.caseId)}: ${d.decision}`).join("\n"),
            kpi2: countsTowardKpi2(m),
            ...(disclose === undefined ? {} : { disclosed: disclose(m) })
          }
        }
      }
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
  readonly status: "draft" | "reviewed" | "decided" | "active" | "ended" | "suspended"
  /** 1 for the first plan, 2… for re-plans (PLN-3). */
  readonly revision: number
  readonly draftedAt: Date
  readonly decidedAt: Date | null
  readonly endedAt: Date | null
  /** Reviews and decisions, in order (PLN-2): what happened, when, at which meeting. */
  readonly history: ReadonlyArray<{ readonly at: Date; readonly step: string; readonly meetingId: string | null }>
}

const programLabel: Record<PlanEntry["program"], string> = {
  "multi-agency": "多機関協働 (multi-agency)",
  "participation-support": "参加支援 (participation support)",
  outreach: "アウトリーチ (outreach)"
}
const statusLabel: Record<PlanEntry["status"], string> = {
  draft: "起案 (draft)",
  reviewed: "検討済 (reviewed)",
  decided: "決定 (decided)",
  active: "支援中 (active)",
  ended: "終結 (ended)",
  suspended: "中断 (suspended)"
}

/** PLN-1…PLN-8: the plan register (支援プラン台帳): status, dates, review and decision history. */
export const planRegister = (entries: () => Iterable<PlanEntry>, options: Options<PlanEntry>): Report.Report => {
  const name = caseNamer(options)
  const disclose = options.disclose
  const columns = [
    Report.column("plan", "text", "プランID", "Plan id", { width: 16 }),
    caseColumnLabel(options),
    Report.column("program", "text", "事業", "Program", { width: 28 }),
    Report.column("revision", "integer", "版", "Revision"),
    Report.column("status", "text", "状態", "Status", { width: 18 }),
    Report.column("drafted", "date", "起案日", "Drafted"),
    Report.column("reviews", "integer", "検討回数", "Reviews"),
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
      rows: function*() {
        for (const p of entries()) {
          yield {
            plan: p.planId,
            case: name(p.caseId),
            program: programLabel[p.program],
            revision: p.revision,
            status: statusLabel[p.status],
            drafted: dateOf(p.draftedAt),
            reviews: p.history.filter((h) => h.step === "reviewed").length,
            decided: p.decidedAt === null ? null : dateOf(p.decidedAt),
            ended: p.endedAt === null ? null : dateOf(p.endedAt),
            history: p.history.length === 0
              ? null
              : p.history.map((h) => `${dateOf(h.at)} ${h.step}${h.meetingId === null ? "" : ` (${h.meetingId})`}`).join("\n"),
            ...(disclose === undefined ? {} : { disclosed: disclose(p) })
          }
        }
      }
    }]
  })
}
