import { execFile } from "node:child_process"
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Writable } from "node:stream"
import { promisify } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { XlsxExporter } from "@kitakami-juso/export-xlsx"
import { ExporterConformance } from "@kitakami-juso/testkit"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import * as Programs from "../../../test-support/programs.ts"

ExporterConformance.suite("xlsx", XlsxExporter.layer({ booleans: "values" }), {
  reader: ExporterConformance.readXlsx(),
  capabilities: { maxTextLength: XlsxExporter.MAX_CELL_TEXT, lineBreaks: "lf", emptyTextIsMissing: true }
})

const withDir = <A, E>(f: (dir: string) => Effect.Effect<A, E>) =>
  Effect.acquireUseRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "xlsx-"))),
    f,
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  )

const exportFixture = (dir: string, report = ExporterConformance.fixture()) =>
  Effect.gen(function*() {
    const path = join(dir, "r.xlsx")
    yield* XlsxExporter.make().export(report, path)
    const wb = new ExcelJS.Workbook()
    yield* Effect.promise(() => wb.xlsx.readFile(path))
    return { path, wb }
  })

describe("XlsxExporter", () => {
  it.effect("KPI-10: one sheet per table plus an About sheet; workbook properties set", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const { wb } = yield* exportFixture(dir)
        assert.deepStrictEqual(wb.worksheets.map((w) => w.name), ["扱いにくい値", "空の表", "指標", "情報 (About)"])
        assert.strictEqual(wb.creator, "kitakami-juso")
        assert.strictEqual(wb.title, "適合性テスト / Conformance")
        assert.strictEqual(wb.subject, "令和7年度 (FY2025)")
        assert.strictEqual(wb.created.toISOString(), "2026-04-01T00:00:00.000Z")
        const about = wb.getWorksheet("情報 (About)")!
        assert.strictEqual(about.getRow(2).getCell(2).value, "令和7年度 (FY2025)")
      })))

  it.effect("header rows: Japanese bold and filled, English below, both frozen; widths and number formats per kind", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const { wb } = yield* exportFixture(dir)
        const ws = wb.worksheets[0]!
        const ja = ws.getRow(1).getCell(2)
        assert.strictEqual(ja.value, "テキスト")
        assert.isTrue(ja.font.bold)
        assert.strictEqual((ja.fill as ExcelJS.FillPattern).pattern, "solid")
        assert.strictEqual(ws.getRow(2).getCell(2).value, "Text")
        assert.isTrue(ws.getRow(2).getCell(2).font.italic)
        assert.deepInclude(ws.views[0]!, { state: "frozen", ySplit: 2 })
        assert.strictEqual(ws.getColumn(2).width, 24)
        assert.strictEqual(ws.getRow(3).getCell(5).numFmt, "0.0%")
        assert.strictEqual(ws.getRow(3).getCell(6).numFmt, "yyyy-mm-dd")
        assert.strictEqual(ws.getRow(3).getCell(7).numFmt, "yyyy-mm-dd hh:mm:ss")
        assert.strictEqual(ws.getRow(3).getCell(3).type, ExcelJS.ValueType.Number)
        assert.strictEqual(ws.getRow(3).getCell(6).type, ExcelJS.ValueType.Date)
        // Booleans print as ○ / × text by default (staff read them; TRUE/FALSE is for programs).
        assert.strictEqual(ws.getRow(3).getCell(8).value, "○")
        assert.strictEqual(ws.getRow(4).getCell(8).value, "×")
        assert.strictEqual(ws.pageSetup.paperSize, 9)
      })))

  it.effect("text starting with = is stored as text, never as a formula", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const { wb } = yield* exportFixture(dir)
        const ws = wb.worksheets[0]!
        const cells: Array<ExcelJS.Cell> = []
        ws.eachRow((row) => row.eachCell((c) => void cells.push(c)))
        assert.isFalse(cells.some((c) => c.type === ExcelJS.ValueType.Formula))
        assert.strictEqual(ws.getRow(16).getCell(2).value, "=SUM(A1:A2)")
      })))

  it.effect("a control character XML forbids fails with Unencodable, or becomes U+FFFD with unencodable: replace", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const r = Report.make({
          id: "r",
          titleJa: "表",
          titleEn: "T",
          metadata: { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date(0), planRevision: "x" },
          tables: [Report.table({ id: "t", titleJa: "表", titleEn: "T", kind: "register", columns: [Report.column("s", "text", "文", "S")], rows: [{ s: "a\u0001b" }] })]
        })
        const error = yield* Effect.flip(XlsxExporter.make().export(r, join(dir, "bad.xlsx")))
        assert.deepInclude(error.reason, { _tag: "Unencodable", table: "t", row: 1, column: "s" })
        assert.deepStrictEqual(yield* Effect.promise(() => readdir(dir)), [])
        yield* XlsxExporter.make({ unencodable: "replace" }).export(r, join(dir, "ok.xlsx"))
        const wb = new ExcelJS.Workbook()
        yield* Effect.promise(() => wb.xlsx.readFile(join(dir, "ok.xlsx")))
        assert.strictEqual(wb.worksheets[0]!.getRow(3).getCell(1).value, "a\uFFFDb")
      })))

  /** A report of `tables` tables of `rows` rows each, every row distinct, long enough for many 64 KiB chunks. */
  const longReport = (tables: number, rows: number) =>
    Report.make({
      id: "r",
      titleJa: "表",
      titleEn: "T",
      metadata: { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date(0), planRevision: "x" },
      tables: Array.from({ length: tables }, (_, t) =>
        Report.table({
          id: `t${t}`,
          titleJa: `表${t}`,
          titleEn: `T${t}`,
          kind: "register",
          columns: [Report.column("s", "text", "文", "S"), Report.column("n", "integer", "数", "N")],
          rows: function*() {
            for (let i = 0; i < rows; i++) yield { s: `行 ${t}-${i} ${"x".repeat(i % 40)}`, n: i }
          }
        }))
    })

  it.effect("a slow stream sink holds the rows back and still gets every row of every sheet, in order", () =>
    Effect.gen(function*() {
      const parts: Array<Buffer> = []
      const sink = new Writable({
        highWaterMark: 1024,
        write: (chunk: Buffer, _, done) => {
          parts.push(chunk)
          setTimeout(done, 0)
        }
      })
      yield* XlsxExporter.make().export(longReport(2, 10_000), sink)
      const wb = new ExcelJS.Workbook()
      yield* Effect.promise(() => wb.xlsx.load(new Uint8Array(Buffer.concat(parts)).buffer))
      for (const t of [0, 1]) {
        const ws = wb.worksheets[t]!
        assert.strictEqual(ws.rowCount, 10_002)
        assert.strictEqual(ws.getRow(3).getCell(1).value, `行 ${t}-0 `)
        assert.strictEqual(ws.getRow(10_002).getCell(1).value, `行 ${t}-9999 ${"x".repeat(9_999 % 40)}`)
        assert.strictEqual(ws.getRow(10_002).getCell(2).value, 9_999)
      }
    }))

  it.effect("a stream sink failing in the middle of a sheet fails the export with SinkFailure (it does not wait forever)", () =>
    Effect.gen(function*() {
      let written = 0
      const sink = new Writable({
        highWaterMark: 1024,
        write: (chunk: Buffer, _, done) => {
          written += chunk.length
          done(written > 100_000 ? new Error("disk full") : null)
        }
      })
      const error = yield* Effect.flip(XlsxExporter.make().export(longReport(1, 200_000), sink))
      assert.strictEqual(error.reason._tag, "SinkFailure")
    }))

  it("sheet names are valid and unique", () => {
    const used = new Set<string>()
    assert.strictEqual(XlsxExporter.sheetName("a/b:c", used), "a_b_c")
    assert.strictEqual(XlsxExporter.sheetName("A/B:C", used), "A_B_C (2)")
    assert.strictEqual([...XlsxExporter.sheetName("長".repeat(40), used)].length, 31)
  })

  /** LibreOffice from `SOFFICE_PATH`: skipped locally when missing, fails in CI (test-support/programs.ts). */
  it.skipIf(Programs.skipReason(Programs.soffice) !== undefined)(
    `LibreOffice Calc opens the workbook headless; every sheet converted to CSV equals the fixture cell by cell${Programs.skipNote(Programs.soffice)}`,
    async () => {
      Programs.requirePrograms(Programs.soffice)
      const dir = await mkdtemp(join(tmpdir(), "xlsx-lo-"))
      try {
        const report = ExporterConformance.fixture()
        const path = join(dir, "r.xlsx")
        await Effect.runPromise(XlsxExporter.make().export(report, path))
        // CSV filter options: comma, double quote, UTF-8 (76), from line 1, default cell format and
        // language, quoted fields not as text, special numbers detected, cell contents NOT saved as
        // shown (raw values; see `libreOfficeCsv`), no formulas, spaces kept, every sheet (-1) to
        // its own file `r-<sheet name>.csv`.
        await promisify(execFile)(Programs.soffice.path, [
          "--headless",
          "--norestore",
          `-env:UserInstallation=file://${join(dir, "profile")}`,
          "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
          "--outdir",
          join(dir, "out"),
          path
        ], { timeout: 120_000 })
        const used = new Set<string>()
        const sheets = [...report.tables.map((t) => XlsxExporter.sheetName(t.titleJa, used)), XlsxExporter.sheetName("情報 (About)", used)]
        const files = (await readdir(join(dir, "out"))).filter((f) => f.endsWith(".csv")).sort()
        assert.deepStrictEqual(files, sheets.map((name) => `r-${name}.csv`).sort(), "one CSV per sheet, none missing, none extra")
        const read = async (sheet: string) => parseCsv(await readFile(join(dir, "out", `r-${sheet}.csv`), "utf8"))

        for (const [ti, t] of report.tables.entries()) {
          assert.isTrue(Array.isArray(t.rows), "the fixture's rows are an array")
          const expected: Array<ReadonlyArray<string>> = [
            t.columns.map((c) => c.labelJa),
            t.columns.map((c) => c.labelEn),
            ...(t.rows as ReadonlyArray<Report.Row>).map((row) => t.columns.map((c) => libreOfficeCsv(c.kind, row[c.key] ?? null)))
          ]
          assertSameGrid(sheets[ti]!, await read(sheets[ti]!), expected)
        }
        const about: Array<ReadonlyArray<string>> = [
          ["報告書 / Report", `${report.titleJa} / ${report.titleEn}`],
          ["年度 / Fiscal year", report.metadata.fiscalYearLabel],
          ["作成日時 / Generated at", libreOfficeCsv("datetime", report.metadata.generatedAt)],
          ["計画の版 / Plan revision", report.metadata.planRevision],
          ...report.tables.map((t) => [`表 / Table ${t.id}`, `${t.titleJa} / ${t.titleEn} (${t.kind})`])
        ]
        assertSameGrid(sheets.at(-1)!, await read(sheets.at(-1)!), about)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    180_000
  )
})

