/**
 * The indicator reports (KPI-0, KPI-9, KPI-10, TIME-2, AUD-2; seed §7(2)(3)).
 *
 * - {@link forYear}: the eight indicators for one fiscal year, labelled `令和7年度 (FY2025)`:
 *   actual, baseline (with its year), target (with its year), unit, better direction, progress
 *   and on-track flag, with the basis of each actual (event counts or a survey with its year and
 *   sample size). A baseline of "none" (事業未実施) is a missing value, never zero (KPI-9).
 * - {@link forPeriod}: the multi-year variant for the interim review (KPI-10: 中間検証 2026, next plan
 *   2029): an indicators × FY2025–FY2028 table of actuals, an indicators × years table of the
 *   on-track verdicts, and the long table (one row per indicator and year) with full numbers.
 *
 * KPI-9: years after the as-of year (default: the fiscal year of `generatedAt`) are
 * **未到来 (not yet reached)**: no actual, no verdict, never 0 or ×. Every expected value and
 * every on-track verdict is labelled as the assumption it is ({@link Indicator.assumptionLabel}):
 * the plan sets only the FY2028 target.
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
import * as Indicator from "./Indicator.ts"
import * as IndicatorProjection from "./IndicatorProjection.ts"
import * as Report from "./Report.ts"
import { DateTime, Result } from "effect"

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

/** KPI-9: the verdict cell: ○ at or above the assumed path, × below it, or why there is none. */
export const Status = {
  onTrack: "○",
  behind: "×",
  notYetReached: "未到来",
  notReported: "未集計"
} as const

/** KPI-9: the verdict column's heading, both languages, saying it rests on an assumption. */
export const statusLabel = { ja: "計画どおり（仮定）", en: "On track (assumption)" } as const

/** Every field of an indicator row; the tables below each show a subset. */
export const allColumns = [
  Report.column("fiscalYear", "text", "年度", "Fiscal year", { width: 18 }),
  Report.column("indicator", "text", "指標", "Indicator", { width: 7 }),
  Report.column("nameJa", "text", "指標名", "Name", { width: 34 }),
  Report.column("nameEn", "text", "指標名（英語）", "Name (English)", { width: 34 }),
  Report.column("source", "text", "データ元", "Source", { width: 16 }),
  Report.column("unit", "text", "単位", "Unit", { width: 5 }),
  Report.column("direction", "text", "望ましい方向", "Better when", { width: 16 }),
  Report.column("baselineYear", "text", "現状値の年度", "Baseline year", { width: 18 }),
  Report.column("baseline", "decimal", "現状値", "Baseline", { width: 8 }),
  Report.column("actual", "decimal", "実績値", "Actual", { width: 8 }),
  Report.column("basis", "text", "実績の根拠", "Basis of actual", { width: 24 }),
  Report.column("targetYear", "text", "目標年度", "Target year", { width: 18 }),
  Report.column("target", "decimal", "目標値", "Target", { width: 8 }),
  Report.column("progress", "percent", "進捗率", "Progress", { width: 8, decimals: 1 }),
  Report.column("expected", "decimal", "見込み値（仮定）", "Expected (assumption)", { width: 12, decimals: 1 }),
  Report.column("status", "text", statusLabel.ja, statusLabel.en, { width: 12 }),
  Report.column("assumption", "text", "見込み値・判定の仮定", "Assumption (expected, on track)", { width: 34 })
] as const

type Key = typeof allColumns[number]["key"]
/** A table over a subset of {@link allColumns}, its rows being full indicator rows. */
const subTable = (t: Omit<Report.Table, "rows"> & { readonly rows: ReadonlyArray<Report.RowOf<typeof allColumns>> }): Report.Table =>
  t as unknown as Report.Table

const pick = (...keys: ReadonlyArray<Key>): ReadonlyArray<Report.Column> => keys.map((k) => allColumns.find((c) => c.key === k)!)

