/**
 * CSV exporter (RFC 4180) for kitakami-juso reports (KPI-10, AUD-2).
 *
 * Rules (see `docs/exports.md`):
 *
 * - **Records** end with CRLF; a field is quoted when it contains `"`, `,`, CR or LF, with `"`
 *   doubled. A missing value is an empty *unquoted* field; an empty text is `""`, so the two stay
 *   apart for a reader that looks at quoting.
 * - **Encoding**: UTF-8 with a BOM by default (Excel on Japanese Windows detects it), plain UTF-8,
 *   or Shift_JIS (CP932, via iconv-lite). A character CP932 cannot encode (emoji, 𠮷, …) fails
 *   the export with `Unencodable { table, row, column }` unless `unencodable: "replace"` is chosen.
 *   The JIS-mapping variants that CP932 spells differently (〜 U+301C → ～ U+FF5E, − U+2212 → －
 *   U+FF0D, ‖ U+2016 → ∥ U+2225, — U+2014 → ― U+2015, ¢ £ ¬ → ￠ ￡ ￢) are mapped to their CP932
 *   forms first, unless `jisVariants: "error"`.
 * - **Formula neutralisation**: a *text* cell whose first character is `=`, `+`, `-`, `@`, TAB or
 *   CR is written with a leading `'`, so Excel and LibreOffice show it as text instead of running
 *   it. Numbers in numeric columns are written from JS numbers and can never hold a formula, so a
 *   real negative number stays `-5` (a number to the spreadsheet). Full-width `＝` is not a
 *   formula to Excel or LibreOffice (checked by this package's LibreOffice test) and is left as it is.
 * - **Cells**: integers and decimals in plain decimal notation (no exponent); percentages as
 *   `52.2%` (the cell holds the fraction `0.522`; the decimal point is moved exactly, as text)
 *   or, with `percent: "fraction"`, as `0.522`; dates `2025-04-01`; date-times in Japan time
 *   `2025-04-10 10:00:00` (TIME-1) or, with `datetime: "iso"`, `2025-04-10T10:00:00+09:00`;
 *   booleans `TRUE`/`FALSE`. A column that sets `decimals` is rounded as displayed (`16.7%`, KPI-9
 *   report columns do); the JSON format keeps full precision.
 * - **Header**: Japanese labels (default), English labels, column keys, or both label rows.
 * - **Tables**: CSV holds one table. A report with several tables written to a path gives one file
 *   per table, `<name>.<tableId>.csv`; to a stream, choose one with `table`.
 *
 * @module
 */
import { randomBytes } from "node:crypto"
import { rename, rm } from "node:fs/promises"
import { basename, dirname, extname, join } from "node:path"
import { Exporter, Report } from "@kitakami-juso/core"
import { ExportSink } from "@kitakami-juso/core/adapter"
import { Effect, Layer } from "effect"
import iconv from "iconv-lite"

/** Options of the CSV exporter. */
export interface Options {
  /** `utf8-bom` (default), `utf8` or `cp932` (Shift_JIS as Windows writes it). */
  readonly encoding?: "utf8-bom" | "utf8" | "cp932"
  /** What to do with a character the encoding cannot hold: fail (default) or write `replacement`. */
  readonly unencodable?: "error" | "replace"
  /** Written instead of an unencodable character under `unencodable: "replace"`; default `?`. */
  readonly replacement?: string
  /** CP932 only: map JIS variants (〜 − ‖ — ¢ £ ¬) to their CP932 forms (default) or treat them as unencodable. */
  readonly jisVariants?: "map" | "error"
  /** Header rows: Japanese labels (default), English labels, column keys, or Japanese then English. */
  readonly header?: "ja" | "en" | "key" | "both"
  /** Percent cells as `52.2%` (default) or as the fraction `0.522`. */
  readonly percent?: "percent-sign" | "fraction"
  /** Date-time cells in Japan time as `2025-04-10 10:00:00` (default) or ISO-8601 with `+09:00`. */
  readonly datetime?: "jst" | "iso"
  /** Export only this table. */
  readonly table?: string
  /** Neutralise formula triggers in text cells (default true). Turning it off is for machine-only consumers. */
  readonly neutraliseFormulas?: boolean
}

