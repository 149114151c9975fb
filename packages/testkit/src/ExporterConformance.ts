/**
 * Exporter conformance suite: every exporter of `@kitakami-juso/core`'s `Exporter` port runs it
 * in one line (KPI-10, AUD-2).
 *
 * ```ts
 * ExporterConformance.suite("csv", CsvExporter.layer(), { reader: ExporterConformance.readCsv() })
 * ```
 *
 * The suite exports fixture reports full of awkward values (commas, quotes, CR/LF, emoji, 𠮷,
 * half-width kana, `=`/`＝`-prefixed text, 32,767-character text, empty tables, missing values
 * next to zeros), reads the file back with an **independent reader** (csv-parse, the exceljs
 * reader, `JSON.parse`, an HTML parser) and compares cell by cell. It also checks the port's
 * guarantees: typed errors naming table/row/column without echoing values (AUD-2), no file left
 * behind on failure, aggregate tables refusing personal columns, and all row sources (arrays,
 * generators, async iterables, Effect streams) giving the same output.
 *
 * What a format cannot do is declared as {@link Capabilities}, not skipped by test name.
 *
 * @module
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PassThrough } from "node:stream"
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { parse as parseCsv } from "csv-parse/sync"
import ExcelJS from "exceljs"
import iconv from "iconv-lite"
import { Effect, Layer, Stream } from "effect"
import * as AtomicWrites from "./exporter/atomicWrites.ts"
import * as Document from "./exporter/document.ts"
import * as Escaping from "./exporter/escaping.ts"
import * as Formats from "./exporter/formats.ts"
import * as Summary from "./exporter/summary.ts"

// ---------------------------------------------------------------------------------------------
// What a reader returns and what a format declares
// ---------------------------------------------------------------------------------------------

/** One table as read back: its Japanese header labels and its rows decoded by column kind. */
export interface ReadTable {
  readonly headerJa: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<Report.Cell | null>>
}

/** What was exported, for the reader. */
export interface Exported {
  /** The path exported to (for CSV with several tables: see `summary.files`). */
  readonly path: string
  readonly summary: Exporter.ExportSummary
}

/** Reads an export back, independently of the exporter, into one {@link ReadTable} per table, in order. */
export type Reader = (exported: Exported, report: Report.Report) => Promise<ReadonlyArray<ReadTable>>

/** What the format cannot hold, declared by the adapter. */
export interface Capabilities {
  /**
   * Text starting with a formula trigger reads back with a leading `'`. CSV is always held to
   * at least {@link CSV_FORMULA_TRIGGERS}, declared or not.
   */
  readonly formulaPrefix?: ReadonlySet<string>
  /** The format cannot tell empty text from a missing value. */
  readonly emptyTextIsMissing?: boolean
  /** Longest text a cell holds; longer text must fail with `Unencodable` (XLSX: 32,767). */
  readonly maxTextLength?: number
  /** `cp932`: characters outside Shift_JIS must fail with `Unencodable` (the round trip uses a CP932-safe fixture). */
  readonly charset?: "unicode" | "cp932"
  /** `lf`: the format stores line breaks as LF (CRLF and CR read back as LF), as XLSX does. */
  readonly lineBreaks?: "exact" | "lf"
  /** The format holds several tables in one sink (false: CSV, which needs a path for several tables). */
  readonly multiTableStream?: boolean
}

/** Options of {@link suite}. */
export interface SuiteOptions {
  readonly reader: Reader
  readonly capabilities?: Capabilities
  /** File extension used for the exported files (default from the exporter's format). */
  readonly extension?: string
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

export { CSV_FORMULA_TRIGGERS } from "./exporter/formats.ts"

/** Excel's cell limit, in UTF-16 code units. */
export const EXCEL_MAX_TEXT = 32_767

const longText = (n: number): string => {
  const unit = "北上市の重層的支援体制 line\r\n, \"q\" ｶﾅ "
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n)
}