/** The fiscal-year indicator table: what staff compare (fits A4 landscape). */
export const columns = pick("indicator", "nameJa", "unit", "baseline", "actual", "target", "progress", "expected", "status")

/** The notes table: where each figure comes from and the assumption behind each verdict (KPI-9). */
export const noteColumns = pick("indicator", "nameEn", "source", "direction", "baselineYear", "targetYear", "basis", "assumption")

/** The period report's long table: every number per indicator and fiscal year, full precision. */
export const detailColumns = pick("indicator", "fiscalYear", "actual", "expected", "progress", "status", "basis")

/**
 * PLN-8: how KPI-3 and KPI-4 count, short enough for a printed notes cell; the whole rule is
 * `IndicatorProjection.countingRule` (docs and JSON).
 */
export const countingNote = "1事例・1会議で1件（計画5イ①「これらのプランを含む」） one per case and meeting"

/** A projection row as a report row; `notYetReached` years carry no actual and no verdict (KPI-9). */
const toRow = (r: IndicatorProjection.Row, projectStart: FiscalYear.FiscalYear, notYetReached: boolean): Report.RowOf<typeof allColumns> => {
  const expected = Indicator.expectedAt(r.indicator, r.fiscalYear, projectStart)
  const assumption = Indicator.assumptionLabel(r.indicator, projectStart)
  const actual = notYetReached ? null : r.actual
  return {
    fiscalYear: FiscalYear.label(r.fiscalYear),
    indicator: r.indicator.id,
    nameJa: r.indicator.name,
    nameEn: r.indicator.nameEn,
    source: `${sourceJa[r.indicator.source]} (${sourceEn[r.indicator.source]})`,
    unit: unitJa[r.indicator.unit],
    direction: directionLabel(r.indicator.direction),
    baselineYear: FiscalYear.label(r.indicator.baseline.fiscalYear),
    baseline: r.baseline,
    actual,
    basis: notYetReached ? `${Status.notYetReached} (not yet reached)` : basisLabel(r.basis),
    targetYear: FiscalYear.label(r.indicator.target.fiscalYear),
    target: r.target,
    progress: actual === null || r.progress === null || !Number.isFinite(r.progress) ? null : r.progress,
    expected: Result.isSuccess(expected) ? expected.success : null,
    status: notYetReached ? Status.notYetReached : r.onTrack === null ? Status.notReported : r.onTrack ? Status.onTrack : Status.behind,
    // PLN-8: KPI-3 and KPI-4 also state how one case's plans reviewed together are counted.
    assumption: `${assumption.ja} (${assumption.en})${r.indicator.id === "KPI-3" || r.indicator.id === "KPI-4" ? ` 数え方: ${countingNote}` : ""}`
  }
}

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
  /** KPI-9: the last fiscal year reached; later years are 未到来. Default: the fiscal year of `generatedAt`. */
  readonly asOf?: FiscalYear.FiscalYear
}

/**
 * What the `…FromRows` variants take: the rows of a fiscal year from wherever they come (e.g. the
 * counters kept by a projection, `ReadSide`), instead of the whole history.
 */
export interface RowsInput {
  readonly catalog: Catalog.Catalog
  readonly rowsFor: (fy: FiscalYear.FiscalYear) => ReadonlyArray<IndicatorProjection.Row>
  readonly generatedAt: Date
  /** KPI-9: the last fiscal year reached; later years are 未到来. Default: the fiscal year of `generatedAt`. */
  readonly asOf?: FiscalYear.FiscalYear | undefined
}

const asOfOf = (input: { readonly generatedAt: Date; readonly asOf?: FiscalYear.FiscalYear | undefined }): FiscalYear.FiscalYear =>
  input.asOf ?? FiscalYear.ofInstant(DateTime.fromDateUnsafe(input.generatedAt))

const rowsFromEvents = (input: Input): RowsInput["rowsFor"] => {
  const events = [...input.events]
  return (fy) => IndicatorProjection.report(input.catalog, fy, events, input.surveys)
}

