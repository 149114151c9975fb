/**
 * XLSX exporter for kitakami-juso reports on exceljs' streaming writer (KPI-10, TIME-2, AUD-2).
 *
 * Written with `ExcelJS.stream.xlsx.WorkbookWriter` (`useSharedStrings: false`,
 * `useStyles: true`): exceljs writes the workbook, the styles, the sheets' settings and the two
 * header rows; the data rows are serialised here, a batch at a time, into the worksheet's own
 * stream as the XML exceljs itself writes for the same cells (`<c r s t><v>`, style ids from the
 * workbook's style manager), with back-pressure on the zip. exceljs' per-row objects (`Row`,
 * `Cell`, value and model objects, an XML builder per row) are never created for data rows: they
 * were most of the garbage of an export, and garbage is what made V8 grow its young generation
 * and the process's peak memory on long exports. A 500,000-row register exports under 250 MB
 * peak RSS with Node's default flags (see `docs/exports.md` for the measurements).
 *
 * Layout (see `docs/exports.md`):
 *
 * - One worksheet per table, named after its Japanese title (at most 31 characters, `[]:*?/\`
 *   replaced, made unique), in report order; then an `情報 (About)` sheet with the report's titles,
 *   fiscal-year label (TIME-2), generated-at and plan revision.
 * - **Two header rows**: Japanese labels (row 1, bold, filled) and English labels (row 2, italic,
 *   lighter fill), both frozen (`views: [{ state: "frozen", ySplit: 2 }]`), with an auto-filter on
 *   row 2 and the header rows repeated on every printed page (A4 landscape, fit to width).
 * - Column widths from the column's `width`, else from its kind and its labels (full-width
 *   characters count double).
 * - Cells by kind: numbers as numbers (`integer` as `#,##0`), `percent` as the fraction with
 *   `0.0%`, `date` as a date (`yyyy-mm-dd`), `datetime` as Japan wall-clock time (TIME-1;
 *   `yyyy-mm-dd hh:mm:ss`; Excel has no time zones), booleans as booleans, missing as an empty cell. Empty text is an empty cell too: Excel
 *   cannot tell the two apart.
 * - Text longer than 32,767 characters (Excel's cell limit) or holding a character XML forbids
 *   (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF) fails with `Unencodable { table, row, column }`
 *   (no silent truncation), unless `unencodable: "replace"` (forbidden characters become U+FFFD
 *   and long text is cut to 32,766 characters plus `…`).
 * - Workbook properties: creator, title, subject (fiscal-year label), created, modified.
 *
 * Line breaks are stored as LF, as Excel stores Alt+Enter: CRLF and CR in text become LF (an XML
 * reader would turn them into LF anyway).
 *
 * Text is stored as text, so a cell starting with `=` is never a formula in XLSX; no `'` prefix
 * is needed or added.
 *
 * @module
 */
import { Exporter, Report } from "@kitakami-juso/core"
import { ExportSink } from "@kitakami-juso/core/adapter"
import { createRequire } from "node:module"
import type ExcelJS from "exceljs"
import { Effect, Layer } from "effect"

/** Options of the XLSX exporter. */
export interface Options {
  /** Workbook creator property. Default `kitakami-juso`. */
  readonly creator?: string
  /** Fail (default) or replace on text Excel cannot hold. */
  readonly unencodable?: "error" | "replace"
  /** Add the `情報 (About)` sheet after the tables (default true). */
  readonly aboutSheet?: boolean
  /**
   * How `boolean` cells are written: `symbols` (default) as the text ○ / ×, which staff read at a
   * glance; `values` as spreadsheet booleans (TRUE/FALSE), for programs reading the workbook.
   */
  readonly booleans?: "symbols" | "values"
}

