/**
 * The indicators per fiscal year, from recorded events and surveys (KPI-9, KPI-0, MTG-6, PLN-8,
 * OUT-2, TIME-1; seed §7(3)).
 *
 * KPI-1…KPI-4 are counted from domain events, each in the fiscal year (Japan time) of the instant
 * it happened, whatever the host's time zone and whatever the order the events are given in:
 *
 * | indicator | counts |
 * |---|---|
 * | KPI-1 CSW outreach contacts | `ContactRecorded` with an individual or an agency (OUT-2); resident visits are reported apart |
 * | KPI-2 support meetings held | `MeetingHeld` of a support meeting, once per meeting even when held jointly (MTG-5, MTG-6) |
 * | KPI-3 plans reviewed (検討件数) | one per case and individual case meeting with a `PlanReviewed` (PLN-8, {@link countingRule}) |
 * | KPI-4 plans decided (決定件数) | one per case and individual case meeting with a `PlanDecided` (PLN-8) |
 *
 * KPI-5…KPI-8 are survey results entered with their survey year and sample size: recorded as
 * `SurveyResultRecorded` events (the `Survey` module; {@link surveysFrom} gives the ones in force),
 * and/or given to {@link report} as an argument (an argument entry wins over a recorded result for
 * the same indicator and survey year). The report for a fiscal year gives, per indicator, the
 * actual value, the baseline (none is not zero), the target, the progress toward the target in the
 * indicator's direction (`Indicator.progress`) and whether the actual is on the trajectory toward
 * the target year (`Indicator.isOnTrack`, starting from the catalog's first plan year for
 * indicators without a baseline).
 *
 * All functions here are pure: reports and exporters build on them.
 *
 * @module
 */
import { Result, Schema } from "effect"
import type * as Catalog from "./Catalog.ts"
import type * as DomainEvent from "./DomainEvent.ts"
import * as FiscalYear from "./FiscalYear.ts"
import * as Indicator from "./Indicator.ts"
import * as Instant from "./Instant.ts"
import * as Outreach from "./outreach/index.ts"
import type * as SupportPlan from "./SupportPlan.ts"
import * as Survey from "./survey/index.ts"

/** KPI-3, KPI-4: a count per plan kind. */
export interface ByKind {
  readonly "multi-agency": number
  readonly "participation-support": number
  readonly outreach: number
}

/**
 * PLN-8, KPI-3, KPI-4: the counting rule and its reading of the plan, for the docs and the report's
 * notes. The plan (§5イ①, seed L436) reviews the multi-agency plan
 * 「アウトリーチ等を通じた継続的支援事業者、参加支援事業者が作成したプランや再作成したプランがある場合はこれらのプランを含む」:
 * so one case's plans reviewed together at one meeting are one 検討.
 */
export const countingRule = {
  ja: "KPI-3（検討件数）は、1つの個別支援会議で1つの事例のプランを検討した回数を1件と数える（多機関協働のプランは「これらのプランを含む」（計画5イ①）ため、同じ会議で検討したアウトリーチ・参加支援のプランを別件としない）。差し戻した検討も1件。後の会議で再作成したプランを検討すれば再び数える。KPI-4（決定件数）も、1つの会議で1つの事例のプランを決定したことを1件と数える。プランの種類別の件数は支援プラン台帳に残す。",
  en: "KPI-3 (plans reviewed) counts one review per case per individual case meeting: the multi-agency plan is reviewed including the outreach and participation plans of the case (plan §5イ①: これらのプランを含む), so they are not counted apart. A review that sends a plan back counts; a re-made plan reviewed at a later meeting counts again. KPI-4 (plans decided) likewise counts one decision per case per meeting. Counts per plan kind stay in the plan register."
} as const

/** KPI-9: what a fiscal year's events count. */
export interface Counts {
  /** OUT-2: outreach contacts with individuals, with agencies (both in KPI-1) and resident visits (not in KPI-1). */
  readonly outreach: { readonly individual: number; readonly agency: number; readonly resident: number }
  /** MTG-6: support meetings held (KPI-2). */
  readonly supportMeetings: number
  /** PLN-8: plan reviews (KPI-3), by plan kind. */
  readonly plansReviewed: ByKind
  /** PLN-8: plan decisions (KPI-4), by plan kind. */
  readonly plansDecided: ByKind
  /** PLN-8: reviews (検討, KPI-3): one per case and meeting, whatever the number of plans ({@link countingRule}). */
  readonly reviews: number
  /** PLN-8: decisions (決定, KPI-4): one per case and meeting. */
  readonly decisions: number
}

const zeroByKind: ByKind = { "multi-agency": 0, "participation-support": 0, outreach: 0 }

/** No events. */
export const emptyCounts: Counts = {
  outreach: { individual: 0, agency: 0, resident: 0 },
  supportMeetings: 0,
  plansReviewed: zeroByKind,
  plansDecided: zeroByKind,
  reviews: 0,
  decisions: 0
}