/** The format written. */
export const format: Exporter.FormatInfo = { id: "csv", extension: ".csv", mediaType: "text/csv" }

/** UTF-8 byte order mark. */
export const BOM = "\uFEFF"

/** First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection list). */
export const FORMULA_TRIGGERS: ReadonlySet<string> = new Set(["=", "+", "-", "@", "\t", "\r"])

/** JIS-mapping variants and the character CP932 has for each. */
export const JIS_TO_CP932: ReadonlyMap<string, string> = new Map([
  ["\u301C", "\uFF5E"], // WAVE DASH → FULLWIDTH TILDE
  ["\u2212", "\uFF0D"], // MINUS SIGN → FULLWIDTH HYPHEN-MINUS
  ["\u2016", "\u2225"], // DOUBLE VERTICAL LINE → PARALLEL TO
  ["\u2014", "\u2015"], // EM DASH → HORIZONTAL BAR
  ["\u00A2", "\uFFE0"], // CENT SIGN
  ["\u00A3", "\uFFE1"], // POUND SIGN
  ["\u00AC", "\uFFE2"] // NOT SIGN
])

/** Neutralise a text cell: prefix `'` when its first character is a formula trigger. */
export const neutralise = (s: string): string => s.length > 0 && FORMULA_TRIGGERS.has(s[0]!) ? `'${s}` : s

const NEEDS_QUOTES = /[",\r\n]/

/** RFC 4180 field: quoted when it holds `"`, `,`, CR or LF (or is empty text), `"` doubled. */
export const quote = (s: string): string =>
  s.length === 0 ? `""` : NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, `""`)}"` : s

