/**
 * The export summary tells the truth: one entry per table, in order, with the number of data
 * rows written, and the files that exist. Checked on every round trip. @internal
 */
import { assert } from "@effect/vitest"
import type { Exporter, Report } from "@kitakami-juso/core"
import { existsSync } from "node:fs"

export const check = (
  report: Report.Report,
  rows: ReadonlyArray<ReadonlyArray<Report.Row>>,
  summary: Exporter.ExportSummary,
  format: Exporter.FormatInfo
): void => {
  assert.strictEqual(summary.format, format.id, "summary: format")
  assert.deepStrictEqual(
    summary.tables.map((t) => ({ id: t.id, rows: t.rows })),
    report.tables.map((t, i) => ({ id: t.id, rows: rows[i]!.length })),
    "summary: rows written per table"
  )
  for (const file of summary.files) assert.isTrue(existsSync(file), `summary: ${file} exists`)
}