/** Awkward text values the round trip must keep, with a name for failure messages. */
export const awkwardTexts = (charset: "unicode" | "cp932"): ReadonlyArray<string | null> => [
  "plain",
  "comma, inside",
  "say \"hi\", then \"\"bye\"\"",
  "\"",
  ",",
  "line1\r\nline2",
  "lf\nonly",
  "cr\ronly",
  "trailing newline\n",
  "  padded  ",
  "北上市 重層的支援体制整備事業",
  "ｶﾀｶﾅ ﾊﾝｶｸ",
  "＝SUM(A1:A2)",
  "=SUM(A1:A2)",
  "=HYPERLINK(\"http://example.invalid\",\"x\")",
  "+1",
  "-1",
  "@cmd",
  "\tTAB first",
  "\rCR first",
  "'already quoted",
  "",
  null,
  "髙﨑 ① ～ －",
  ...(charset === "unicode" ? ["emoji 😀 family 👨‍👩‍👧", "𠮷野家", "العربية ✓ Ω"] : []),
  longText(EXCEL_MAX_TEXT)
]

const cols = [
  Report.column("n", "integer", "番号", "No."),
  Report.column("text", "text", "テキスト", "Text"),
  Report.column("count", "integer", "件数", "Count"),
  Report.column("amount", "decimal", "数値", "Amount"),
  Report.column("rate", "percent", "割合", "Rate"),
  Report.column("day", "date", "日付", "Date"),
  Report.column("at", "datetime", "日時", "Date-time"),
  Report.column("flag", "boolean", "フラグ", "Flag")
] as const

const integers = [0, -5, 400, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, null, 12, 7]
const decimals = [0, -0.5, 1.5e-7, 123456789.125, 1e21, null, 52.2, 0.1 + 0.2]
const percents = [0, 0.522, 1, null, 0.143, -0.05, 0.6, 1.25]
const days = ["2025-04-01", "2026-03-31", "2028-02-29", null, "1999-12-31"]
const times = [
  new Date("2025-04-10T01:00:00.000Z"),
  new Date("2024-03-31T14:30:00.000Z"),
  new Date("2024-03-31T15:30:00.123Z"),
  null,
  new Date("2028-12-31T23:59:59.000Z")
]
const flags = [true, false, null]

const pick = <A>(xs: ReadonlyArray<A>, i: number): A => xs[i % xs.length]!

/** The rows of the awkward table. */
export const awkwardRows = (charset: "unicode" | "cp932"): ReadonlyArray<Report.RowOf<typeof cols>> =>
  awkwardTexts(charset).map((text, i) => ({
    n: i + 1,
    text,
    count: pick(integers, i),
    amount: pick(decimals, i),
    rate: pick(percents, i),
    day: pick(days, i),
    at: pick(times, i),
    flag: pick(flags, i)
  }))

const metadata: Report.Metadata = {
  fiscalYearLabel: "令和7年度 (FY2025)",
  generatedAt: new Date("2026-04-01T00:00:00.000Z"),
  planRevision: "2025-04 (revised 2026-04)"
}

/** Where the fixture's rows come from. */
export type Source = "array" | "generator" | "async" | "stream"

const sourceOf = <R>(rows: ReadonlyArray<R>, source: Source): Report.RowSource<R> => {
  switch (source) {
    case "array":
      return rows
    case "generator":
      return function*() {
        yield* rows
      }
    case "async":
      return async function*() {
        for (const r of rows) yield r
      }
    case "stream":
      return () => Stream.fromIterable(rows).pipe(Stream.rechunk(3))
  }
}

