/**
 * The project's indicators (成果指標), as data (KPI-0; seed §7(3)).
 *
 * Each indicator has a data source, a unit, the direction in which it improves, a baseline and a
 * target, both tied to a fiscal year (TIME-2: the plan prints them as R5/2023 and R10/2028).
 * A baseline may be "none" (`null`: the project did not run yet), which is not zero.
 * Kitakami's eight indicators are in {@link Kitakami}.
 *
 * @module
 */
import { Schema } from "effect"
import * as FiscalYear from "./FiscalYear.ts"

/** KPI-0: where the figures come from: 事業実績, 市民意識調査, 地域福祉アンケート. */
export const Source = Schema.Literals(["project-records", "resident-survey", "community-welfare-questionnaire"])
export type Source = typeof Source.Type

/** KPI-0: the unit a value is counted in: 回 times, 件 cases, % of respondents. */
export const Unit = Schema.Literals(["times", "cases", "percent"])
export type Unit = typeof Unit.Type

/** KPI-0: whether the indicator improves as it rises or as it falls (KPI-8 falls). */
export const Direction = Schema.Literals(["higher", "lower"])
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
  return issues
}))
export type Indicator = typeof Indicator.Type

/** KPI-0: a catalog's indicators; ids are unique. */
export const Indicators = Schema.NonEmptyArray(Indicator).check(Schema.makeFilter((list) =>
  list.flatMap((i, n) =>
    list.findIndex((j) => j.id === i.id) === n ? [] : [{ path: [n, "id"], issue: `KPI-0: indicator id "${i.id}" appears twice` }]
  )
))
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
