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
 * | KPI-3 plans reviewed | every `PlanReviewed`: a re-made or redrafted plan reviewed again counts again (PLN-8) |
 * | KPI-4 plans decided | every `PlanDecided`, re-plans included (PLN-8) |
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
}

const zeroByKind: ByKind = { "multi-agency": 0, "participation-support": 0, outreach: 0 }

/** No events. */
export const emptyCounts: Counts = {
  outreach: { individual: 0, agency: 0, resident: 0 },
  supportMeetings: 0,
  plansReviewed: zeroByKind,
  plansDecided: zeroByKind
}

const addKind = (b: ByKind, kind: SupportPlan.Kind): ByKind => ({ ...b, [kind]: b[kind] + 1 })

const add = (c: Counts, e: DomainEvent.DomainEvent): Counts => {
  switch (e._tag) {
    case "ContactRecorded": {
      const k = Outreach.countsAs(e.activity)
      return { ...c, outreach: { ...c.outreach, [k]: c.outreach[k] + 1 } }
    }
    case "MeetingHeld":
      return e.meetingType === "support-meeting" ? { ...c, supportMeetings: c.supportMeetings + 1 } : c
    case "PlanReviewed":
      return { ...c, plansReviewed: addKind(c.plansReviewed, e.kind) }
    case "PlanDecided":
      return { ...c, plansDecided: addKind(c.plansDecided, e.kind) }
    default:
      return c
  }
}

/**
 * KPI-9: counts per fiscal year (TIME-1: Japan time). An event given twice (same `eventId`)
 * counts once.
 */
export const count = (events: Iterable<DomainEvent.DomainEvent>): ReadonlyMap<FiscalYear.FiscalYear, Counts> => {
  const seen = new Set<string>()
  const out = new Map<FiscalYear.FiscalYear, Counts>()
  for (const e of events) {
    if (seen.has(e.eventId)) continue
    seen.add(e.eventId)
    const fy = FiscalYear.ofInstant(e.at)
    const before = out.get(fy) ?? emptyCounts
    const after = add(before, e)
    if (after !== before || out.has(fy)) out.set(fy, after)
  }
  return out
}

/** KPI-9: the counts of one fiscal year. */
export const countsFor = (events: Iterable<DomainEvent.DomainEvent>, fy: FiscalYear.FiscalYear): Counts =>
  count(events).get(fy) ?? emptyCounts

const sum = (b: ByKind): number => b["multi-agency"] + b["participation-support"] + b.outreach

/** KPI-9: the values of KPI-1…KPI-4 from a year's counts. */
export const projectRecords = (c: Counts): {
  readonly "KPI-1": number
  readonly "KPI-2": number
  readonly "KPI-3": number
  readonly "KPI-4": number
} => ({
  "KPI-1": c.outreach.individual + c.outreach.agency,
  "KPI-2": c.supportMeetings,
  "KPI-3": sum(c.plansReviewed),
  "KPI-4": sum(c.plansDecided)
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
