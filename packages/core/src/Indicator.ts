/**
 * The project's indicators (成果指標), as data (KPI-0; seed §7(3)).
 *
 * Each indicator has a data source, a unit, the direction in which it improves, a baseline and a
 * target, both tied to a fiscal year (TIME-2: the plan prints them as R5/2023 and R10/2028).
 * A baseline may be "none" (`null` in the data, `Option.none()` from {@link baselineValue}: the
 * project did not run yet), which is not zero. Kitakami's eight indicators are in `Catalog.kitakami`.
 *
 * Progress and the trajectory are this library's definitions (KPI-0, KPI-9 [design]; the plan
 * itself only gives baseline and target):
 *
 * - **progress** = (actual − start) / (target − start), where start is the baseline, or 0 when there
 *   is none. 0 = at the baseline, 1 = target reached. It is **not clamped**: below 0 means worse than
 *   the baseline, above 1 beyond the target (reports may clamp for display). The direction is built
 *   in: for KPI-8 (lower is better) target − start is negative, so progress rises as the value falls.
 * - **trajectory**: a straight line from the start to the target in the target year. With a baseline
 *   it starts at the baseline in the baseline year (FY2023); without one it starts at 0 in the year
 *   before the project's first year, so the first year of the project (FY2025) already expects a
 *   quarter of the way to FY2028's target. KPI-1…4 are yearly counts, so this reads as "the yearly
 *   volume ramps up to the target".
 * - **on track** in a fiscal year = the actual is at least as good as the trajectory's value for that
 *   year, in the indicator's direction. Years outside the trajectory are refused, not guessed.
 *
 * @module
 */
import { Option, Result, Schema } from "effect"
import * as FiscalYear from "./FiscalYear.ts"

/** KPI-0: where the figures come from: 事業実績, 市民意識調査, 地域福祉アンケート. */
export const Source = Schema.Literals(["project-records", "resident-survey", "community-welfare-questionnaire"])
/** The type of {@link Source}. */
export type Source = typeof Source.Type

/** KPI-0: the unit a value is counted in: 回 times, 件 cases, % of respondents. */
export const Unit = Schema.Literals(["times", "cases", "percent"])
/** The type of {@link Unit}. */
export type Unit = typeof Unit.Type

/** KPI-0: whether the indicator improves as it rises or as it falls (KPI-8 falls). */
export const Direction = Schema.Literals(["higher", "lower"])
/** The type of {@link Direction}. */
export type Direction = typeof Direction.Type

const Value = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/** KPI-0: one indicator. Its `id` is what reports and computations refer to (`KPI-1` …). */
export const Indicator = Schema.Struct({
  id: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/)),
  name: Schema.NonEmptyString,
  nameEn: Schema.NonEmptyString,
  source: Source,
  unit: Unit,
  direction: Direction,
  /** The value in the baseline year; `null` when there was none (事業未実施). */
  baseline: Schema.Struct({ fiscalYear: FiscalYear.FiscalYear, value: Schema.NullOr(Value) }),
  target: Schema.Struct({ fiscalYear: FiscalYear.FiscalYear, value: Value })
}).check(Schema.makeFilter((i) => {
  const issues: Array<Schema.FilterIssue> = []
  if (i.target.fiscalYear <= i.baseline.fiscalYear) {
    issues.push({ path: ["target", "fiscalYear"], issue: `KPI-0: ${i.id}: the target year must come after the baseline year` })
  }
  for (const key of ["baseline", "target"] as const) {
    const v = i[key].value
    if (i.unit === "percent" && v !== null && v > 100) {
      issues.push({ path: [key, "value"], issue: `KPI-0: ${i.id}: a percentage is at most 100` })
    }
  }
  if ((i.source === "project-records") === (i.unit === "percent")) {
    issues.push({ path: ["unit"], issue: `KPI-0: ${i.id}: project records count times or cases; surveys give percentages` })
  }
  // Progress needs a start and a target on the better side of it (KPI-0 direction).
  if (i.direction === "higher" && !(i.target.value > (i.baseline.value ?? 0))) {
    issues.push({ path: ["target", "value"], issue: `KPI-0: ${i.id}: a higher-is-better target lies above its baseline (or above 0)` })
  }
  if (i.direction === "lower" && (i.baseline.value === null || !(i.target.value < i.baseline.value))) {
    issues.push({
      path: ["target", "value"],
      issue: `KPI-0: ${i.id}: a lower-is-better indicator needs a baseline, and a target below it`
    })
  }
  return issues
}))
/** The type of {@link Indicator}. */
export type Indicator = typeof Indicator.Type

