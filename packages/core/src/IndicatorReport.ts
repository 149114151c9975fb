/**
 * The indicator reports (KPI-0, KPI-9, KPI-10, TIME-2, AUD-2; seed §7(2)(3)).
 *
 * - {@link forYear}: the eight indicators for one fiscal year, labelled `令和7年度 (FY2025)`:
 *   actual, baseline (with its year), target (with its year), unit, better direction, progress
 *   and on-track flag, with the basis of each actual (event counts or a survey with its year and
 *   sample size). A baseline of "none" (事業未実施) is a missing value, never zero (KPI-9).
 * - {@link forPeriod}: the multi-year variant for the interim review (KPI-10: 中間検証 2026, next plan
 *   2029): one row per indicator and fiscal year over the plan period FY2025–FY2028; years not
 *   reported yet are missing, not zero.
 *
 * Both carry one {@link Report.Chart} per indicator (actual across the plan period against
 * baseline and target), drawn by the HTML exporter. Both tables are `aggregate`: counts and
 * rates only, no personal data (AUD-2).
 *
 * Values are printed as the plan prints them: counts (回, 件) as integers, survey shares as
 * percentages (`52.2` in a `%` unit column); progress is a `percent` cell (fraction, 1 = target).
 * The rows come from {@link IndicatorProjection.report} (KPI-9).
 *
 * @module
 */
import * as Catalog from "./Catalog.ts"
import * as DomainEvent from "./DomainEvent.ts"
import * as FiscalYear from "./FiscalYear.ts"
import type * as Indicator from "./Indicator.ts"
import * as IndicatorProjection from "./IndicatorProjection.ts"
import * as Report from "./Report.ts"

const sourceJa: Record<Indicator.Source, string> = {
  "project-records": "事業実績",
  "resident-survey": "市民意識調査",
  "community-welfare-questionnaire": "地域福祉アンケート"
}
const sourceEn: Record<Indicator.Source, string> = {
  "project-records": "project records",
  "resident-survey": "resident survey",
  "community-welfare-questionnaire": "community welfare questionnaire"
}
const unitJa: Record<Indicator.Unit, string> = { times: "回", cases: "件", percent: "%" }
const unitEn: Record<Indicator.Unit, string> = { times: "times", cases: "cases", percent: "%" }

/** KPI-0: the better direction in words, both languages. */
export const directionLabel = (d: Indicator.Direction): string =>
  d === "higher" ? "高いほど良い (higher is better)" : "低いほど良い (lower is better)"

/** KPI-9: where an actual value came from, in words (no personal data). */
export const basisLabel = (b: IndicatorProjection.Basis): string =>
  b._tag === "Events"
    ? "事業実績 (recorded events)"
    : b._tag === "Survey"
    ? `調査 ${FiscalYear.label(b.surveyYear)} n=${b.sampleSize} (survey)`
    : "未集計 (not reported)"

/** The columns of the fiscal-year indicator table. */
export const columns = [
  Report.column("fiscalYear", "text", "年度", "Fiscal year", { width: 20 }),
  Report.column("indicator", "text", "指標", "Indicator", { width: 10 }),
  Report.column("nameJa", "text", "指標名", "Name (Japanese)", { width: 40 }),
  Report.column("nameEn", "text", "指標名（英語）", "Name", { width: 36 }),
  Report.column("source", "text", "データ元", "Source", { width: 16 }),
  Report.column("unit", "text", "単位", "Unit", { width: 6 }),
  Report.column("direction", "text", "望ましい方向", "Better when", { width: 18 }),
  Report.column("baselineYear", "text", "現状値の年度", "Baseline year", { width: 20 }),
  Report.column("baseline", "decimal", "現状値", "Baseline"),
  Report.column("actual", "decimal", "実績値", "Actual"),
  Report.column("basis", "text", "実績の根拠", "Basis of actual", { width: 28 }),
  Report.column("targetYear", "text", "目標年度", "Target year", { width: 20 }),
  Report.column("target", "decimal", "目標値", "Target"),
  Report.column("progress", "percent", "進捗率", "Progress"),
  Report.column("onTrack", "boolean", "計画どおり", "On track", { width: 10 })
] as const