const addKind = (b: ByKind, kind: SupportPlan.Kind): ByKind => ({ ...b, [kind]: b[kind] + 1 })

/** PLN-8: the case and meeting a plan judgment belongs to: the unit of KPI-3 and KPI-4. */
export const occasion = (e: { readonly caseId: string; readonly meetingId: string }): string => `${e.caseId}\u0000${e.meetingId}`

/** KPI-3, KPI-4 (PLN-8): `first` is false when the case's plans were already counted at that meeting. */
const add = (c: Counts, e: DomainEvent.DomainEvent, first: boolean): Counts => {
  switch (e._tag) {
    case "ContactRecorded": {
      const k = Outreach.countsAs(e.activity)
      return { ...c, outreach: { ...c.outreach, [k]: c.outreach[k] + 1 } }
    }
    case "MeetingHeld":
      return e.meetingType === "support-meeting" ? { ...c, supportMeetings: c.supportMeetings + 1 } : c
    case "PlanReviewed":
      return { ...c, plansReviewed: addKind(c.plansReviewed, e.kind), reviews: c.reviews + (first ? 1 : 0) }
    case "PlanDecided":
      return { ...c, plansDecided: addKind(c.plansDecided, e.kind), decisions: c.decisions + (first ? 1 : 0) }
    default:
      return c
  }
}

/**
 * KPI-9: counts per fiscal year (TIME-1: Japan time). An event given twice (same `eventId`)
 * counts once. KPI-3 and KPI-4 count per case and meeting (PLN-8, {@link countingRule}) within a
 * fiscal year.
 */
export const count = (events: Iterable<DomainEvent.DomainEvent>): ReadonlyMap<FiscalYear.FiscalYear, Counts> => {
  const seen = new Set<string>()
  const unique: Array<DomainEvent.DomainEvent> = []
  for (const e of events) {
    if (seen.has(e.eventId)) continue
    seen.add(e.eventId)
    unique.push(e)
  }
  const counted = judgmentsCounted(unique)
  const out = new Map<FiscalYear.FiscalYear, Counts>()
  for (const e of unique) {
    const fy = FiscalYear.ofInstant(e.at)
    const before = out.get(fy) ?? emptyCounts
    const after = add(before, e, counted.has(e.eventId))
    if (after !== before || out.has(fy)) out.set(fy, after)
  }
  return out
}

/**
 * PLN-8: the ids of the judgment events that count toward KPI-3 and KPI-4: per fiscal year, case,
 * meeting and kind of judgment, the earliest (then the smallest event id), whatever the order of
 * the events. (A meeting is held on one day, so per fiscal year is per meeting; keying on the year
 * too lets a projection keep each year's counters apart.)
 */
const judgmentsCounted = (events: ReadonlyArray<DomainEvent.DomainEvent>): ReadonlySet<string> => {
  const first = new Map<string, { readonly eventId: string; readonly ms: number }>()
  for (const e of events) {
    if (e._tag !== "PlanReviewed" && e._tag !== "PlanDecided") continue
    const key = `${e._tag}\u0000${FiscalYear.ofInstant(e.at)}\u0000${occasion(e)}`
    const ms = Instant.millis(e.at)
    const other = first.get(key)
    if (other === undefined || ms < other.ms || (ms === other.ms && e.eventId < other.eventId)) first.set(key, { eventId: e.eventId, ms })
  }
  return new Set([...first.values()].map((v) => v.eventId))
}

/** KPI-9: the counts of one fiscal year. */
export const countsFor = (events: Iterable<DomainEvent.DomainEvent>, fy: FiscalYear.FiscalYear): Counts =>
  count(events).get(fy) ?? emptyCounts

/** KPI-9: the values of KPI-1…KPI-4 from a year's counts. */
export const projectRecords = (c: Counts): {
  readonly "KPI-1": number
  readonly "KPI-2": number
  readonly "KPI-3": number
  readonly "KPI-4": number
} => ({
  "KPI-1": c.outreach.individual + c.outreach.agency,
  "KPI-2": c.supportMeetings,
  "KPI-3": c.reviews,
  "KPI-4": c.decisions
})

/** KPI-9: a survey result for KPI-5…KPI-8: the share of respondents (%), with survey year and sample size. */
export const SurveyResult = Schema.Struct({
  indicator: Survey.SurveyIndicator,
  surveyYear: FiscalYear.FiscalYear,
  sampleSize: Survey.SampleSize,
  value: Survey.Percent
})
/** The type of {@link SurveyResult}. */
export type SurveyResult = typeof SurveyResult.Type

type Recorded = typeof Survey.SurveyResultRecorded.Type

/**
 * KPI-9: the recorded survey results in force (`SurveyResultRecorded` events): a result another one
 * `supersedes` is dropped (it stays in the history). One per indicator and survey year (should the
 * events hold two, the later instant wins, then the greater result id), ordered by indicator and
 * survey year, whatever the order of the events or the host's time zone; an event given twice
 * counts once.
 */
