import { assert, describe, it } from "@effect/vitest"
import { Exporter, FiscalYear, IndicatorReport, Kitakami, Report } from "@kitakami-juso/core"
import { Effect } from "effect"
import { establishRegister, supportMeeting, T, World } from "./support/world.ts"

const rowsOf = (r: Report.Report) =>
  Effect.gen(function*() {
    const rows: Array<Report.Row> = []
    yield* Exporter.forEachBatch(r.tables[0]!, (b) => Effect.sync(() => void rows.push(...b)))
    return rows
  })

const world = () => {
  const w = new World()
  w.run(establishRegister)
  w.run(supportMeeting("sm1", T("04-20T14:00")))
  w.run(supportMeeting("sm2", T("05-20T14:00")))
  return w
}
const surveys = [{ indicator: "KPI-5" as const, surveyYear: FiscalYear.make(2025), sampleSize: 1200, value: 54 }]
const generatedAt = new Date("2026-04-10T00:00:00Z")

describe("IndicatorReport (KPI-0, KPI-9, KPI-10, TIME-2)", () => {
  it.effect("KPI-9, TIME-2: the FY2025 report has the eight indicators labelled 令和7年度 (FY2025), with baseline none ≠ zero", () =>
    Effect.gen(function*() {
      const r = IndicatorReport.forYear({ catalog: Kitakami.catalog, fiscalYear: FiscalYear.make(2025), events: world().log, surveys, generatedAt })
      assert.strictEqual(r.metadata.fiscalYearLabel, "令和7年度 (FY2025)")
      assert.strictEqual(r.tables[0]!.kind, "aggregate")
      yield* Exporter.validateReport(r)
      const rows = yield* rowsOf(r)
      assert.deepStrictEqual(rows.map((x) => x.indicator), ["KPI-1", "KPI-2", "KPI-3", "KPI-4", "KPI-5", "KPI-6", "KPI-7", "KPI-8"])
      assert.isTrue(rows.every((x) => x.fiscalYear === "令和7年度 (FY2025)"))
      const kpi2 = rows[1]!
      assert.strictEqual(kpi2.actual, 2)
      assert.strictEqual(kpi2.baseline, null, "no baseline is missing, not zero")
      assert.strictEqual(kpi2.target, 12)
      assert.strictEqual(kpi2.baselineYear, "令和5年度 (FY2023)")
      assert.strictEqual(kpi2.targetYear, "令和10年度 (FY2028)")
      const kpi5 = rows[4]!
      assert.strictEqual(kpi5.baseline, 52.2)
      assert.strictEqual(kpi5.actual, 54)
      assert.include(kpi5.basis as string, "n=1200")
      assert.strictEqual(rows[5]!.actual, null, "KPI-6 has no survey yet: missing")
      assert.strictEqual(rows[5]!.progress, null)
      assert.strictEqual(rows[7]!.direction, "低いほど良い (lower is better)")
    }))

  it("KPI-10: charts span FY2025–FY2028 with baseline and target; percentages as fractions", () => {
    const r = IndicatorReport.forYear({ catalog: Kitakami.catalog, fiscalYear: FiscalYear.make(2025), events: world().log, surveys, generatedAt })
    assert.strictEqual(r.charts!.length, 8)
    const kpi5 = r.charts![4]!
    assert.deepStrictEqual(kpi5.categories.map((c) => c.labelEn), ["FY2025", "FY2026", "FY2027", "FY2028"])
    assert.deepStrictEqual(kpi5.actual, [0.54, null, null, null])
    assert.strictEqual(kpi5.baseline.value, 0.522)
    assert.strictEqual(kpi5.target.value, 0.6)
    assert.strictEqual(r.charts![0]!.baseline.value, null)
    assert.strictEqual(r.charts![7]!.direction, "lower")
  })

  it.effect("KPI-10: the period report is indicators × FY2025–FY2028, as of a year; later years are 未到来, never 0 or ×", () =>
    Effect.gen(function*() {
      const r = IndicatorReport.forPeriod({ catalog: Kitakami.catalog, events: world().log, surveys, generatedAt, asOf: FiscalYear.make(2026) })
      assert.strictEqual(r.metadata.fiscalYearLabel, "令和7年度–令和10年度 (FY2025–FY2028)、令和8年度時点 (as of FY2026)")
      yield* Exporter.validateReport(r)
      assert.deepStrictEqual(r.tables.map((t) => t.id), ["trend", "on-track", "detail", "notes"])
      const trend = yield* rowsOf(r)
      assert.strictEqual(trend.length, 8, "one row per indicator")
      assert.deepStrictEqual(r.tables[0]!.columns.map((c) => c.key), ["indicator", "nameJa", "unit", "baseline", "FY2025", "FY2026", "FY2027", "FY2028", "target"])
      const kpi2 = trend[1]!
      assert.deepStrictEqual([kpi2.FY2025, kpi2.FY2026, kpi2.FY2027, kpi2.FY2028], ["2", "0", "未到来", "未到来"])
      assert.deepStrictEqual([trend[4]!.FY2025, trend[5]!.FY2025], ["54.0", "未集計"])
      const verdicts = yield* Effect.map(Effect.succeed(r.tables[1]!), (t) => t.rows as ReadonlyArray<Report.Row>)
      assert.match(String(verdicts[1]!.FY2025), /^× \(見込 3\)$/)
      assert.match(String(verdicts[1]!.FY2027), /^未到来 \(見込 9\)$/)
      assert.include(String(verdicts[0]!.assumption), "仮定")
      assert.include(r.tables[1]!.titleJa, "仮定")
      const detail = r.tables[2]!.rows as ReadonlyArray<Report.Row>
      assert.strictEqual(detail.length, 32, "the long table keeps every number")
      const future = detail.filter((x) => x.fiscalYear === "令和9年度 (FY2027)")
      assert.isTrue(future.every((x) => x.actual === null && x.progress === null && x.status === "未到来"), "not yet reached: no 0, no ×")
    }))

  it.effect("KPI-9: the year report labels every expected value and verdict as an assumption (linear from FY2024 or the FY2023 baseline)", () =>
    Effect.gen(function*() {
      const r = IndicatorReport.forYear({ catalog: Kitakami.catalog, fiscalYear: FiscalYear.make(2025), events: world().log, surveys, generatedAt })
      const main = r.tables[0]!
      assert.deepStrictEqual(
        main.columns.filter((c) => c.key === "expected" || c.key === "status").map((c) => [c.labelJa, c.labelEn]),
        [["見込み値（仮定）", "Expected (assumption)"], ["計画どおり（仮定）", "On track (assumption)"]]
      )
      const notes = r.tables[1]!.rows as ReadonlyArray<Report.Row>
      assert.strictEqual(notes[0]!.assumption, "仮定: 令和6年度の0から令和10年度の目標へ直線 (assumption: linear from 0 in FY2024 to the FY2028 target)")
      assert.include(String(notes[4]!.assumption), "令和5年度の現状値")
      // PLN-8: the notes say how KPI-3 and KPI-4 count one case's plans reviewed together, in the plan's words.
      assert.include(String(notes[2]!.assumption), "これらのプランを含む")
      assert.include(String(notes[3]!.assumption), IndicatorReport.countingNote)
      assert.notInclude(String(notes[0]!.assumption), "数え方")
      const future = IndicatorReport.forYear({
        catalog: Kitakami.catalog,
        fiscalYear: FiscalYear.make(2027),
        events: world().log,
        surveys,
        generatedAt,
        asOf: FiscalYear.make(2026)
      })
      const rows = future.tables[0]!.rows as ReadonlyArray<Report.Row>
      assert.isTrue(rows.every((x) => x.actual === null && x.status === "未到来"), "FY2027 is not reached in FY2026")
      assert.isTrue(rows.every((x) => typeof x.expected === "number"), "the assumed path is still shown, labelled")
    }))
})