/**
 * The CSV LibreOffice writes for one fixture cell, with "save cell contents as shown" off. Each
 * difference from the value itself is LibreOffice's rendering (or XLSX's), listed here explicitly:
 *
 * - missing values, and empty text (XLSX has no empty string cell), are empty fields;
 * - text: CR LF and lone CR are stored as LF (XLSX). Leading and trailing whitespace is kept:
 *   LibreOffice would drop it from a plain `t="str"` value, so the exporter writes such text as an
 *   inline string with `xml:space="preserve"`;
 * - integers and decimals in LibreOffice's General format: safe integers exactly
 *   (9007199254740991), other numbers rounded to 15 significant digits (0.1 + 0.2 → `0.3`) without
 *   an exponent (1.5e-7 → `0.00000015`), from 1e15 on in scientific form with a three-digit
 *   exponent (1e21 → `1E+021`);
 * - percent: the value × 100 in the General format and a `%` sign (0.522 → `52.2%`, 0 → `0%`),
 *   not the `0.0%` number format;
 * - dates in their `yyyy-mm-dd` format, and date-times as Japan wall-clock time in their
 *   `yyyy-mm-dd hh:mm:ss` format, so milliseconds are not shown (15:30:00.123Z → `00:30:00`);
 * - booleans as the exporter's default symbols `○` / `×`.
 */
