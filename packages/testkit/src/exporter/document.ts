/**
 * What a JSON document carries besides rows (KPI-10, TIME-1): the report's and each table's
 * titles, the metadata with the exact generation instant, and the charts, compared with the
 * report. Checked for every `application/json` exporter. @internal
 */
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { Effect, type Layer } from "effect"
import { readFile } from "node:fs/promises"
import type { RoundTrip } from "./escaping.ts"
import { isJson } from "./formats.ts"

/** Two indicator charts with missing values, a percent and a `lower` direction. */
export const charts: ReadonlyArray<Report.Chart> = [
  {
    id: "KPI-1",
    titleJa: "CSWによるアウトリーチ件数",
    titleEn: "CSW outreach contacts",
    unitJa: "回",
    unitEn: "times",
    valueKind: "integer",
    direction: "higher",
    categories: [{ labelJa: "令和7年度", labelEn: "FY2025" }, { labelJa: "令和8年度", labelEn: "FY2026" }],
    actual: [120, null],
    baseline: { value: null, labelJa: "令和5年度", labelEn: "FY2023" },
    target: { value: 400, labelJa: "令和10年度", labelEn: "FY2028" }
  },
  {
    id: "KPI-8",
    titleJa: "相談先がわからない市民の割合",
    titleEn: "Residents who don't know where to consult",
    unitJa: "%",
    unitEn: "%",
    valueKind: "percent",
    direction: "lower",
    categories: [{ labelJa: "令和7年度", labelEn: "FY2025" }],
    actual: [0.131],
    baseline: { value: 0.143, labelJa: "令和5年度", labelEn: "FY2023" },
    target: { value: 0.1, labelJa: "令和10年度", labelEn: "FY2028" }
  }
]

interface JsonDocument {
  readonly titleJa?: unknown
  readonly titleEn?: unknown
  readonly metadata?: { readonly fiscalYearLabel?: unknown; readonly generatedAt?: unknown; readonly planRevision?: unknown }
  readonly charts?: unknown
  readonly tables?: ReadonlyArray<{ readonly id?: unknown; readonly titleJa?: unknown; readonly titleEn?: unknown; readonly kind?: unknown }>
}

export const register = (layer: Layer.Layer<Exporter.Exporter>, base: Report.Report, roundTrip: RoundTrip): void => {
  describe("the document", () => {
    it.effect("JSON carries the report's and tables' titles, the metadata (generatedAt as the same instant) and the charts", () =>
      Effect.gen(function*() {
        const exporter = yield* Exporter.Exporter
        if (!isJson(exporter.format)) return
        // 2026-04-01 09:00 in Japan is 00:00 UTC: a writer that shifts by the offset is caught.
        const report = Report.make({ ...base, charts })
        yield* roundTrip(report, (exported) => Effect.gen(function*() {
          const doc = JSON.parse(yield* Effect.promise(() => readFile(exported.path, "utf8"))) as JsonDocument
          assert.deepStrictEqual([doc.titleJa, doc.titleEn], [report.titleJa, report.titleEn], "report titles")
          assert.deepStrictEqual(
            (doc.tables ?? []).map((t) => [t.id, t.titleJa, t.titleEn, t.kind]),
            report.tables.map((t) => [t.id, t.titleJa, t.titleEn, t.kind]),
            "table ids, titles and kinds"
          )
          const metadata = doc.metadata ?? {}
          assert.deepStrictEqual(
            [metadata.fiscalYearLabel, metadata.planRevision],
            [report.metadata.fiscalYearLabel, report.metadata.planRevision],
            "metadata labels"
          )
          assert.isString(metadata.generatedAt, "metadata.generatedAt")
          assert.strictEqual(
            new Date(metadata.generatedAt as string).getTime(),
            report.metadata.generatedAt.getTime(),
            "metadata.generatedAt is the same instant"
          )
          assert.deepStrictEqual(doc.charts, charts, "charts")
        }))
      }).pipe(Effect.provide(layer)))
  })
}