/**
 * KPI-9, TIME-2: the indicator report of one fiscal year, labelled `令和7年度 (FY2025)`; its
 * charts show the plan period with the actuals of `fiscalYear` and the years before it.
 */
export const forYear = (input: Input & { readonly fiscalYear: FiscalYear.FiscalYear }): Report.Report =>
  forYearFromRows({ ...input, rowsFor: rowsFromEvents(input) })

/** KPI-9, TIME-2: {@link forYear} from each year's rows. */
export const forYearFromRows = (input: RowsInput & { readonly fiscalYear: FiscalYear.FiscalYear }): Report.Report => {
  const byYear = new Map(
    planYears(input.catalog)
      .filter((fy) => fy <= input.fiscalYear && fy <= asOfOf(input))
      .map((fy) => [fy, input.rowsFor(fy)] as const)
  )
  const rows = byYear.get(input.fiscalYear) ?? input.rowsFor(input.fiscalYear)
  const label = FiscalYear.label(input.fiscalYear)
  const full = rows.map((r) => toRow(r, input.catalog.plan.from, r.fiscalYear > asOfOf(input)))
  return Report.make({
    id: `indicators-FY${input.fiscalYear}`,
    titleJa: `重層的支援体制整備事業 成果指標 ${label}`,
    titleEn: `Multi-layered support system indicators ${FiscalYear.labelEn(input.fiscalYear)}`,
    metadata: { fiscalYearLabel: label, generatedAt: input.generatedAt, planRevision: planRevision(input.catalog) },
    tables: [
      subTable({
        id: "indicators",
        titleJa: `成果指標 ${FiscalYear.labelJa(input.fiscalYear)}`,
        titleEn: `Indicators ${FiscalYear.labelEn(input.fiscalYear)}`,
        kind: "aggregate",
        columns,
        rows: full
      }),
      subTable({
        id: "notes",
        titleJa: "指標の注記（データ元・根拠・仮定）",
        titleEn: "Notes: sources, basis and assumptions",
        kind: "aggregate",
        columns: noteColumns,
        rows: full
      })
    ],
    charts: charts(input.catalog, byYear)
  })
}

/** A count or a share as the plan prints it (`12`, `52.2`): the text of a matrix cell. */
const display = (indicator: Indicator.Indicator, v: number | null): string =>
  v === null ? "–" : indicator.unit === "percent" ? v.toFixed(1) : String(Math.round(v * 10) / 10)

/**
 * KPI-10: the multi-year indicator report for the interim review, as of `asOf` (default: the
 * fiscal year of `generatedAt`): actuals as indicators × FY2025–FY2028 (未到来 after `asOf`),
 * the on-track verdicts against the assumed path in the same shape, and the long table with
 * every number at full precision (one row per indicator and fiscal year).
 */
export const forPeriod = (input: Input): Report.Report => forPeriodFromRows({ ...input, rowsFor: rowsFromEvents(input) })