const libreOfficeCsv = (kind: Report.ColumnKind, v: Report.Cell | null): string => {
  if (v === null || v === "") return ""
  switch (kind) {
    case "text":
      return (v as string).replace(/\r\n?/g, "\n")
    case "integer":
    case "decimal":
      return general(v as number)
    case "percent":
      return `${general(Number(Report.shiftDecimal(v as number, 2)))}%`
    case "date":
      return v as string
    case "datetime":
      return Report.toJstWallClock(v as Date).toISOString().slice(0, 19).replace("T", " ")
    case "boolean":
      return v ? "○" : "×"
  }
}

/** LibreOffice's General number format, as far as the fixture's numbers need it (see {@link libreOfficeCsv}). */
const general = (n: number): string => {
  if (Number.isSafeInteger(n)) return String(n)
  if (Math.abs(n) >= 1e15) {
    const [mantissa, exponent] = Number(n.toPrecision(15)).toExponential().split("e") as [string, string]
    return `${mantissa}E${exponent.startsWith("-") ? "-" : "+"}${exponent.replace(/^[+-]/, "").padStart(3, "0")}`
  }
  return Report.shiftDecimal(Number(n.toPrecision(15)), 0)
}

/** RFC 4180 records as LibreOffice writes them: LF-terminated, `"` quoting with `""` escapes, line breaks inside quotes. */
const parseCsv = (text: string): Array<Array<string>> => {
  const records: Array<Array<string>> = []
  let record: Array<string> = []
  let field = ""
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === "\"" && field === "") {
      // A quoted field: up to the closing quote, "" standing for one quote.
      i++
      for (;;) {
        const q = text.indexOf("\"", i)
        if (q < 0) throw new Error("unterminated quoted field")
        field += text.slice(i, q)
        if (text[q + 1] === "\"") {
          field += "\""
          i = q + 2
        } else {
          i = q + 1
          break
        }
      }
    } else if (ch === ",") {
      record.push(field)
      field = ""
      i++
    } else if (ch === "\n") {
      record.push(field)
      records.push(record)
      record = []
      field = ""
      i++
    } else {
      field += ch
      i++
    }
  }
  if (field !== "" || record.length > 0) throw new Error("the last record must end with a line break")
  return records
}

/** Same number of rows, each with the same fields; a difference names sheet, row and column. */
const assertSameGrid = (sheet: string, got: ReadonlyArray<ReadonlyArray<string>>, want: ReadonlyArray<ReadonlyArray<string>>) => {
  const show = (s: string | undefined) => (s !== undefined && s.length > 60 ? `text(${s.length} chars)` : JSON.stringify(s))
  for (let r = 0; r < Math.max(got.length, want.length); r++) {
    const g = got[r]
    const w = want[r]
    if (g === undefined || w === undefined) assert.fail(`sheet ${sheet}: ${got.length} rows converted, ${want.length} expected`)
    assert.strictEqual(g.length, w.length, `sheet ${sheet}, row ${r + 1}: number of fields`)
    for (let c = 0; c < w.length; c++) {
      if (g[c] !== w[c]) assert.fail(`sheet ${sheet}, row ${r + 1}, column ${c + 1}: expected ${show(w[c])}, LibreOffice gave ${show(g[c])}`)
    }
  }
}