/** The fixture report: an awkward register, an empty table and a small aggregate table with missing values. */
export const fixture = (charset: "unicode" | "cp932" = "unicode", source: Source = "array"): Report.Report =>
  Report.make({
    id: "conformance",
    titleJa: "適合性テスト",
    titleEn: "Conformance",
    metadata,
    tables: [
      Report.table({
        id: "awkward",
        titleJa: "扱いにくい値",
        titleEn: "Awkward values",
        kind: "register",
        columns: cols,
        rows: sourceOf(awkwardRows(charset), source)
      }),
      Report.table({
        id: "empty",
        titleJa: "空の表",
        titleEn: "Empty table",
        kind: "aggregate",
        columns: [Report.column("label", "text", "項目", "Item"), Report.column("value", "integer", "値", "Value")],
        rows: []
      }),
      Report.table({
        id: "kpi",
        titleJa: "指標",
        titleEn: "Indicators",
        kind: "aggregate",
        columns: [
          Report.column("id", "text", "指標", "Indicator"),
          Report.column("baseline", "decimal", "現状値", "Baseline"),
          Report.column("actual", "integer", "実績値", "Actual")
        ],
        rows: [
          { id: "KPI-1", baseline: null, actual: 0 },
          { id: "KPI-2", baseline: null, actual: null },
          { id: "KPI-5", baseline: 52.2, actual: 0 }
        ]
      })
    ]
  })

const single = (table: Report.Table, id = "single"): Report.Report =>
  Report.make({ id, titleJa: "単表", titleEn: "Single table", metadata, tables: [table] })

const textTable = (text: string, kind: Report.TableKind = "register"): Report.Table =>
  Report.table({
    id: "t",
    titleJa: "表",
    titleEn: "Table",
    kind,
    columns: [Report.column("n", "integer", "番号", "No."), Report.column("text", "text", "テキスト", "Text")],
    rows: [{ n: 1, text: "ok" }, { n: 2, text: "ok" }, { n: 3, text }]
  })

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Readers (independent of the exporters)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

/** Materialise a report's rows (the fixture's sources are small). */
const materialise = (report: Report.Report): Effect.Effect<ReadonlyArray<ReadonlyArray<Report.Row>>, Exporter.ExportError> =>
  Effect.forEach(report.tables, (t) =>
    Effect.gen(function*() {
      const rows: Array<Report.Row> = []
      yield* Exporter.forEachBatch(t, (batch) => Effect.sync(() => void rows.push(...batch)))
      return rows
    }))

const tempDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "juso-export-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

const listDir = (dir: string) => Effect.promise(() => readdir(dir))

/** An exporter's own description of itself: a name, its layer, its reader and declared capabilities. */
export interface Description extends SuiteOptions {
  readonly name: string
  readonly layer: Layer.Layer<Exporter.Exporter>
}

/**
 * Register the exporter conformance tests for one exporter layer: `suite(description)` with the
 * exporter's own {@link Description}, or `suite(name, layer, options)`.
 *
 * @param name shown in the test names, e.g. `csv (UTF-8 with BOM)`
 * @param layer provides the `Exporter` service under test
 * @param options the independent reader and the format's declared capabilities
 */
