/**
 * XLSX exporter for kitakami-juso reports on exceljs' streaming writer (KPI-10, TIME-2, AUD-2).
 *
 * Written with `ExcelJS.stream.xlsx.WorkbookWriter` (`useSharedStrings: false`,
 * `useStyles: true`): exceljs writes the workbook, the styles, the sheets' settings and the two
 * header rows; the data rows are serialised here, a batch at a time, into the worksheet's own
 * stream as the XML exceljs itself writes for the same cells (`<c r s t><v>`, style ids from the
 * workbook's style manager). exceljs' per-row objects (`Row`, `Cell`, value and model objects, an
 * XML builder per row) are never created for data rows: they were most of the garbage of an
 * export, and garbage is what made V8 grow its young generation and the process's peak memory on
 * long exports. Each worksheet's stream is a `SheetStream` (`internal/sheetStream.ts`), which
 * writes the XML straight into the zip's deflate stream in a few reused 64 KiB chunks, with
 * back-pressure from the deflate stream and the file sink. A 500,000-row register exports under
 * 200 MB peak RSS with Node's default flags (see `docs/exports.md` for the measurements).
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
import { Effect, Layer } from "effect"
import { cellPreparer } from "./internal/cells.ts"
import { WorkbookWriter } from "./internal/exceljs.ts"
import { columnWidth, rowHeight } from "./internal/layout.ts"
import { pageSetupFor } from "./internal/printSetup.ts"
import { writeDataRows } from "./internal/rowWriter.ts"
import { useSheetStreams } from "./internal/sheetStream.ts"
import { sheetName } from "./internal/sheetName.ts"
import { columnStyle, headerEnStyle, headerJaStyle, NUM_FMT } from "./internal/styles.ts"

export { MAX_CELL_TEXT } from "./internal/cells.ts"
export { columnWidth, displayWidth, rowHeight } from "./internal/layout.ts"
export { pageSetupFor } from "./internal/printSetup.ts"
export { sheetName } from "./internal/sheetName.ts"
export { columnStyle, NUM_FMT } from "./internal/styles.ts"

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

/** Make the XLSX exporter. */
export const make = (options: Options = {}): Exporter.ExporterShape => {
  const replace = options.unencodable === "replace"
  const aboutSheet = options.aboutSheet ?? true
  const symbols = (options.booleans ?? "symbols") === "symbols"
  const prepareCell = cellPreparer({ replace, symbols })

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
          useSheetStreams(wb)
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
