/**
 * A data cell checked and converted for the row writer (AUD-2, TIME-1): text cleaned or refused
 * (`Unencodable`), dates and times as Excel serials, booleans as ○ / × or spreadsheet booleans.
 *
 * @internal
 */
import { Exporter, JapanTime, type Report } from "@kitakami-juso/core"

/** Excel's cell text limit (UTF-16 code units). */
export const MAX_CELL_TEXT = 32_767

// C0 controls except TAB, LF, CR; U+FFFE/U+FFFF. (Lone surrogates are refused by Report.cellProblem.)
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/
const TEXT_NEEDS_CARE = /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/
const XML_FORBIDDEN_G = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g


/** What a data cell holds once checked: its XML value kind (missing, text, number, date serial, boolean). */
export const MISSING = 0, TEXT = 1, NUMBER = 2, DATE = 3, BOOLEAN = 4

/** Checks and converts a data cell into `kinds[c]` / `values[c]`; returns an error instead when the value cannot be written. */
export type CellPreparer = (
  table: Report.Table,
  row: number,
  c: number,
  col: Report.Column,
  v: Report.Cell | null | undefined,
  kinds: Uint8Array,
  values: Array<string | number>
) => Exporter.ExportError | undefined

/** The cell preparer for the exporter's options: `replace` on text Excel cannot hold, ○ / × `symbols` for booleans. */
export const cellPreparer = (options: { readonly replace: boolean; readonly symbols: boolean }): CellPreparer => {
  const { replace, symbols } = options

  const unencodable = (table: Report.Table, row: number, column: string, why: string) =>
    new Exporter.ExportError({
      reason: new Exporter.Unencodable({ message: `table ${table.id}, row ${row}, column ${column}: ${why}`, table: table.id, row, column })
    })

  /** Check a data cell and convert it for the row writer: text cleaned, dates as Excel serials. */
  const prepareCell: CellPreparer = (table, rowNumber, c, col, v, kinds, values) => {
    if (v === null || v === undefined || v === "") {
      kinds[c] = MISSING
      return undefined
    }
    if (col.kind === "text" && typeof v === "string") {
      let s = v
      // One scan for the common case: no CR, no XML-forbidden character, no surrogate at all.
      if (TEXT_NEEDS_CARE.test(s)) {
        const problem = Exporter.checkCell(table, rowNumber, col, s) // lone surrogates
        if (problem !== undefined) return problem
        if (s.includes("\r")) s = s.replace(/\r\n?/g, "\n")
        if (XML_FORBIDDEN.test(s)) {
          if (!replace) return unencodable(table, rowNumber, col.key, "a control character XML cannot hold")
          s = s.replace(XML_FORBIDDEN_G, "\uFFFD")
        }
      }
      if (s.length > MAX_CELL_TEXT) {
        if (!replace) return unencodable(table, rowNumber, col.key, `text longer than ${MAX_CELL_TEXT} characters (Excel's cell limit)`)
        s = s.slice(0, MAX_CELL_TEXT - 1) + "…"
      }
      kinds[c] = TEXT
      values[c] = s
      return undefined
    }
    const problem = Exporter.checkCell(table, rowNumber, col, v)
    if (problem !== undefined) return problem
    switch (col.kind) {
      case "date": {
        // A checked YYYY-MM-DD: the day's serial (exceljs: 25569 + epoch days of the UTC midnight).
        const d = v as string
        const digit = (i: number) => d.charCodeAt(i) - 48
        const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        kinds[c] = DATE
        values[c] = 25569 + Date.UTC(y, digit(5) * 10 + digit(6) - 1, digit(8) * 10 + digit(9)) / 86_400_000
        return undefined
      }
      case "datetime":
        // TIME-1: Japan wall-clock time (Excel has no time zones): exceljs' `dateToExcel` (days
        // since 1899-12-30) of `Report.toJstWallClock(v)`, whose epoch time is the instant's plus
        // Japan's fixed offset, computed without making the shifted `Date`.
        kinds[c] = DATE
        values[c] = 25569 + ((v as Date).getTime() + JapanTime.offsetMillis) / 86_400_000
        return undefined
      case "boolean":
        if (symbols) {
          // ○/× as text: TRUE/FALSE means little to the staff reading the sheet.
          kinds[c] = TEXT
          values[c] = v === true ? "○" : "×"
        } else {
          kinds[c] = BOOLEAN
          values[c] = v === true ? 1 : 0
        }
        return undefined
      default:
        kinds[c] = NUMBER
        values[c] = v as number
        return undefined
    }
  }

  return prepareCell
}
