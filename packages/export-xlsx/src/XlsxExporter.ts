/**
 * XLSX exporter for kitakami-juso reports on exceljs' streaming writer (KPI-10, TIME-2, AUD-2).
 *
 * Written with `ExcelJS.stream.xlsx.WorkbookWriter` (`useSharedStrings: false`,
 * `useStyles: true`), committing each row as it is written, so memory stays flat for a
 * 500,000-row register.
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
import ExcelJS from "exceljs"
import { Effect, Layer } from "effect"

/** Options of the XLSX exporter. */
export interface Options {
  /** Workbook creator property. Default `kitakami-juso`. */
  readonly creator?: string
  /** Fail (default) or replace on text Excel cannot hold. */
  readonly unencodable?: "error" | "replace"
  /** Add the `情報 (About)` sheet after the tables (default true). */
  readonly aboutSheet?: boolean
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
const SHEET_HIGH_WATER = 4 * 1024 * 1024

/**
 * Back-pressure for exceljs' streaming writer: a worksheet's buffer is piped into the zip through
 * a PassThrough whose writes exceljs does not await, so rows can outrun compression and pile up
 * in memory. Wait for that PassThrough to drain when it holds more than {@link SHEET_HIGH_WATER}
 * bytes; otherwise just yield to I/O.
 */
const waitForZip = (ws: unknown): Effect.Effect<void> => {
  const pipe = (ws as {
    stream?: { pipes?: Array<NodeJS.WritableStream & { writableLength?: number; _writableState?: { length?: number } }> }
  }).stream?.pipes?.[0]
  // archiver's PassThrough comes from readable-stream, which may lack `writableLength`.
  const queued = pipe === undefined ? undefined : pipe.writableLength ?? pipe._writableState?.length
  if (pipe === undefined || typeof queued !== "number" || queued <= SHEET_HIGH_WATER) return yieldToIo
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

/** Make the XLSX exporter. */
export const make = (options: Options = {}): Exporter.ExporterShape => {
  const replace = options.unencodable === "replace"
  const aboutSheet = options.aboutSheet ?? true

  const unencodable = (table: Report.Table, row: number, column: string, why: string) =>
    new Exporter.ExportError({
      reason: new Exporter.Unencodable({ message: `table ${table.id}, row ${row}, column ${column}: ${why}`, table: table.id, row, column })
    })

  /** The cell value to write, or an error. */
  const cellValue = (
    table: Report.Table,
    rowNumber: number,
    col: Report.Column,
    v: Report.Cell | null | undefined
  ): ExcelJS.CellValue | Exporter.ExportError => {
    if (v === null || v === undefined || v === "") return null
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
      return s
    }
    const problem = Exporter.checkCell(table, rowNumber, col, v)
    if (problem !== undefined) return problem
    switch (col.kind) {
      case "date": {
        const d = v as string
        return new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)))
      }
      case "datetime":
        return Report.toJstWallClock(v as Date)
      default:
        return v as number | boolean
    }
  }

  const exportReport = (report: Report.Report, sink: Exporter.Sink) =>
    Effect.gen(function*() {
      yield* Exporter.validateReport(report)
      const counts: Array<{ id: string; rows: number }> = []
      yield* Exporter.writeToSink(sink, (out) =>
        Effect.gen(function*() {
          const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
            stream: out.stream,
            useStyles: true,
            useSharedStrings: false,
            creator: options.creator ?? "kitakami-juso",
            created: report.metadata.generatedAt,
            modified: report.metadata.generatedAt
          } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0])
          const props = wb as unknown as Record<string, unknown>
          props.title = `${report.titleJa} / ${report.titleEn}`
          props.subject = report.metadata.fiscalYearLabel
          props.description = `${report.metadata.fiscalYearLabel}; plan revision ${report.metadata.planRevision}`
          props.lastModifiedBy = options.creator ?? "kitakami-juso"
          const used = new Set<string>()
          for (const table of report.tables) {
            const ws = wb.addWorksheet(sheetName(table.titleJa, used), {
              views: [{ state: "frozen", xSplit: 0, ySplit: 2 }],
              pageSetup: {
                paperSize: 9,
                orientation: "landscape",
                fitToPage: true,
                fitToWidth: 1,
                fitToHeight: 0,
                printTitlesRow: "1:2"
              },
              headerFooter: {
                oddHeader: `&L${table.titleJa} / ${table.titleEn}&R${report.metadata.fiscalYearLabel}`,
                oddFooter: "&C&P / &N"
              }
            })
            ws.columns = table.columns.map((c) => {
              const numFmt = NUM_FMT[c.kind]
              return { width: columnWidth(c), ...(numFmt === undefined ? {} : { style: { numFmt } }) }
            })
            const n = table.columns.length
            if (n > 0) {
              ;(ws as unknown as { autoFilter: unknown }).autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } }
            }
            const ja = ws.addRow(table.columns.map((c) => c.labelJa))
            ja.eachCell((cell) => Object.assign(cell, { style: { ...cell.style, ...headerJaStyle, numFmt: "@" } }))
            ja.commit()
            const en = ws.addRow(table.columns.map((c) => c.labelEn))
            en.eachCell((cell) => Object.assign(cell, { style: { ...cell.style, ...headerEnStyle, numFmt: "@" } }))
            en.commit()
            const columns = table.columns
            const rows = yield* Exporter.forEachBatch(table, (batch, first) =>
              Effect.suspend(() => {
                for (let i = 0; i < batch.length; i++) {
                  const row = batch[i]!
                  const values = new Array<ExcelJS.CellValue>(columns.length)
                  for (let c = 0; c < columns.length; c++) {
                    const v = cellValue(table, first + i, columns[c]!, row[columns[c]!.key])
                    if (v instanceof Exporter.ExportError) return Effect.fail(v)
                    values[c] = v
                  }
                  ws.addRow(values).commit()
                }
                const e = out.error()
                if (e !== undefined) {
                  return Effect.fail(new Exporter.ExportError({ reason: new Exporter.SinkFailure({ message: "the sink failed", cause: e }) }))
                }
                // Let the zip and the file stream drain before producing more rows.
                return waitForZip(ws)
              }))
            ws.commit()
            counts.push({ id: table.id, rows })
          }
          if (aboutSheet) {
            const about = wb.addWorksheet(sheetName("情報 (About)", used))
            about.columns = [{ width: 24 }, { width: 60 }]
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