export function suite(description: Description): void
export function suite(name: string, layer: Layer.Layer<Exporter.Exporter>, options: SuiteOptions): void
export function suite(nameOrDescription: string | Description, layerArg?: Layer.Layer<Exporter.Exporter>, optionsArg?: SuiteOptions): void {
  const { layer, name, ...options } = typeof nameOrDescription === "string"
    ? { name: nameOrDescription, layer: layerArg!, ...optionsArg! }
    : nameOrDescription
  const caps = options.capabilities ?? {}
  const charset = caps.charset ?? "unicode"

  const exportTo = (report: Report.Report, dir: string, file = "report") =>
    Effect.gen(function*() {
      const exporter = yield* Exporter.Exporter
      const path = join(dir, `${file}${options.extension ?? exporter.format.extension}`)
      const summary = yield* exporter.export(report, path)
      return { path, summary }
    })

  const roundTrip = (report: Report.Report, inspect?: (exported: Exported) => Effect.Effect<void>) =>
    Effect.scoped(Effect.gen(function*() {
      const format = (yield* Exporter.Exporter).format
      const dir = yield* tempDir
      const exported = yield* exportTo(report, dir)
      const read = yield* Effect.promise(() => options.reader(exported, report))
      const expected = yield* materialise(report)
      compare(report, expected, read, Formats.effective(caps, format))
      Summary.check(report, expected, exported.summary, format)
      if (inspect !== undefined) yield* inspect(exported)
      return { exported, read }
    }))

  /** Export that must fail: returns the error and checks no file (nor temporary file) is left. */
  const mustFail = (report: Report.Report) =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const error = yield* Effect.flip(exportTo(report, dir))
      assert.deepStrictEqual(yield* listDir(dir), [], "nothing is left in the target folder after a failed export")
      return error
    }))

  describe(`ExporterConformance: ${name}`, () => {
    it.effect("KPI-10: the fixture report round-trips cell by cell through an independent reader", () =>
      roundTrip(fixture(charset)).pipe(Effect.provide(layer)))

    for (const source of ["generator", "async", "stream"] as const) {
      it.effect(`rows from ${source === "async" ? "an async iterable" : `a ${source}`} read back like rows from an array`, () =>
        roundTrip(fixture(charset, source)).pipe(Effect.provide(layer)))
    }

    it.effect("KPI-9: a missing value reads back as missing, never as zero or empty text", () =>
      Effect.gen(function*() {
        const { read } = yield* roundTrip(fixture(charset))
        const kpi = read[2]!
        assert.deepStrictEqual(kpi.rows.map((r) => [r[1] ?? null, r[2] ?? null]), [[null, 0], [null, null], [52.2, 0]])
      }).pipe(Effect.provide(layer)))

    it.effect("an empty table exports its header and reads back with no rows", () =>
      Effect.gen(function*() {
        const { read } = yield* roundTrip(fixture(charset))
        assert.strictEqual(read[1]!.rows.length, 0)
        assert.deepStrictEqual(read[1]!.headerJa, ["項目", "値"])
      }).pipe(Effect.provide(layer)))

    it.effect("the same report exports twice from a row-source function", () =>
      Effect.gen(function*() {
        const report = fixture(charset, "generator")
        yield* roundTrip(report)
        yield* roundTrip(report)
      }).pipe(Effect.provide(layer)))

    if (caps.maxTextLength !== undefined) {
      const max = caps.maxTextLength
      it.effect(`text longer than ${max} characters fails with Unencodable naming table, row and column`, () =>
        Effect.gen(function*() {
          const error = yield* mustFail(single(textTable("長".repeat(max + 1))))
          assert.strictEqual(error.reason._tag, "Unencodable")
          assert.deepInclude(error.reason, { table: "t", row: 3, column: "text" })
        }).pipe(Effect.provide(layer)))
    } else {
      it.effect("text longer than Excel's 32,767-character cell limit round-trips whole", () =>
        roundTrip(single(textTable(longText(EXCEL_MAX_TEXT * 2 + 5)))).pipe(Effect.provide(layer)))
    }

    if (charset === "cp932") {
      for (const [label, text] of [["an emoji", "絵文字 😀"], ["𠮷 (outside JIS X 0208)", "𠮷野家"]] as const) {
        it.effect(`text with ${label} fails with Unencodable naming table, row and column, and writes nothing`, () =>
          Effect.gen(function*() {
            const error = yield* mustFail(single(textTable(text)))
            assert.strictEqual(error.reason._tag, "Unencodable")
            assert.deepInclude(error.reason, { table: "t", row: 3, column: "text" })
            assert.notInclude(error.message, text, "AUD-2: the value is not echoed")
          }).pipe(Effect.provide(layer)))
      }
    }

    it.effect("AUD-2: a cell of the wrong kind fails with InvalidReport naming table, row and column, without echoing the value", () =>
      Effect.gen(function*() {
        const secret = "山田太郎 北上市本通り1-2-3"
        const error = yield* mustFail(single(Report.table({
          id: "t",
          titleJa: "表",
          titleEn: "Table",
          kind: "register",
          columns: [Report.column("n", "integer", "番号", "No."), Report.column("count", "integer", "件数", "Count")],
          rows: [{ n: 1, count: 1 }, { n: 2, count: secret as unknown as number }]
        })))
        assert.strictEqual(error.reason._tag, "InvalidReport")
        assert.deepInclude(error.reason, { table: "t", row: 2, column: "count" })
        assert.notInclude(error.message, "山田")
        assert.notInclude(JSON.stringify(error), "山田")
      }).pipe(Effect.provide(layer)))

    it.effect("AUD-2: an aggregate table with a personal column is refused before anything is written", () =>
      Effect.gen(function*() {
        const error = yield* mustFail(single(Report.table({
          id: "agg",
          titleJa: "集計",
          titleEn: "Aggregate",
          kind: "aggregate",
          columns: [Report.column("name", "text", "氏名", "Name", { personal: true }), Report.column("n", "integer", "件数", "Count")],
          rows: [{ name: "山田太郎", n: 1 }]
        })))
        assert.strictEqual(error.reason._tag, "InvalidReport")
        assert.deepInclude(error.reason, { table: "agg", column: "name" })
      }).pipe(Effect.provide(layer)))

    it.effect("a failing row source fails with SourceFailure and leaves no file", () =>
      Effect.gen(function*() {
        const error = yield* mustFail(single(Report.table({
          id: "t",
          titleJa: "表",
          titleEn: "Table",
          kind: "register",
          columns: [Report.column("n", "integer", "番号", "No.")],
          rows: () =>
            Stream.fromIterable([{ n: 1 }, { n: 2 }]).pipe(Stream.concat(Stream.fail(new Error("store down"))))
        })))
        assert.strictEqual(error.reason._tag, "SourceFailure")
      }).pipe(Effect.provide(layer)))

    it.effect("invalid ids and duplicate column keys are refused with InvalidReport", () =>
      Effect.gen(function*() {
        const bad = Report.make({ ...single(textTable("x")), id: "no spaces allowed" })
        assert.strictEqual((yield* mustFail(bad)).reason._tag, "InvalidReport")
        const dup = single(Report.table({
          id: "t",
          titleJa: "表",
          titleEn: "Table",
          kind: "register",
          columns: [Report.column("n", "integer", "番号", "No."), Report.column("n", "text", "番号2", "No. 2")],
          rows: []
        }))
        assert.strictEqual((yield* mustFail(dup)).reason._tag, "InvalidReport")
      }).pipe(Effect.provide(layer)))

    it.effect("a sink in a missing folder fails with SinkFailure", () =>
      Effect.gen(function*() {
        const exporter = yield* Exporter.Exporter
        const error = yield* Effect.flip(exporter.export(single(textTable("x")), join(tmpdir(), "juso-no-such-dir", "x", "r.out")))
        assert.strictEqual(error.reason._tag, "SinkFailure")
      }).pipe(Effect.provide(layer)))

    it.effect("a Node writable stream sink receives the same report and is ended", () =>
      Effect.scoped(Effect.gen(function*() {
        const exporter = yield* Exporter.Exporter
        const report = caps.multiTableStream === false ? single(textTable("streamed, \"sink\"")) : fixture(charset)
        const sink = new PassThrough()
        const chunks: Array<Buffer> = []
        sink.on("data", (c: Buffer) => chunks.push(c))
        const summary = yield* exporter.export(report, sink)
        assert.isTrue(sink.writableEnded)
        assert.deepStrictEqual(summary.files, [])
        const dir = yield* tempDir
        const path = join(dir, `streamed${options.extension ?? exporter.format.extension}`)
        yield* Effect.promise(() => import("node:fs/promises").then((fs) => fs.writeFile(path, Buffer.concat(chunks))))
        const read = yield* Effect.promise(() => options.reader({ path, summary: { ...summary, files: [path] } }, report))
        compare(report, yield* materialise(report), read, Formats.effective(caps, exporter.format))
      })).pipe(Effect.provide(layer)))

    // Capability groups, one file each (src/exporter/).
    Escaping.register(layer, roundTrip)
    Document.register(layer, fixture(charset), roundTrip)
    AtomicWrites.register(layer, options.extension, () => fixture(charset))
  })
}