// `JSON.stringify(n)` is `String(n)` for a finite number, but V8 puts `String(n)`'s text of a
// non-integer in its number-string cache, allocated in the old generation: on a 500,000-row
// register that garbage set the peak RSS (the XLSX writer had the same; docs/exports.md).
const plainNumber = (n: number): string => {
  const s = Number.isFinite(n) ? JSON.stringify(n) : String(n)
  return s.includes("e") ? Report.shiftDecimalString(s, 0) : s
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0")

/** TIME-1: `2025-04-10 10:00:00` in Japan time (milliseconds only when not zero). */
export const formatJst = (d: Date): string => {
  const j = Report.toJstWallClock(d)
  const ms = j.getUTCMilliseconds()
  return `${pad(j.getUTCFullYear(), 4)}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())} ${pad(j.getUTCHours())}:${
    pad(j.getUTCMinutes())
  }:${pad(j.getUTCSeconds())}${ms === 0 ? "" : `.${pad(ms, 3)}`}`
}

// ---------------------------------------------------------------------------------------------
// CP932 encodability (per character, cached)
// ---------------------------------------------------------------------------------------------

const cp932Table = new Uint8Array(0x10000) // 0 unknown, 1 encodable, 2 not

const cp932Encodable = (code: number): boolean => {
  if (code < 0x80) return true
  let v = cp932Table[code]!
  if (v === 0) {
    if (code >= 0xD800 && code <= 0xDFFF) v = 2
    else {
      const b = iconv.encode(String.fromCharCode(code), "cp932")
      v = b.length === 1 && b[0] === 0x3F ? 2 : 1
    }
    cp932Table[code] = v
  }
  return v === 1
}

/**
 * Make `s` encodable in CP932: map JIS variants (when allowed), then either report the first
 * unencodable character (returns `undefined`) or replace each with `replacement`.
 */
export const toCp932Text = (
  s: string,
  options: { readonly mapJis: boolean; readonly replacement: string | undefined }
): string | undefined => {
  let ok = true
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80 && !cp932Encodable(c)) {
      ok = false
      break
    }
  }
  if (ok) return s
  let out = ""
  for (const ch of s) {
    const mapped = options.mapJis ? JIS_TO_CP932.get(ch) ?? ch : ch
    if (mapped.length === 1 && cp932Encodable(mapped.charCodeAt(0))) out += mapped
    else if (options.replacement !== undefined) out += options.replacement
    else return undefined
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// The exporter
// ---------------------------------------------------------------------------------------------

/** Make the CSV exporter. */
export const make = (options: Options = {}): Exporter.ExporterShape => {
  const encoding = options.encoding ?? "utf8-bom"
  const cp932 = encoding === "cp932"
  const replacement = options.unencodable === "replace" ? options.replacement ?? "?" : undefined
  const mapJis = (options.jisVariants ?? "map") === "map"
  const header = options.header ?? "ja"
  const percentSign = (options.percent ?? "percent-sign") === "percent-sign"
  const iso = options.datetime === "iso"
  const neutraliseOn = options.neutraliseFormulas ?? true
  const encode = cp932
    ? (s: string): Uint8Array => iconv.encode(s, "cp932")
    : (s: string): Uint8Array => Buffer.from(s, "utf8")

  /** Text as it goes to the file, or undefined when CP932 cannot hold it. */
  const encodableText = (s: string): string | undefined =>
    cp932 ? toCp932Text(s, { mapJis, replacement }) : s

  const formatRow = (
    table: Report.Table,
    rowNumber: number,
    row: Report.Row
  ): string | Exporter.ExportError => {
    const columns = table.columns
    let line = ""
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!
      const v = row[col.key]
      if (c > 0) line += ","
      if (v === null || v === undefined) continue
      switch (col.kind) {
        case "text": {
          if (typeof v !== "string") return Exporter.checkCell(table, rowNumber, col, v)!
          let s = neutraliseOn ? neutralise(v) : v
          if (cp932) {
            const e = encodableText(s)
            if (e === undefined) {
              return new Exporter.ExportError({
                reason: new Exporter.Unencodable({
                  message: `table ${table.id}, row ${rowNumber}, column ${col.key}: a character cannot be encoded in CP932`,
                  table: table.id,
                  row: rowNumber,
                  column: col.key
                })
              })
            }
            s = e
          } else {
            const problem = Exporter.checkCell(table, rowNumber, col, v)
            if (problem !== undefined) return problem
          }
          line += quote(s)
          break
        }
        case "integer":
        case "decimal": {
          const problem = Exporter.checkCell(table, rowNumber, col, v)
          if (problem !== undefined) return problem
          line += col.decimals === undefined ? plainNumber(v as number) : Report.displayNumber(col, v as number)
          break
        }
        case "percent": {
          const problem = Exporter.checkCell(table, rowNumber, col, v)
          if (problem !== undefined) return problem
          // KPI-9: rounded as displayed (16.7%); JSON keeps the full fraction.
          line += percentSign
            ? `${col.decimals === undefined ? Report.shiftDecimal(v as number, 2) : Report.displayNumber(col, v as number)}%`
            : plainNumber(v as number)
          break
        }
        case "date": {
          const problem = Exporter.checkCell(table, rowNumber, col, v)
          if (problem !== undefined) return problem
          line += v as string
          break
        }
        case "datetime": {
          const problem = Exporter.checkCell(table, rowNumber, col, v)
          if (problem !== undefined) return problem
          line += iso ? Report.formatDateTimeJst(v as Date) : formatJst(v as Date)
          break
        }
        case "boolean": {
          const problem = Exporter.checkCell(table, rowNumber, col, v)
          if (problem !== undefined) return problem
          line += v ? "TRUE" : "FALSE"
          break
        }
      }
    }
    return line + "\r\n"
  }

  const headerLines = (table: Report.Table): string | Exporter.ExportError => {
    const rows: Array<ReadonlyArray<string>> = header === "both"
      ? [table.columns.map((c) => c.labelJa), table.columns.map((c) => c.labelEn)]
      : [table.columns.map((c) => header === "en" ? c.labelEn : header === "key" ? c.key : c.labelJa)]
    let out = ""
    for (const labels of rows) {
      const cells: Array<string> = []
      for (let i = 0; i < labels.length; i++) {
        const e = encodableText(neutraliseOn ? neutralise(labels[i]!) : labels[i]!)
        if (e === undefined) {
          return new Exporter.ExportError({
            reason: new Exporter.Unencodable({
              message: `table ${table.id}, header, column ${table.columns[i]!.key}: a character cannot be encoded in CP932`,
              table: table.id,
              row: 0,
              column: table.columns[i]!.key
            })
          })
        }
        cells.push(quote(e))
      }
      out += cells.join(",") + "\r\n"
    }
    return out
  }

  const writeTable = (table: Report.Table, sink: Exporter.Sink) =>
    ExportSink.writeToSink(sink, (out) =>
      Effect.gen(function*() {
        const w = ExportSink.makeTextWriter(out, { encode })
        if (encoding === "utf8-bom") w.append(BOM)
        const head = headerLines(table)
        if (typeof head !== "string") return yield* Effect.fail(head)
        w.append(head)
        const rows = yield* Exporter.forEachBatch(table, (batch, first) =>
          Effect.suspend(() => {
            for (let i = 0; i < batch.length; i++) {
              const line = formatRow(table, first + i, batch[i]!)
              if (typeof line !== "string") return Effect.fail(line)
              w.append(line)
            }
            return w.push("")
          }), { batchSize: Exporter.SMALL_BATCH_SIZE })
        yield* w.flush
        return rows
      }))

  const exportReport = (report: Report.Report, sink: Exporter.Sink): Effect.Effect<Exporter.ExportSummary, Exporter.ExportError> =>
    Effect.gen(function*() {
      yield* Exporter.validateReport(report)
      const tables = options.table === undefined ? report.tables : report.tables.filter((t) => t.id === options.table)
      if (tables.length === 0) {
        return yield* Exporter.fail(new Exporter.InvalidReport({ message: `the report has no table ${options.table}` }))
      }
      if (tables.length === 1 || typeof sink !== "string") {
        if (tables.length > 1) {
          return yield* Exporter.fail(
            new Exporter.InvalidReport({
              message: "CSV holds one table: choose one with the `table` option, or export to a path (one file per table)"
            })
          )
        }
        const t = tables[0]!
        const rows = yield* writeTable(t, sink)
        return { format: "csv", files: typeof sink === "string" ? [sink] : [], tables: [{ id: t.id, rows }] }
      }
      // Several tables to a path: one file per table, all renamed into place only when all succeeded.
      const ext = extname(sink)
      const stem = ext === "" ? sink : sink.slice(0, -ext.length)
      const targets = tables.map((t) => `${stem}.${t.id}${ext === "" ? ".csv" : ext}`)
      const staged: Array<string> = []
      const stage = (target: string) => join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.part`)
      const counts: Array<{ id: string; rows: number }> = []
      return yield* Effect.gen(function*() {
        for (let i = 0; i < tables.length; i++) {
          const path = stage(targets[i]!)
          const rows = yield* writeTable(tables[i]!, path)
          staged.push(path)
          counts.push({ id: tables[i]!.id, rows })
        }
        for (let i = 0; i < staged.length; i++) {
          yield* Effect.tryPromise({
            try: () => rename(staged[i]!, targets[i]!),
            catch: (cause) => new Exporter.ExportError({ reason: new Exporter.SinkFailure({ message: `cannot rename into ${targets[i]}`, cause }) })
          })
        }
        return { format: "csv", files: targets, tables: counts }
      }).pipe(
        Effect.onExit((exit) =>
          exit._tag === "Success" ? Effect.void : Effect.promise(() => Promise.all(staged.map((p) => rm(p, { force: true })))).pipe(Effect.ignore)
        )
      )
    })

  return { format, export: exportReport }
}

/** A layer providing `Exporter.Exporter` as the CSV exporter. */
export const layer = (options: Options = {}): Layer.Layer<Exporter.Exporter> =>
  Layer.succeed(Exporter.Exporter, make(options))
