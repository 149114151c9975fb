/**
 * Data rows, serialised as exceljs serialises them: written straight into the worksheet's XML
 * stream (a `SheetStream`), a batch at a time, with back-pressure from the zip.
 *
 * @internal
 */
import { Exporter, type Report } from "@kitakami-juso/core"
import type { ExportSink } from "@kitakami-juso/core/adapter"
import type ExcelJS from "exceljs"
import { Effect } from "effect"
import { ROWS_PER_YIELD, waitForZip } from "./backPressure.ts"
import { byteWriter } from "./byteWriter.ts"
import { BOOLEAN, type CellPreparer, MISSING, TEXT } from "./cells.ts"
import { ValueType } from "./exceljs.ts"
import { rowHeights } from "./layout.ts"
import type { SheetStream } from "./sheetStream.ts"

/** The parts of exceljs' streaming worksheet the data-row writer uses (exceljs 4.4 internals). */
interface WorksheetInternals {
  /** The worksheet's XML stream, opened by the workbook (see `useSheetStreams`). */
  readonly stream: SheetStream
  /** First uncommitted row number. */
  _rowZero: number
  /** Whether `<cols>` and `<sheetData>` have been written (by the first committed row). */
  startedData?: boolean
  _writeColumns(): void
  _writeOpenSheetData(): void
  /** Rows added and not committed yet. */
  readonly _rows: ReadonlyArray<unknown>
  /** The workbook's style manager: the style id of a cell's style for a value type. */
  readonly _workbook: { readonly styles: { addStyleModel(style: object, type: number): number } }
}


/** Column letters: 1 → A, 27 → AA. */
const columnLetters = (n: number): string => {
  let s = ""
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s
  return s
}

