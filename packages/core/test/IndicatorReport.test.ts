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

  it.effect("KPI-10: the multi-year report has one row per indicator and fiscal year FY2025–FY2028 for the interim review", () =>
    Effect.gen(function*() {
      const r = IndicatorReport.forPeriod({ catalog: Kitakami.catalog, events: world().log, surveys, generatedAt })
      assert.strictEqual(r.metadata.fiscalYearLabel, "令和7年度–令和10年度 (FY2025–FY2028)")
      const rows = yield* rowsOf(r)
      assert.strictEqual(rows.length, 32)
      assert.deepStrictEqual(rows.slice(4, 8).map((x) => [x.indicator, x.fiscalYear, x.actual]), [
        ["KPI-2", "令和7年度 (FY2025)", 2],
        ["KPI-2", "令和8年度 (FY2026)", 0],
        ["KPI-2", "令和9年度 (FY2027)", 0],
        ["KPI-2", "令和10年度 (FY2028)", 0]
      ])
      const asOf = IndicatorReport.forPeriod({ catalog: Kitakami.catalog, events: [], surveys: [], generatedAt, asOf: FiscalYear.make(2026) })
      assert.strictEqual((yield* rowsOf(asOf)).length, 16)
    }))
})
