/**
 * The data-row heights the row writer computes per table (`rowHeights`) are the heights of the
 * public `rowHeight` for any text: line breaks (LF, CR, CRLF), full-width and astral characters,
 * lone surrogates, narrow and wide columns.
 */
import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { XlsxExporter } from "@kitakami-juso/export-xlsx"
import * as fc from "fast-check"
import { rowHeights } from "../src/internal/layout.ts"

const text = fc.option(
  fc.string({ unit: fc.constantFrom("a", " ", "字", "한", "ｱ", "😀", "𠀋", "\r", "\n", "\r\n", "\uD800", "\uDC00"), maxLength: 120 }),
  { nil: null }
)

describe("XlsxExporter row heights", () => {
  it("rowHeights(columns)(row) equals rowHeight(columns, row)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(text, { minLength: 4, maxLength: 4 }), { maxLength: 20 }),
        (widths, values) => {
          const columns = [
            ...widths.map((width, i) =>
              Report.column(`t${i}`, "text", `文${i}`, `Text ${i}`, width === undefined ? {} : { width })
            ),
            Report.column("n", "integer", "数", "N")
          ]
          const heightOf = rowHeights(columns)
          for (const vs of values) {
            const row: Report.Row = Object.fromEntries([...widths.map((_, i) => [`t${i}`, vs[i] ?? null]), ["n", 1]])
            assert.strictEqual(heightOf(row), XlsxExporter.rowHeight(columns, row))
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})