const XML_ESCAPE = /[<>&'"\x7F]/
const XML_ESCAPE_G = /[<>&'"\x7F]/g
const XML_ENTITY: Readonly<Record<string, string>> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", "\"": "&quot;", "\x7F": "" }

/**
 * exceljs' `xmlEncode` for text that has passed the cell preparer's checks (`cells.ts`) (no character XML forbids
 * is left): the five entities, and DEL dropped as exceljs drops it.
 */
const xmlText = (s: string): string => XML_ESCAPE.test(s) ? s.replace(XML_ESCAPE_G, (c) => XML_ENTITY[c]!) : s

/** Text whose whitespace at either end must be kept explicitly (`xml:space="preserve"`). */
const EDGE_WHITESPACE = /^\s|\s$/

/**
 * Write a table's data rows (from row 3, after the two header rows exceljs committed) straight into
 * the worksheet's XML stream, in exactly the form exceljs writes for the same cell values and
 * column styles: `<row r spans x14ac:dyDescent>`, then per cell `<c r s? t?>` with `<v>`
 * (`t="str"` text, `t="b"` booleans, numbers and date serials bare; a missing value is an empty
 * styled cell, or nothing when its column has no style); a row without any value is not written,
 * as exceljs does not write it. The constant parts are encoded once; per row only the values
 * themselves are written, into a reused buffer, so an export makes almost no garbage of its own.
 * Returns the number of data rows.
 */
export const writeDataRows = (
  ws: ExcelJS.Worksheet,
  table: Report.Table,
  out: ExportSink.Output,
  prepare: CellPreparer
): Effect.Effect<number, Exporter.ExportError> => {
  const internal = ws as unknown as WorksheetInternals
  const columns = table.columns
  const n = columns.length
  const styles = internal._workbook.styles
  const colStyles = (ws.columns ?? []).map((c) => ({
    ...(c.style?.numFmt === undefined ? {} : { numFmt: c.style.numFmt }),
    ...(c.style?.alignment === undefined ? {} : { alignment: c.style.alignment })
  }))
  // The style id of each column's cells per value type, as exceljs' style manager gives it.
  const style = (c: number, type: number): string => {
    const id = styles.addStyleModel({ ...colStyles[c] }, type)
    return id ? ` s="${id}"` : ""
  }
  const b = (s: string) => Buffer.from(s, "utf8")
  const cellOpen = columns.map((_, c) => b(`<c r="${columnLetters(c + 1)}`))
  // The rest of a cell's opening tag per value kind and column, made on first use (so the style
  // manager registers exactly the styles exceljs would: an unused one would be an extra `<xf>`).
  const cellTypes = [ValueType.Null, ValueType.String, ValueType.Number, ValueType.Date, ValueType.Boolean] as const
  const typeAttr = ["", ` t="str"`, "", "", ` t="b"`] as const
  const made: Array<Array<Buffer | null | undefined>> = cellTypes.map(() => new Array(n))
  /** `"` + style + type + `><v>` (or `/>` for an empty styled cell; `null` when a missing value writes nothing). */
  const rest = (kind: number, c: number): Buffer | null => {
    let bytes = made[kind]![c]
    if (bytes === undefined) {
      const s = style(c, cellTypes[kind]!)
      bytes = kind === MISSING ? (s === "" ? null : b(`"${s}/>`)) : b(`"${s}${typeAttr[kind]}><v>`)
      made[kind]![c] = bytes
    }
    return bytes
  }
  const close = b("</v></c>")
  const typeAndValue = b(` t="str"><v>`)
  const inlinePreserve = b(` t="inlineStr"><is><t xml:space="preserve">`)
  const inlineClose = b("</t></is></c>")
  const rowOpen = b(`<row r="`)
  const rowRest = b(`" spans="1:${n}" x14ac:dyDescent="0.25">`)
  const rowHeightOpen = b(`" ht="`)
  const rowHeightRest = b(`" customHeight="1" spans="1:${n}" x14ac:dyDescent="0.25">`)
  const rowClose = b("</row>")
  const one = b("1"), zero = b("0")

  const w = byteWriter(() => internal.stream.emptyChunk(), (chunk, length) => {
    if (internal.startedData !== true) {
      // Only when the header rows wrote nothing (no columns): open the sheet data as exceljs would.
      internal._writeColumns()
      internal._writeOpenSheetData()
      internal.startedData = true
    }
    // The chunk goes to the zip as it is; the writer goes on in another.
    internal.stream.pushChunk(chunk, length)
  })
  const heightOf = rowHeights(columns)
  const kinds = new Uint8Array(n)
  const values = new Array<string | number>(n).fill(0)
  let next = internal._rowZero
  let sinceYield = 0
  return Exporter.forEachBatch(table, (batch, first) =>
    Effect.suspend(() => {
      for (let i = 0; i < batch.length; i++) {
        const row = batch[i]!
        let hasValue = false
        for (let c = 0; c < n; c++) {
          const col = columns[c]!
          const e = prepare(table, first + i, c, col, row[col.key], kinds, values)
          if (e !== undefined) return Effect.fail(e)
          if (kinds[c] !== MISSING) hasValue = true
        }
        const r = next++
        if (!hasValue) continue
        w.bytes(rowOpen)
        w.uint(r)
        const height = heightOf(row)
        if (height === undefined) w.bytes(rowRest)
        else {
          w.bytes(rowHeightOpen)
          w.uint(height)
          w.bytes(rowHeightRest)
        }
        for (let c = 0; c < n; c++) {
          const kind = kinds[c]!
          const tail = rest(kind, c)
          if (tail === null) continue
          w.bytes(cellOpen[c]!)
          w.uint(r)
          const v = values[c]!
          if (kind === TEXT && EDGE_WHITESPACE.test(v as string)) {
            // The one deliberate difference from exceljs: text with leading or trailing
            // whitespace is an inline string with xml:space="preserve", or spreadsheet programs
            // (LibreOffice) drop that whitespace from a plain `t="str"` value.
            w.bytes(tail.subarray(0, tail.length - typeAndValue.length))
            w.bytes(inlinePreserve)
            w.utf8(xmlText(v as string))
            w.bytes(inlineClose)
            continue
          }
          w.bytes(tail)
          if (kind === MISSING) continue
          if (kind === TEXT) w.utf8(xmlText(v as string))
          else if (kind === BOOLEAN) w.bytes(v === 1 ? one : zero)
          else w.number(v as number)
          w.bytes(close)
        }
        w.bytes(rowClose)
      }
      internal._rowZero = next
      const e = out.error()
      if (e !== undefined) {
        return Effect.fail(new Exporter.ExportError({ reason: new Exporter.SinkFailure({ message: "the sink failed", cause: e }) }))
      }
      // Let the zip and the file stream drain before producing more rows.
      sinceYield += batch.length
      const yieldNow = sinceYield >= ROWS_PER_YIELD
      if (yieldNow) sinceYield = 0
      return waitForZip(internal.stream, out, yieldNow)
    }), { batchSize: Exporter.SMALL_BATCH_SIZE }).pipe(Effect.tap(() => Effect.sync(w.flush)))
}
