/** Column widths and row heights of the XLSX sheets (see `docs/exports.md`). @internal */
import type { Report } from "@kitakami-juso/core"

const DEFAULT_WIDTH: Record<Report.ColumnKind, number> = {
  text: 24,
  integer: 10,
  decimal: 12,
  percent: 10,
  date: 12,
  datetime: 20,
  boolean: 8
}

/** The display width of a code point: full-width (East Asian) characters count 2. */
const codePointWidth = (c: number): number =>
  (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
    (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000
    ? 2
    : 1

/** Display width of a string: full-width (East Asian) characters count 2. */
export const displayWidth = (s: string): number => {
  let w = 0
  for (const ch of s) w += codePointWidth(ch.codePointAt(0)!)
  return w
}

/** Column width: the column's own, else the larger of its kind's default and its labels, capped at 60. */
export const columnWidth = (c: Report.Column): number =>
  c.width ?? Math.min(60, Math.max(DEFAULT_WIDTH[c.kind], displayWidth(c.labelJa) + 2, displayWidth(c.labelEn) + 2))

/** Points per line of wrapped 11-pt text. */
const LINE_POINTS = 15
/** Excel's tallest row is 409 points. */
const MAX_LINES = 27

/**
 * The height in points of a data row whose text wraps onto more than one line in its column
 * width (spreadsheet programs do not grow rows of a streamed sheet themselves), or `undefined`
 * for a one-line row.
 */
export const rowHeight = (columns: ReadonlyArray<Report.Column>, row: Report.Row): number | undefined => {
  let lines = 1
  for (const c of columns) {
    const v = row[c.key]
    if (c.kind !== "text" || typeof v !== "string" || v === "") continue
    const room = Math.max(1, columnWidth(c) - 1)
    let n = 0
    for (const part of v.split(/\r\n?|\n/)) n += Math.max(1, Math.ceil(displayWidth(part) / room))
    if (n > lines) lines = n
  }
  return lines === 1 ? undefined : Math.min(lines, MAX_LINES) * LINE_POINTS
}

/**
 * {@link rowHeight} for one table's columns, prepared once for the data rows: the same heights,
 * without making anything per row (each text column's room is computed once; a value is scanned
 * by code unit for line breaks and widths instead of being split into lines and iterated by code
 * point). A short value without a line break fits on one line whatever its characters.
 */
export const rowHeights = (columns: ReadonlyArray<Report.Column>): (row: Report.Row) => number | undefined => {
  const text = columns.filter((c) => c.kind === "text")
  const keys = text.map((c) => c.key)
  const rooms = text.map((c) => Math.max(1, columnWidth(c) - 1))
  return (row) => {
    let lines = 1
    for (let k = 0; k < keys.length; k++) {
      const v = row[keys[k]!]
      if (typeof v !== "string" || v === "") continue
      const room = rooms[k]!
      if (v.length * 2 <= room && !LINE_BREAK.test(v)) continue
      let n = 0
      let w = 0
      for (let i = 0; i < v.length; i++) {
        const u = v.charCodeAt(i)
        if (u === 10 || u === 13) {
          // A line ends at LF, CR or CRLF (as `split(/\r\n?|\n/)`).
          n += Math.max(1, Math.ceil(w / room))
          w = 0
          if (u === 13 && v.charCodeAt(i + 1) === 10) i++
          continue
        }
        let c = u
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < v.length) {
          const low = v.charCodeAt(i + 1)
          if (low >= 0xDC00 && low <= 0xDFFF) {
            c = (u - 0xD800) * 0x400 + (low - 0xDC00) + 0x10000
            i++
          }
        }
        w += codePointWidth(c)
      }
      n += Math.max(1, Math.ceil(w / room))
      if (n > lines) lines = n
    }
    return lines === 1 ? undefined : Math.min(lines, MAX_LINES) * LINE_POINTS
  }
}

const LINE_BREAK = /[\r\n]/