const toRow = (r: IndicatorProjection.Row): Report.RowOf<typeof columns> => ({
  fiscalYear: FiscalYear.label(r.fiscalYear),
  indicator: r.indicator.id,
  nameJa: r.indicator.name,
  nameEn: r.indicator.nameEn,
  source: `${sourceJa[r.indicator.source]} (${sourceEn[r.indicator.source]})`,
  unit: unitJa[r.indicator.unit],
  direction: directionLabel(r.indicator.direction),
  baselineYear: FiscalYear.label(r.indicator.baseline.fiscalYear),
  baseline: r.baseline,
  actual: r.actual,
  basis: basisLabel(r.basis),
  targetYear: FiscalYear.label(r.indicator.target.fiscalYear),
  target: r.target,
  progress: r.progress === null || !Number.isFinite(r.progress) ? null : r.progress,
  onTrack: r.onTrack
})

/** A value as a chart plots it: percentages as fractions (exactly), counts as they are. */
const chartValue = (indicator: Indicator.Indicator, v: number | null): number | null =>
  v === null ? null : indicator.unit === "percent" ? Number(Report.shiftDecimal(v, -2)) : v

/** The fiscal years of the plan period (KPI-10: FY2025–FY2028 for Kitakami). */
export const planYears = (catalog: Catalog.Catalog): ReadonlyArray<FiscalYear.FiscalYear> =>
  Array.from({ length: catalog.plan.to - catalog.plan.from + 1 }, (_, i) => FiscalYear.make(catalog.plan.from + i))

/**
 * KPI-10: one chart per indicator: actual per fiscal year of the plan period (missing where
 * `byYear` has no row), baseline and target with their years.
 */
export const charts = (
  catalog: Catalog.Catalog,
  byYear: ReadonlyMap<FiscalYear.FiscalYear, ReadonlyArray<IndicatorProjection.Row>>
): ReadonlyArray<Report.Chart> => {
  const years = planYears(catalog)
  return catalog.indicators.map((ind): Report.Chart => ({
    id: ind.id,
    titleJa: ind.name,
    titleEn: ind.nameEn,
    unitJa: unitJa[ind.unit],
    unitEn: unitEn[ind.unit],
    valueKind: ind.unit === "percent" ? "percent" : "integer",
    direction: ind.direction,
    categories: years.map((fy) => ({ labelJa: FiscalYear.labelJa(fy), labelEn: FiscalYear.labelEn(fy) })),
    actual: years.map((fy) => chartValue(ind, byYear.get(fy)?.find((r) => r.indicator.id === ind.id)?.actual ?? null)),
    baseline: {
      value: chartValue(ind, ind.baseline.value),
      labelJa: FiscalYear.labelJa(ind.baseline.fiscalYear),
      labelEn: FiscalYear.labelEn(ind.baseline.fiscalYear)
    },
    target: {
      value: chartValue(ind, ind.target.value),
      labelJa: FiscalYear.labelJa(ind.target.fiscalYear),
      labelEn: FiscalYear.labelEn(ind.target.fiscalYear)
    }
  }))
}

const planRevision = (catalog: Catalog.Catalog): string =>
  catalog.revision.revises === undefined
    ? catalog.revision.id
    : `${catalog.revision.revises.id} (revised ${catalog.revision.id})`

/** Input of {@link forYear} and {@link forPeriod}. */
export interface Input {
  readonly catalog: Catalog.Catalog
  readonly events: Iterable<DomainEvent.DomainEvent>
  readonly surveys: ReadonlyArray<IndicatorProjection.SurveyResult>
  readonly generatedAt: Date
}

/**
 * KPI-9, TIME-2: the indicator report of one fiscal year, labelled `令和7年度 (FY2025)`; its
 * charts show the plan period with the actuals of `fiscalYear` and the years before it.
 */
export const forYear = (input: Input & { readonly fiscalYear: FiscalYear.FiscalYear }): Report.Report =>
  forYearFromRows({ ...input, rowsFor: rowsFromEvents(input) })