/** KPI-0: a catalog's indicators; ids are unique. */
export const Indicators = Schema.NonEmptyArray(Indicator).check(Schema.makeFilter((list) =>
  list.flatMap((i, n) =>
    list.findIndex((j) => j.id === i.id) === n ? [] : [{ path: [n, "id"], issue: `KPI-0: indicator id "${i.id}" appears twice` }]
  )
))
/** The type of {@link Indicators}. */
export type Indicators = typeof Indicators.Type

const unitSuffix: Readonly<Record<Unit, string>> = { times: "回", cases: "件", percent: "%" }

/** KPI-0: a value as the plan prints it: `400回`, `20件`, `52.2%`; `–` for none. */
export const formatValue = (indicator: Indicator, value: number | null): string =>
  value === null ? "–" : `${value}${unitSuffix[indicator.unit]}`

/** KPI-0, TIME-2: the baseline as printed in reports, `令和5年度 (FY2023): –`. */
export const formatBaseline = (indicator: Indicator): string =>
  `${FiscalYear.label(indicator.baseline.fiscalYear)}: ${formatValue(indicator, indicator.baseline.value)}`

/** KPI-0, TIME-2: the target as printed in reports, `令和10年度 (FY2028): 400回`. */
export const formatTarget = (indicator: Indicator): string =>
  `${FiscalYear.label(indicator.target.fiscalYear)}: ${formatValue(indicator, indicator.target.value)}`

// ---------------------------------------------------------------------------------------------
// Progress and trajectory (KPI-0, KPI-9 [design]; see the module notes for the definitions)
// ---------------------------------------------------------------------------------------------

/** KPI-0: the baseline value, or none when there was none (事業未実施). None is never zero. */
export const baselineValue = (indicator: Indicator): Option.Option<number> => Option.fromNullishOr(indicator.baseline.value)

/** KPI-0: an actual value that cannot be a value of this indicator (negative, not finite, a fraction of a count, over 100 %). */
export class InvalidActual extends Schema.TaggedError<InvalidActual>("@kitakami-juso/core/Indicator/InvalidActual")(
  "InvalidActual",
  { message: Schema.String, indicator: Schema.String, actual: Schema.Number }
) {}

/** KPI-0: a fiscal year outside the indicator's trajectory (before its start or after its target year). */
export class OutsideTrajectory extends Schema.TaggedError<OutsideTrajectory>("@kitakami-juso/core/Indicator/OutsideTrajectory")(
  "OutsideTrajectory",
  { message: Schema.String, indicator: Schema.String, fiscalYear: Schema.Number, from: Schema.Number, to: Schema.Number }
) {}

const checkActual = (indicator: Indicator, actual: number): Result.Result<number, InvalidActual> => {
  const problem = !Number.isFinite(actual) ? "is not a finite number"
    : actual < 0 ? "is negative"
    : indicator.unit === "percent" && actual > 100 ? "is over 100 %"
    : indicator.unit !== "percent" && !Number.isInteger(actual) ? "is not a whole count"
    : undefined
  return problem === undefined ? Result.succeed(actual) : Result.fail(
    new InvalidActual({ message: `KPI-0: ${indicator.id}: the actual value ${problem}`, indicator: indicator.id, actual })
  )
}

/**
 * KPI-0: progress toward the target, in the indicator's direction: (actual − start) / (target − start),
 * start = baseline or 0. 0 at the start, 1 at the target; not clamped (see the module notes).
 * KPI-5 at 56.1 % → 0.5; KPI-8 at 12.15 % → 0.5; KPI-1 at 100 → 0.25.
 */
export const progress = (indicator: Indicator, actual: number): Result.Result<number, InvalidActual> =>
  Result.map(checkActual(indicator, actual), (a) => {
    const start = indicator.baseline.value ?? 0
    return (a - start) / (indicator.target.value - start)
  })

