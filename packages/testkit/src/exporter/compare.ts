/** Comparison of what a reader read with the fixture, cell by cell (KPI-10). @internal */
import { assert } from "@effect/vitest"
import type { Report } from "@kitakami-juso/core"
import type { Capabilities, ReadTable } from "../ExporterConformance.ts"

const expectedCell = (kind: Report.ColumnKind, v: Report.Cell | null, caps: Capabilities): Report.Cell | null => {
  if (v === null) return null
  if (kind === "text" && typeof v === "string") {
    if (v === "" && caps.emptyTextIsMissing === true) return null
    if (caps.lineBreaks === "lf") v = v.replace(/\r\n?/g, "\n")
    if (caps.formulaPrefix !== undefined && v.length > 0 && caps.formulaPrefix.has(v[0]!)) return `'${v}`
  }
  return v
}

const show = (v: unknown): string =>
  v instanceof Date ? `Date(${v.toISOString()})` : typeof v === "string" && v.length > 60 ? `text(${v.length} chars)` : JSON.stringify(v)

const sameCell = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : Object.is(a, b) || (a === 0 && b === 0)

/** Compare what was read with the materialised fixture, cell by cell; fails naming table, row and column. */
export const compare = (
  report: Report.Report,
  expectedRows: ReadonlyArray<ReadonlyArray<Report.Row>>,
  read: ReadonlyArray<ReadTable>,
  caps: Capabilities
): void => {
  assert.strictEqual(read.length, report.tables.length, "number of tables")
  report.tables.forEach((t, ti) => {
    const got = read[ti]!
    const label = (l: string) => caps.lineBreaks === "lf" ? l.replace(/\r\n?/g, "\n") : l
    assert.deepStrictEqual(got.headerJa, t.columns.map((c) => label(c.labelJa)), `table ${t.id}: Japanese header`)
    const rows = expectedRows[ti]!
    assert.strictEqual(got.rows.length, rows.length, `table ${t.id}: number of rows`)
    rows.forEach((row, ri) => {
      t.columns.forEach((c, ci) => {
        const want = expectedCell(c.kind, row[c.key] ?? null, caps)
        const have = got.rows[ri]![ci] ?? null
        if (!sameCell(want, have)) {
          assert.fail(`table ${t.id}, row ${ri + 1}, column ${c.key}: expected ${show(want)}, read ${show(have)}`)
        }
      })
    })
  })
}
