import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { JsonExporter } from "@kitakami-juso/export-json"
import { ExporterConformance } from "@kitakami-juso/testkit"
import { Effect } from "effect"
import * as fc from "fast-check"

ExporterConformance.suite("json", JsonExporter.layer(), { reader: ExporterConformance.readJson() })
ExporterConformance.suite("json (compact)", JsonExporter.layer({ pretty: false }), { reader: ExporterConformance.readJson() })

const materialise = (report: Report.Report) =>
  Effect.gen(function*() {
    const tables: Array<Report.MaterializedTable> = []
    for (const t of report.tables) {
      const rows: Array<Record<string, Report.Cell | null>> = []
      yield* Exporter.forEachBatch(t, (batch) => Effect.sync(() => void rows.push(...batch as Array<Record<string, Report.Cell | null>>)))
      tables.push({ ...t, rows })
    }
    return { ...report, tables } as Report.MaterializedReport
  })

const roundTrip = (report: Report.Report) =>
  Effect.gen(function*() {
    const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "json-")))
    const path = join(dir, "r.json")
    yield* JsonExporter.make().export(report, path)
    const text = yield* Effect.promise(() => readFile(path, "utf8"))
    yield* Effect.promise(() => rm(dir, { recursive: true }))
    return { text, decoded: yield* JsonExporter.decode(text) }
  })

const chart: Report.Chart = {
  id: "KPI-8",
  titleJa: "相談先がわからない市民の割合",
  titleEn: "Residents who do not know where to consult",
  unitJa: "%",
  unitEn: "%",
  valueKind: "percent",
  direction: "lower",
  categories: [{ labelJa: "令和7年度", labelEn: "FY2025" }, { labelJa: "令和8年度", labelEn: "FY2026" }],
  actual: [0.131, null],
  baseline: { value: 0.143, labelJa: "令和5年度", labelEn: "FY2023" },
  target: { value: 0.1, labelJa: "令和10年度", labelEn: "FY2028" }
}

describe("JsonExporter", () => {
  it.effect("KPI-9: decode(encode(x)) deep-equals x, including missing-vs-zero, dates and charts", () =>
    Effect.gen(function*() {
      const x = yield* materialise(Report.make({ ...ExporterConformance.fixture(), charts: [chart] }))
      const { decoded } = yield* roundTrip(x)
      assert.deepStrictEqual(decoded, x)
      const kpi = decoded.tables[2]!.rows
      assert.strictEqual(kpi[0]!.baseline, null)
      assert.strictEqual(kpi[0]!.actual, 0)
    }))

  it.effect("the document is plain JSON: null for missing, ISO date-times, YYYY-MM-DD dates, fractions for percent", () =>
    Effect.gen(function*() {
      const { text } = yield* roundTrip(ExporterConformance.fixture())
      const doc = JSON.parse(text)
      assert.strictEqual(doc.format, "kitakami-juso/report")
      assert.strictEqual(doc.version, 1)
      assert.strictEqual(doc.metadata.generatedAt, "2026-04-01T00:00:00.000Z")
      const first = doc.tables[0].rows[0]
      assert.deepStrictEqual(Object.keys(first), ["n", "text", "count", "amount", "rate", "day", "at", "flag"])
      assert.strictEqual(first.at, "2025-04-10T01:00:00.000Z")
      assert.strictEqual(first.day, "2025-04-01")
      assert.strictEqual(doc.tables[0].rows[1].rate, 0.522)
      assert.deepStrictEqual(doc.tables[2].rows[1], { id: "KPI-2", baseline: null, actual: null })
    }))

  it("decode(encode(x)) deep-equals x for arbitrary typed rows", () =>
    fc.assert(fc.asyncProperty(
      fc.array(
        fc.record({
          t: fc.option(fc.string({ unit: "grapheme" }), { nil: null }),
          i: fc.option(fc.maxSafeInteger(), { nil: null }),
          d: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
          day: fc.option(fc.date({ min: new Date("1900-01-01"), max: new Date("2199-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
          at: fc.option(fc.date({ min: new Date("1900-01-01"), max: new Date("2199-12-31"), noInvalidDate: true }), { nil: null }),
          b: fc.option(fc.boolean(), { nil: null })
        }),
        { maxLength: 20 }
      ),
    (rows) =>
      Effect.runPromise(Effect.gen(function*() {
        const x: Report.MaterializedReport = {
          id: "p",
          titleJa: "性質",
          titleEn: "Property",
          metadata: { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date(0), planRevision: "r" },
          tables: [{
            id: "t",
            titleJa: "表",
            titleEn: "T",
            kind: "register",
            columns: [
              Report.column("t", "text", "文", "T"),
              Report.column("i", "integer", "整数", "I"),
              Report.column("d", "decimal", "小数", "D"),
              Report.column("day", "date", "日", "Day"),
              Report.column("at", "datetime", "時", "At"),
              Report.column("b", "boolean", "真偽", "B")
            ],
            rows: rows.map((r) => ({ ...r, d: Object.is(r.d, -0) ? 0 : r.d }))
          }]
        }
        const { decoded } = yield* roundTrip(x)
        assert.deepStrictEqual(decoded, x)
      }))
    ), { numRuns: 30 }))

  it.effect("AUD-2: decoding a malformed cell names table, row and column without echoing the value", () =>
    Effect.gen(function*() {
      const { text } = yield* roundTrip(ExporterConformance.fixture())
      const doc = JSON.parse(text)
      doc.tables[2].rows[1].actual = "山田太郎"
      const error = yield* Effect.flip(JsonExporter.decode(JSON.stringify(doc)))
      assert.deepInclude(error.reason, { _tag: "InvalidReport", table: "kpi", row: 2, column: "actual" })
      assert.notInclude(error.message, "山田")
      const notOurs = yield* Effect.flip(JsonExporter.decode(`{"format":"other"}`))
      assert.strictEqual(notOurs.reason._tag, "InvalidReport")
    }))
})
