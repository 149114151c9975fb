/**
 * The exporter kit's readers, independent of the exporters: csv-parse, exceljs' reader,
 * `JSON.parse` (KPI-10, TIME-1). @internal
 */
import { readFile } from "node:fs/promises"
import { Report } from "@kitakami-juso/core"
import { parse as parseCsv } from "csv-parse/sync"
import ExcelJS from "exceljs"
import iconv from "iconv-lite"
import type { ReadTable, Reader } from "../ExporterConformance.ts"

const JST = 9 * 3600 * 1000

const parseJst = (s: string): Date => {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(\+09:00)?$/.exec(s)
  if (m === null) throw new Error(`not a Japan-time date-time: ${s}`)
  const [, y, mo, d, h, mi, se, ms] = m
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +se!, ms === undefined ? 0 : +ms.padEnd(3, "0")) - JST)
}

/** Decode one textual cell (CSV, HTML) by column kind; `null` for a missing value. */
export const decodeText = (
  kind: Report.ColumnKind,
  value: string,
  options: { readonly percent: "percent-sign" | "fraction" }
): Report.Cell => {
  switch (kind) {
    case "text":
      return value
    case "integer":
    case "decimal": {
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`not a plain decimal number: ${value}`)
      return Number(value)
    }
    case "percent": {
      if (options.percent === "fraction") return Number(value)
      if (!/^-?\d+(\.\d+)?%$/.test(value)) throw new Error(`not a percentage: ${value}`)
      return Number(Report.shiftDecimalString(value.slice(0, -1), -2))
    }
    case "date":
      if (!Report.isLocalDate(value)) throw new Error(`not a date: ${value}`)
      return value
    case "datetime":
      return parseJst(value)
    case "boolean":
      if (value !== "TRUE" && value !== "FALSE") throw new Error(`not a boolean: ${value}`)
      return value === "TRUE"
  }
}

/** Options of {@link readCsv}, matching the CSV exporter's. */
export interface CsvReaderOptions {
  readonly encoding?: "utf8-bom" | "utf8" | "cp932"
  readonly headerRows?: 1 | 2
  readonly percent?: "percent-sign" | "fraction"
}

/**
 * Read CSV with csv-parse: checks the BOM (or its absence), CRLF record ends and field counts;
 * a missing value is an unquoted empty field, empty text a quoted one. One file per table
 * (`summary.files`), or the one path.
 */
export const readCsv = (options: CsvReaderOptions = {}): Reader => async (exported, report) => {
  const encoding = options.encoding ?? "utf8-bom"
  const files = exported.summary.files.length > 0 ? exported.summary.files : [exported.path]
  const out: Array<ReadTable> = []
  for (let ti = 0; ti < report.tables.length; ti++) {
    const t = report.tables[ti]!
    const bytes = await readFile(files[ti]!)
    let text: string
    if (encoding === "cp932") text = iconv.decode(bytes, "cp932")
    else {
      const hasBom = bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF
      if (hasBom !== (encoding === "utf8-bom")) throw new Error(`BOM expected: ${encoding === "utf8-bom"}, found: ${hasBom}`)
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)
    }
    if (!text.endsWith("\r\n")) throw new Error("the last record must end with CRLF")
    const records = parseCsv(text, {
      record_delimiter: "\r\n",
      relax_column_count: false,
      cast: (value: string, context: { readonly quoting: boolean }) => ({ value, quoted: context.quoting })
    }) as unknown as Array<Array<{ value: string; quoted: boolean }>>
    const headerRows = options.headerRows ?? 1
    const header = records[0]!.map((f) => f.value)
    const rows = records.slice(headerRows).map((rec) => {
      if (rec.length !== t.columns.length) throw new Error(`table ${t.id}: a record has ${rec.length} fields`)
      return rec.map((f, ci) =>
        f.value === "" && !f.quoted ? null : decodeText(t.columns[ci]!.kind, f.value, { percent: options.percent ?? "percent-sign" })
      )
    })
    out.push({ headerJa: header, rows })
  }
  return out
}

/** Options of {@link readXlsx}. */
export interface XlsxReaderOptions {
  /** Header rows above the data (the XLSX exporter writes Japanese then English: 2). */
  readonly headerRows?: number
}

/**
 * Read XLSX with exceljs' (non-streaming) reader: one worksheet per table, in order; checks each
 * cell's stored type (numbers as numbers, dates as dates with a date format, booleans, strings).
 * Date-times are stored as Japan wall-clock time.
 */
export const readXlsx = (options: XlsxReaderOptions = {}): Reader => async (exported, report) => {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(exported.path)
  const headerRows = options.headerRows ?? 2
  return report.tables.map((t, ti) => {
    const ws = wb.worksheets[ti]
    if (ws === undefined) throw new Error(`no worksheet for table ${t.id}`)
    const headerJa = t.columns.map((_, ci) => String(ws.getRow(1).getCell(ci + 1).value ?? ""))
    const rows: Array<Array<Report.Cell | null>> = []
    for (let r = headerRows + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r)
      rows.push(t.columns.map((c, ci) => {
        const cell = row.getCell(ci + 1)
        const v = cell.value
        if (v === null || v === undefined) return null
        switch (c.kind) {
          case "text":
            if (typeof v !== "string") throw new Error(`table ${t.id} row ${r} ${c.key}: text stored as ${typeof v}`)
            return v
          case "integer":
          case "decimal":
          case "percent":
            if (typeof v !== "number") throw new Error(`table ${t.id} row ${r} ${c.key}: number stored as ${typeof v}`)
            if (c.kind === "percent" && !String(cell.numFmt).includes("%")) throw new Error(`percent without a % format`)
            return v
          case "date":
            if (!(v instanceof Date)) throw new Error(`table ${t.id} row ${r} ${c.key}: date stored as ${typeof v}`)
            return v.toISOString().slice(0, 10)
          case "datetime":
            if (!(v instanceof Date)) throw new Error(`table ${t.id} row ${r} ${c.key}: date-time stored as ${typeof v}`)
            return Report.fromJstWallClock(v)
          case "boolean":
            if (typeof v !== "boolean") throw new Error(`table ${t.id} row ${r} ${c.key}: boolean stored as ${typeof v}`)
            return v
        }
      }))
    }
    return { headerJa, rows }
  })
}

/**
 * Read the JSON format with `JSON.parse` alone: tables in order, rows as objects keyed by column
 * key, `null` for missing, date-times as ISO-8601 strings.
 */
export const readJson = (): Reader => async (exported, report) => {
  const doc = JSON.parse(await readFile(exported.path, "utf8")) as {
    tables: Array<{ columns: Array<{ key: string; labelJa: string }>; rows: Array<Record<string, unknown>> }>
  }
  return report.tables.map((t, ti) => {
    const jt = doc.tables[ti]!
    return {
      headerJa: jt.columns.map((c) => c.labelJa),
      rows: jt.rows.map((r) =>
        t.columns.map((c) => {
          const v = r[c.key]
          if (v === null || v === undefined) return null
          return c.kind === "datetime" ? new Date(v as string) : v as Report.Cell
        })
      )
    }
  })
}