/** KPI-10: {@link forPeriod} from each year's rows. */
export const forPeriodFromRows = (input: RowsInput): Report.Report => {
  const asOf = asOfOf(input)
  const years = planYears(input.catalog)
  const start = input.catalog.plan.from
  const byYear = new Map(years.map((fy) => [fy, input.rowsFor(fy)] as const))
  const reached = new Map([...byYear].filter(([fy]) => fy <= asOf))
  const rowOf = (ind: Indicator.Indicator, fy: FiscalYear.FiscalYear) =>
    toRow(byYear.get(fy)!.find((r) => r.indicator.id === ind.id)!, start, fy > asOf)
  const from = input.catalog.plan.from
  const to = input.catalog.plan.to
  const label = `${FiscalYear.labelJa(from)}–${FiscalYear.labelJa(to)} (${FiscalYear.labelEn(from)}–${FiscalYear.labelEn(to)})`
  const yearKey = (fy: FiscalYear.FiscalYear) => `FY${fy}`
  const yearColumns = years.map((fy) => Report.column(yearKey(fy), "text", FiscalYear.labelJa(fy), FiscalYear.labelEn(fy), { width: 12 }))
  const head = [
    Report.column("indicator", "text", "指標", "Indicator", { width: 8 }),
    Report.column("nameJa", "text", "指標名", "Name", { width: 30 }),
    Report.column("unit", "text", "単位", "Unit", { width: 5 })
  ]
  const actuals = input.catalog.indicators.map((ind) => ({
    indicator: ind.id,
    nameJa: ind.name,
    unit: unitJa[ind.unit],
    baseline: display(ind, ind.baseline.value),
    ...Object.fromEntries(years.map((fy) => {
      const r = rowOf(ind, fy)
      return [yearKey(fy), r.status === Status.notYetReached ? Status.notYetReached : r.actual === null ? Status.notReported : display(ind, r.actual)]
    })),
    target: display(ind, ind.target.value)
  }))
  const verdicts = input.catalog.indicators.map((ind) => ({
    indicator: ind.id,
    nameJa: ind.name,
    unit: unitJa[ind.unit],
    ...Object.fromEntries(years.map((fy) => {
      const r = rowOf(ind, fy)
      return [yearKey(fy), `${r.status}${r.expected === null ? "" : ` (見込 ${display(ind, r.expected)})`}`]
    })),
    assumption: Indicator.assumptionLabel(ind, start).ja
  }))
  return Report.make({
    id: `indicators-FY${from}-FY${to}`,
    titleJa: `重層的支援体制整備事業 成果指標の推移（中間検証用） ${label}`,
    titleEn: `Multi-layered support system indicators across the plan period (interim review)`,
    metadata: {
      fiscalYearLabel: `${label}、${FiscalYear.labelJa(asOf)}時点 (as of ${FiscalYear.labelEn(asOf)})`,
      generatedAt: input.generatedAt,
      planRevision: planRevision(input.catalog)
    },
    tables: [
      Report.table({
        id: "trend",
        titleJa: "成果指標の推移（実績値）",
        titleEn: "Actual values by fiscal year",
        kind: "aggregate",
        columns: [
          ...head,
          Report.column("baseline", "text", "現状値", "Baseline", { width: 8 }),
          ...yearColumns,
          Report.column("target", "text", `目標値（${FiscalYear.labelJa(to)}）`, `Target (${FiscalYear.labelEn(to)})`, { width: 10 })
        ],
        rows: actuals
      }),
      Report.table({
        id: "on-track",
        titleJa: `${statusLabel.ja}: 見込み値は計画にない仮定です`,
        titleEn: `${statusLabel.en}: the expected values are an assumption, not the plan's`,
        kind: "aggregate",
        columns: [...head, ...yearColumns, Report.column("assumption", "text", "仮定", "Assumption", { width: 40 })],
        rows: verdicts
      }),
      subTable({
        id: "detail",
        titleJa: "付表: 指標・年度別の値（全桁）",
        titleEn: "Appendix: values by indicator and fiscal year (full precision)",
        kind: "aggregate",
        columns: detailColumns,
        rows: input.catalog.indicators.flatMap((ind) => years.map((fy) => rowOf(ind, fy)))
      }),
      subTable({
        id: "notes",
        titleJa: "指標の注記（データ元・仮定）",
        titleEn: "Notes: sources and assumptions",
        kind: "aggregate",
        columns: noteColumns.filter((c) => c.key !== "basis"),
        rows: input.catalog.indicators.map((ind) => rowOf(ind, asOf <= to ? (asOf >= from ? asOf : from) as FiscalYear.FiscalYear : to))
      })
    ],
    charts: charts(input.catalog, reached)
  })
}

/** The Kitakami catalog in force for the report (convenience for examples). */
export const kitakamiCatalog: Catalog.Catalog = Catalog.kitakami