/** The format written. */
export const format: Exporter.FormatInfo = {
  id: "xlsx",
  extension: ".xlsx",
  mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

/** Excel's cell text limit (UTF-16 code units). */
export const MAX_CELL_TEXT = 32_767

/** Number formats by column kind. */
export const NUM_FMT: Partial<Record<Report.ColumnKind, string>> = {
  integer: "#,##0",
  percent: "0.0%",
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss"
}

const DEFAULT_WIDTH: Record<Report.ColumnKind, number> = {
  text: 24,
  integer: 10,
  decimal: 12,
  percent: 10,
  date: 12,
  datetime: 20,
  boolean: 8
}

/**
 * A data column's style: number formats by kind (`0.0` / `0.0%` from `column.decimals`), text
 * wrapped at the top so long indicator names are not clipped.
 */
export const columnStyle = (c: Report.Column): Partial<ExcelJS.Style> => {
  const places = c.decimals === undefined ? "" : c.decimals > 0 ? `.${"0".repeat(c.decimals)}` : ""
  const numFmt = c.kind === "decimal" && c.decimals !== undefined
    ? `#,##0${places}`
    : c.kind === "percent"
    ? `0${c.decimals === undefined ? ".0" : places}%`
    : NUM_FMT[c.kind]
  return {
    ...(numFmt === undefined ? {} : { numFmt }),
    alignment: c.kind === "text" ? { vertical: "top", wrapText: true } : { vertical: "top" }
  }
}

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

/** Characters of column width an A4 landscape page holds at 100 % with default margins. */
const A4_LANDSCAPE_WIDTH = 140

/**
 * A4 landscape, header rows repeated on every page. A table up to 1.4 pages wide is fitted to
 * the page width (no smaller than about 70 %, still readable); a wider one prints at 75 % across
 * pages, repeating its first two columns (the indicator) on each.
 */
export const pageSetupFor = (table: Report.Table): Partial<ExcelJS.PageSetup> => {
  const total = table.columns.reduce((w, c) => w + columnWidth(c), 0)
  return total <= A4_LANDSCAPE_WIDTH * 1.4
    ? { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:2" }
    : { paperSize: 9, orientation: "landscape", fitToPage: false, scale: 75, printTitlesRow: "1:2", printTitlesColumn: "A:B" }
}

/** Display width of a string: full-width (East Asian) characters count 2. */
export const displayWidth = (s: string): number => {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    w += (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000
      ? 2
      : 1
  }
  return w
}

/** Column width: the column's own, else the larger of its kind's default and its labels, capped at 60. */
export const columnWidth = (c: Report.Column): number =>
  c.width ?? Math.min(60, Math.max(DEFAULT_WIDTH[c.kind], displayWidth(c.labelJa) + 2, displayWidth(c.labelEn) + 2))

/** A valid, unique worksheet name (≤ 31 characters, no `[]:*?/\`, not starting or ending with `'`). */
export const sheetName = (title: string, used: Set<string>): string => {
  let base = title.replace(/[[\]:*?/\\]/g, "_").replace(/^'+|'+$/g, "").trim()
  if (base.length === 0) base = "Sheet"
  base = [...base].slice(0, 31).join("")
  let name = base
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`
    name = [...base].slice(0, 31 - suffix.length).join("") + suffix
  }
  used.add(name.toLowerCase())
  return name
}

// C0 controls except TAB, LF, CR; U+FFFE/U+FFFF. (Lone surrogates are refused by Report.cellProblem.)
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/
const TEXT_NEEDS_CARE = /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/
const XML_FORBIDDEN_G = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

const requireCjs = createRequire(import.meta.url)
/**
 * Only exceljs' streaming writer is loaded, not the package's entry point, which also loads its
 * readers, CSV support and zip-reading stack: about 15 MB less resident memory per process.
 */
const WorkbookWriter = requireCjs("exceljs/lib/stream/xlsx/workbook-writer.js") as typeof ExcelJS.stream.xlsx.WorkbookWriter
/** exceljs' cell value types (`ExcelJS.ValueType`), for its style manager. */
const { ValueType } = requireCjs("exceljs/lib/doc/enums.js") as { readonly ValueType: typeof ExcelJS.ValueType }

const headerJaStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E2F3" } },
  alignment: { vertical: "middle", wrapText: true },
  border: { bottom: { style: "thin", color: { argb: "FF8EA9DB" } } }
}
const headerEnStyle: Partial<ExcelJS.Style> = {
  font: { italic: true, color: { argb: "FF404040" } },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFEDF1F9" } },
  alignment: { vertical: "middle", wrapText: true },
  border: { bottom: { style: "medium", color: { argb: "FF8EA9DB" } } }
}

const yieldToIo = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/** Bytes a worksheet may have queued for the zip before row production waits. */
const SHEET_HIGH_WATER = 1024 * 1024

/**
 * Back-pressure for exceljs' streaming writer: a worksheet's buffer is piped into the zip through
 * a PassThrough whose writes exceljs does not await, so rows can outrun compression and pile up
 * in memory. Wait for that PassThrough to drain when it holds more than {@link SHEET_HIGH_WATER}
 * bytes; otherwise yield to I/O when `yieldNow` (every {@link ROWS_PER_YIELD} rows), so the zip and
 * the file stream make progress.
 */
const waitForZip = (ws: unknown, yieldNow: boolean): Effect.Effect<void> => {
  const pipe = (ws as {
    stream?: { pipes?: Array<NodeJS.WritableStream & { writableLength?: number; _writableState?: { length?: number } }> }
  }).stream?.pipes?.[0]
  // archiver's PassThrough comes from readable-stream, which may lack `writableLength`.
  const queued = pipe === undefined ? undefined : pipe.writableLength ?? pipe._writableState?.length
  if (pipe === undefined || typeof queued !== "number" || queued <= SHEET_HIGH_WATER) return yieldNow ? yieldToIo : Effect.void
  return Effect.callback<void>((resume) => {
    const done = () => {
      pipe.off("drain", done)
      pipe.off("close", done)
      pipe.off("error", done)
      resume(Effect.void)
    }
    pipe.on("drain", done)
    pipe.on("close", done)
    pipe.on("error", done)
  })
}

/** Rows written between two yields to I/O. */
const ROWS_PER_YIELD = 1024

// ---------------------------------------------------------------------------------------------
// Data rows, serialised as exceljs serialises them
// ---------------------------------------------------------------------------------------------

/** The parts of exceljs' streaming worksheet the data-row writer uses (exceljs 4.4 internals). */
interface WorksheetInternals {
  /** The worksheet's XML stream (a `StreamBuf` piped into the zip); exists once a row is committed. */
  readonly stream: { write(data: Buffer): unknown }
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
 * exceljs' `xmlEncode` for text that has passed {@link make}'s checks (no character XML forbids
 * is left): the five entities, and DEL dropped as exceljs drops it.
 */
const xmlText = (s: string): string => XML_ESCAPE.test(s) ? s.replace(XML_ESCAPE_G, (c) => XML_ENTITY[c]!) : s

/** exceljs' `dateToExcel`: days since 1899-12-30, from the date's UTC fields (the wall clock was shifted before). */
const excelSerial = (d: Date): number => 25569 + d.getTime() / 86_400_000

/** What a data cell holds once checked: its XML value kind (missing, text, number, date serial, boolean). */
const MISSING = 0, TEXT = 1, NUMBER = 2, DATE = 3, BOOLEAN = 4

/** Text whose whitespace at either end must be kept explicitly (`xml:space="preserve"`). */
const EDGE_WHITESPACE = /^\s|\s$/

/** Checks and converts a data cell into `kinds[c]` / `values[c]`; returns an error instead when the value cannot be written. */
type CellPreparer = (
  table: Report.Table,
  row: number,
  c: number,
  col: Report.Column,
  v: Report.Cell | null | undefined,
  kinds: Uint8Array,
  values: Array<string | number>
) => Exporter.ExportError | undefined

/** The bytes of the sheet XML, written into one reused 64 KiB buffer and handed to `sink` (which copies) when full. */
const byteWriter = (sink: (bytes: Buffer) => void) => {
  const CHUNK = 64 * 1024
  let buf = Buffer.allocUnsafe(CHUNK)
  let pos = 0
  const flush = () => {
    if (pos > 0) sink(buf.subarray(0, pos))
    pos = 0
  }
  const room = (n: number) => {
    if (pos + n > buf.length) flush()
    if (n > buf.length) buf = Buffer.allocUnsafe(n)
  }
  return {
    flush,
    bytes: (b: Buffer) => {
      room(b.length)
      pos += b.copy(buf, pos)
    },
    /** ASCII text (numbers). */
    ascii: (s: string) => {
      room(s.length)
      pos += buf.write(s, pos, "latin1")
    },
    /** Any text: at most 3 bytes per UTF-16 code unit. */
    utf8: (s: string) => {
      room(s.length * 3)
      pos += buf.write(s, pos, "utf8")
    },
    /** A positive integer in decimal, without making a string. */
    uint: (n: number) => {
      room(16)
      let digits = 1
      for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++
      for (let i = digits - 1, x = n; i >= 0; i--, x = Math.floor(x / 10)) buf[pos + i] = 48 + (x % 10)
      pos += digits
    }
  }
}

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
const writeDataRows = (
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

  const w = byteWriter((bytes) => {
    if (internal.startedData !== true) {
      // Only when the header rows wrote nothing (no columns): open the sheet data as exceljs would.
      internal._writeColumns()
      internal._writeOpenSheetData()
      internal.startedData = true
    }
    // StreamBuf copies the bytes before `write` returns, so the writer's buffer can be reused.
    internal.stream.write(bytes)
  })
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
        const height = rowHeight(columns, row)
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
          else w.ascii(String(v))
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
      return waitForZip(ws, yieldNow)
    }), { batchSize: Exporter.SMALL_BATCH_SIZE }).pipe(Effect.tap(() => Effect.sync(w.flush)))
}

/** Make the XLSX exporter. */
export const make = (options: Options = {}): Exporter.ExporterShape => {
  const replace = options.unencodable === "replace"
  const aboutSheet = options.aboutSheet ?? true
  const symbols = (options.booleans ?? "symbols") === "symbols"

  const unencodable = (table: Report.Table, row: number, column: string, why: string) =>
    new Exporter.ExportError({
      reason: new Exporter.Unencodable({ message: `table ${table.id}, row ${row}, column ${column}: ${why}`, table: table.id, row, column })
    })

  /** Check a data cell and convert it for {@link writeDataRows}: text cleaned, dates as Excel serials. */
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
        // TIME-1: Japan wall-clock time (Excel has no time zones).
        kinds[c] = DATE
        values[c] = excelSerial(Report.toJstWallClock(v as Date))
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

  const exportReport = (report: Report.Report, sink: Exporter.Sink) =>
    Effect.gen(function*() {
      yield* Exporter.validateReport(report)
      const counts: Array<{ id: string; rows: number }> = []
      yield* ExportSink.writeToSink(sink, (out) =>
        Effect.gen(function*() {
          const wb = new WorkbookWriter({
            stream: out.stream,
            useStyles: true,
            useSharedStrings: false,
            creator: options.creator ?? "kitakami-juso",
            created: report.metadata.generatedAt,
            modified: report.metadata.generatedAt
          } as ConstructorParameters<typeof WorkbookWriter>[0])
          const props = wb as unknown as Record<string, unknown>
          props.title = `${report.titleJa} / ${report.titleEn}`
          props.subject = report.metadata.fiscalYearLabel
          props.description = `${report.metadata.fiscalYearLabel}; plan revision ${report.metadata.planRevision}`
          props.lastModifiedBy = options.creator ?? "kitakami-juso"
          const used = new Set<string>()
          for (const table of report.tables) {
            const ws = wb.addWorksheet(sheetName(table.titleJa, used), {
              views: [{ state: "frozen", xSplit: 0, ySplit: 2 }],
              pageSetup: pageSetupFor(table),
              headerFooter: {
                oddHeader: `&L${table.titleJa} / ${table.titleEn}&R${report.metadata.fiscalYearLabel}`,
                oddFooter: "&C&P / &N"
              }
            })
            ws.columns = table.columns.map((c) => ({ width: columnWidth(c), style: columnStyle(c) }))
            const n = table.columns.length
            if (n > 0) {
              ;(ws as unknown as { autoFilter: unknown }).autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } }
            }
            const headerHeight = (label: (c: Report.Column) => string) =>
              rowHeight(table.columns.map((c) => ({ ...c, kind: "text" as const })), Object.fromEntries(table.columns.map((c) => [c.key, label(c)])))
            const ja = ws.addRow(table.columns.map((c) => c.labelJa))
            const jaHeight = headerHeight((c) => c.labelJa)
            if (jaHeight !== undefined) ja.height = jaHeight
            ja.eachCell((cell) => Object.assign(cell, { style: { ...cell.style, ...headerJaStyle, numFmt: "@" } }))
            ja.commit()
            const en = ws.addRow(table.columns.map((c) => c.labelEn))
            const enHeight = headerHeight((c) => c.labelEn)
            if (enHeight !== undefined) en.height = enHeight
            en.eachCell((cell) => Object.assign(cell, { style: { ...cell.style, ...headerEnStyle, numFmt: "@" } }))
            en.commit()
            const rows = yield* writeDataRows(ws, table, out, prepareCell)
            ws.commit()
            counts.push({ id: table.id, rows })
          }
          if (aboutSheet) {
            // One A4 portrait page: wrapped text in two columns, fitted to one page.
            const about = wb.addWorksheet(sheetName("情報 (About)", used), {
              pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 1 }
            })
            about.columns = [
              { width: 24, style: { alignment: { vertical: "top", wrapText: true } } },
              { width: 70, style: { alignment: { vertical: "top", wrapText: true } } }
            ]
            const info: Array<[string, string | Date]> = [
              ["報告書 / Report", `${report.titleJa} / ${report.titleEn}`],
              ["年度 / Fiscal year", report.metadata.fiscalYearLabel],
              ["作成日時 / Generated at", Report.toJstWallClock(report.metadata.generatedAt)],
              ["計画の版 / Plan revision", report.metadata.planRevision],
              ...report.tables.map((t): [string, string] => [`表 / Table ${t.id}`, `${t.titleJa} / ${t.titleEn} (${t.kind})`])
            ]
            for (const [k, v] of info) {
              const r = about.addRow([k, v])
              r.getCell(1).font = { bold: true }
              if (v instanceof Date) r.getCell(2).numFmt = NUM_FMT.datetime!
              r.commit()
            }
            about.commit()
          }
          yield* Effect.tryPromise({
            try: () => wb.commit(),
            catch: (cause) => new Exporter.ExportError({ reason: new Exporter.SinkFailure({ message: "the workbook could not be finished", cause }) })
          })
        }))
      return { format: "xlsx", files: typeof sink === "string" ? [sink] : [], tables: counts }
    })

  return { format, export: exportReport }
}

/** A layer providing `Exporter.Exporter` as the XLSX exporter. */
export const layer = (options: Options = {}): Layer.Layer<Exporter.Exporter> =>
  Layer.succeed(Exporter.Exporter, make(options))