/** KPI-0: a point of a trajectory. */
export interface Point {
  readonly fiscalYear: FiscalYear.FiscalYear
  readonly value: number
}

/** KPI-0: the straight line an indicator is expected to follow, and the first fiscal year it is judged in. */
export interface Trajectory {
  /** Where the line starts: the baseline, or 0 in the year before the project's first year. */
  readonly start: Point
  readonly target: Point
  /** The first fiscal year {@link isOnTrack} judges: the baseline year, or the project's first year. */
  readonly firstYear: FiscalYear.FiscalYear
}

/**
 * KPI-0: the indicator's trajectory. `projectStart` is the project's first fiscal year (Kitakami:
 * `catalog.plan.from`, FY2025); it matters only for indicators without a baseline.
 */
export const trajectory = (indicator: Indicator, projectStart: FiscalYear.FiscalYear): Trajectory =>
  indicator.baseline.value === null
    ? {
      start: { fiscalYear: FiscalYear.make(projectStart - 1), value: 0 },
      target: indicator.target,
      firstYear: projectStart
    }
    : { start: { fiscalYear: indicator.baseline.fiscalYear, value: indicator.baseline.value }, target: indicator.target, firstYear: indicator.baseline.fiscalYear }

/**
 * KPI-9 [design]: the assumption behind {@link expectedAt} and {@link isOnTrack}, in words, for
 * every place that shows an expected value or an on-track verdict. The plan sets only the
 * FY2028 target (seed L497); the straight line is this library's assumption, never the plan's.
 */
export const assumptionLabel = (
  indicator: Indicator,
  projectStart: FiscalYear.FiscalYear
): { readonly ja: string; readonly en: string } => {
  const t = trajectory(indicator, projectStart)
  const none = indicator.baseline.value === null
  return {
    ja: `仮定: ${FiscalYear.labelJa(t.start.fiscalYear)}の${none ? "0" : "現状値"}から${FiscalYear.labelJa(t.target.fiscalYear)}の目標へ直線`,
    en: `assumption: linear from ${none ? `0 in ${FiscalYear.labelEn(t.start.fiscalYear)}` : `the ${FiscalYear.labelEn(t.start.fiscalYear)} baseline`} to the ${
      FiscalYear.labelEn(t.target.fiscalYear)
    } target`
  }
}

/** KPI-0: the trajectory's value in a fiscal year from its first year to the target year; other years are refused. */
export const expectedAt = (
  indicator: Indicator,
  fiscalYear: FiscalYear.FiscalYear,
  projectStart: FiscalYear.FiscalYear
): Result.Result<number, OutsideTrajectory> => {
  const t = trajectory(indicator, projectStart)
  if (fiscalYear < t.firstYear || fiscalYear > t.target.fiscalYear) {
    return Result.fail(
      new OutsideTrajectory({
        message: `KPI-0: ${indicator.id}: ${FiscalYear.labelEn(fiscalYear)} is outside ${FiscalYear.labelEn(t.firstYear)}–${
          FiscalYear.labelEn(t.target.fiscalYear)
        }`,
        indicator: indicator.id,
        fiscalYear,
        from: t.firstYear,
        to: t.target.fiscalYear
      })
    )
  }
  const share = (fiscalYear - t.start.fiscalYear) / (t.target.fiscalYear - t.start.fiscalYear)
  return Result.succeed(t.start.value + share * (t.target.value - t.start.value))
}

/**
 * KPI-0: whether `actual` in `fiscalYear` is at least as good as the trajectory expects, in the
 * indicator's direction (higher: actual ≥ expected; lower: actual ≤ expected).
 */
export const isOnTrack = (
  indicator: Indicator,
  fiscalYear: FiscalYear.FiscalYear,
  actual: number,
  projectStart: FiscalYear.FiscalYear
): Result.Result<boolean, InvalidActual | OutsideTrajectory> => {
  const checked = checkActual(indicator, actual)
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  return Result.map(expectedAt(indicator, fiscalYear, projectStart), (expected) => {
    const epsilon = 1e-9 * Math.max(1, Math.abs(expected))
    return indicator.direction === "higher" ? actual >= expected - epsilon : actual <= expected + epsilon
  })
}