/** What the `…FromRows` variants take: the rows of a fiscal year from wherever they come (e.g. counters kept by a projection). */
export interface RowsInput {
  readonly catalog: Catalog.Catalog
  readonly rowsFor: (fy: FiscalYear.FiscalYear) => ReadonlyArray<IndicatorProjection.Row>
  readonly generatedAt: Date
}

const rowsFromEvents = (input: Input): RowsInput["rowsFor"] => {
  const events = [...input.events]
  return (fy) => IndicatorProjection.report(input.catalog, fy, events, input.surveys)
}

/** KPI-9, TIME-2: {@link forYear} from each year's rows. */
export const forYearFromRows = (input: RowsInput & { readonly fiscalYear: FiscalYear.FiscalYear }): Report.Report => {
  const byYear = new Map(planYears(input.catalog).filter((fy) => fy <= input.fiscalYear).map((fy) => [fy, input.rowsFor(fy)] as const))
  const rows = byYear.get(input.fiscalYear) ?? input.rowsFor(input.fiscalYear)
  const label = FiscalYear.label(input.fiscalYear)
  return Report.make({
    id: `indicators-FY${input.fiscalYear}`,
    titleJa: `重層的支援体制整備事業 成果指標 ${label}`,
    titleEn: `Multi-layered support system indicators ${FiscalYear.labelEn(input.fiscalYear)}`,
    metadata: { fiscalYearLabel: label, generatedAt: input.generatedAt, planRevision: planRevision(input.catalog) },
    tables: [
      Report.table({
        id: "indicators",
        titleJa: `成果指標 ${FiscalYear.labelJa(input.fiscalYear)}`,
        titleEn: `Indicators ${FiscalYear.labelEn(input.fiscalYear)}`,
        kind: "aggregate",
        columns,
        rows: rows.map(toRow)
      })
    ],
    charts: charts(input.catalog, byYear)
  })
}

/**
 * KPI-10: the multi-year indicator report for the interim review: one row per indicator and
 * fiscal year of the plan period (FY2025–FY2028), indicator-major. Years after `asOf` (default:
 * the last plan year) are left out.
 */
export const forPeriod = (input: Input & { readonly asOf?: FiscalYear.FiscalYear }): Report.Report =>
  forPeriodFromRows({ ...input, rowsFor: rowsFromEvents(input) })

/** KPI-10: {@link forPeriod} from each year's rows. */
export const forPeriodFromRows = (input: RowsInput & { readonly asOf?: FiscalYear.FiscalYear | undefined }): Report.Report => {
  const years = planYears(input.catalog).filter((fy) => input.asOf === undefined || fy <= input.asOf)
  const byYear = new Map(years.map((fy) => [fy, input.rowsFor(fy)] as const))
  const from = input.catalog.plan.from
  const to = input.catalog.plan.to
  const label = `${FiscalYear.labelJa(from)}–${FiscalYear.labelJa(to)} (${FiscalYear.labelEn(from)}–${FiscalYear.labelEn(to)})`
  return Report.make({
    id: `indicators-FY${from}-FY${to}`,
    titleJa: `重層的支援体制整備事業 成果指標の推移（中間検証用） ${label}`,
    titleEn: `Multi-layered support system indicators across the plan period (interim review)`,
    metadata: { fiscalYearLabel: label, generatedAt: input.generatedAt, planRevision: planRevision(input.catalog) },
    tables: [
      Report.table({
        id: "trend",
        titleJa: "成果指標の推移",
        titleEn: "Indicators by fiscal year",
        kind: "aggregate",
        columns,
        rows: input.catalog.indicators.flatMap((ind) =>
          years.map((fy) => toRow(byYear.get(fy)!.find((r) => r.indicator.id === ind.id)!))
        )
      })
    ],
    charts: charts(input.catalog, byYear)
  })
}

/** The Kitakami catalog in force for the report (convenience for examples). */
export const kitakamiCatalog: Catalog.Catalog = Catalog.kitakami