export const surveysFrom = (events: Iterable<DomainEvent.DomainEvent>): ReadonlyArray<SurveyResult> => {
  const recorded: Array<Recorded> = []
  const seen = new Set<string>()
  const superseded = new Set<string>()
  for (const e of events) {
    if (e._tag !== "SurveyResultRecorded" || seen.has(e.eventId)) continue
    seen.add(e.eventId)
    recorded.push(e)
    if (e.supersedes !== undefined) superseded.add(e.supersedes)
  }
  const inForce = new Map<string, Recorded>()
  for (const e of recorded) {
    if (superseded.has(e.resultId)) continue
    const key = Survey.keyOf(e)
    const other = inForce.get(key)
    const later = other === undefined ||
      Instant.millis(e.at) > Instant.millis(other.at) ||
      (Instant.millis(e.at) === Instant.millis(other.at) && e.resultId > other.resultId)
    if (later) inForce.set(key, e)
  }
  return [...inForce.values()]
    .sort((a, b) => (a.indicator === b.indicator ? a.surveyYear - b.surveyYear : a.indicator < b.indicator ? -1 : 1))
    .map((e) => ({ indicator: e.indicator, surveyYear: e.surveyYear, sampleSize: e.sampleSize, value: e.value }))
}

/** Where a reported value came from. */
export type Basis =
  | { readonly _tag: "Events"; readonly counts: Counts }
  | { readonly _tag: "Survey"; readonly surveyYear: FiscalYear.FiscalYear; readonly sampleSize: number }
  | { readonly _tag: "Missing" }

/** KPI-9: one indicator's line of a fiscal year's report. */
export interface Row {
  readonly indicator: Indicator.Indicator
  readonly fiscalYear: FiscalYear.FiscalYear
  /** The value for the year; `null` when there is none (no survey yet). */
  readonly actual: number | null
  readonly basis: Basis
  /** The baseline value; `null` when there was none (事業未実施), which is not zero. */
  readonly baseline: number | null
  readonly target: number
  /** `Indicator.progress`: share of the way from baseline (or zero when there is none) to target; `null` without an actual. */
  readonly progress: number | null
  /** `Indicator.isOnTrack` on the trajectory toward the target year; `null` without an actual or outside the trajectory. */
  readonly onTrack: boolean | null
}

/**
 * KPI-9: the fiscal year's report: one row per indicator of the catalog, in catalog order.
 * KPI-1…KPI-4 from the events; KPI-5…KPI-8 from the latest survey of that year or before, taken
 * from the `surveys` argument together with the results recorded in `events` ({@link surveysFrom}).
 * For the same indicator and survey year an argument entry wins over a recorded result.
 */
export const report = (
  catalog: Catalog.Catalog,
  fy: FiscalYear.FiscalYear,
  events: Iterable<DomainEvent.DomainEvent>,
  surveys: ReadonlyArray<SurveyResult>
): ReadonlyArray<Row> => {
  const all = [...events]
  return reportFromCounts(catalog, fy, countsFor(all, fy), all, surveys)
}

/**
 * KPI-9: the rows of {@link report} from the fiscal year's counts (e.g. kept up to date by a
 * projection) and the recorded survey events, without the rest of the history.
 */
export const reportFromCounts = (
  catalog: Catalog.Catalog,
  fy: FiscalYear.FiscalYear,
  counts: Counts,
  recorded: Iterable<DomainEvent.DomainEvent>,
  surveys: ReadonlyArray<SurveyResult>
): ReadonlyArray<Row> => {
  const records: Readonly<Record<string, number>> = projectRecords(counts)
  const given = new Set(surveys.map(Survey.keyOf))
  const known = [...surveys, ...surveysFrom(recorded).filter((s) => !given.has(Survey.keyOf(s)))]
  return catalog.indicators.map((indicator): Row => {
    let actual: number | null = null
    let basis: Basis = { _tag: "Missing" }
    if (indicator.source === "project-records" && records[indicator.id] !== undefined) {
      actual = records[indicator.id]!
      basis = { _tag: "Events", counts }
    } else {
      const survey = known
        .filter((s) => s.indicator === indicator.id && s.surveyYear <= fy)
        .sort((a, b) => b.surveyYear - a.surveyYear)[0]
      if (survey !== undefined) {
        actual = survey.value
        basis = { _tag: "Survey", surveyYear: survey.surveyYear, sampleSize: survey.sampleSize }
      }
    }
    const p = actual === null ? undefined : Indicator.progress(indicator, actual)
    const onTrack = actual === null ? undefined : Indicator.isOnTrack(indicator, fy, actual, catalog.plan.from)
    return {
      indicator,
      fiscalYear: fy,
      actual,
      basis,
      baseline: indicator.baseline.value,
      target: indicator.target.value,
      progress: p !== undefined && Result.isSuccess(p) ? p.success : null,
      onTrack: onTrack !== undefined && Result.isSuccess(onTrack) ? onTrack.success : null
    }
  })
}
