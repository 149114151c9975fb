import { execFile } from "node:child_process"
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { CsvExporter } from "@kitakami-juso/export-csv"
import { ExporterConformance } from "@kitakami-juso/testkit"
import { Effect } from "effect"
import iconv from "iconv-lite"
import * as Programs from "../../../test-support/programs.ts"

const prefix = { formulaPrefix: CsvExporter.FORMULA_TRIGGERS, multiTableStream: false } as const

ExporterConformance.suite("csv (UTF-8 with BOM)", CsvExporter.layer(), {
  reader: ExporterConformance.readCsv(),
  capabilities: prefix
})
ExporterConformance.suite("csv (UTF-8, English and Japanese header rows)", CsvExporter.layer({ encoding: "utf8", header: "both" }), {
  reader: ExporterConformance.readCsv({ encoding: "utf8", headerRows: 2 }),
  capabilities: prefix
})
ExporterConformance.suite("csv (Shift_JIS / CP932)", CsvExporter.layer({ encoding: "cp932" }), {
  reader: ExporterConformance.readCsv({ encoding: "cp932" }),
  capabilities: { ...prefix, charset: "cp932" }
})

const metadata: Report.Metadata = {
  fiscalYearLabel: "令和7年度 (FY2025)",
  generatedAt: new Date("2026-04-01T00:00:00Z"),
  planRevision: "2025-04 (revised 2026-04)"
}

const report = (rows: ReadonlyArray<Record<string, Report.Cell | null>>, extra: Array<Report.Column> = []): Report.Report =>
  Report.make({
    id: "r",
    titleJa: "テスト",
    titleEn: "Test",
    metadata,
    tables: [{
      id: "t",
      titleJa: "表",
      titleEn: "Table",
      kind: "register",
      columns: [Report.column("text", "text", "テキスト", "Text"), Report.column("n", "integer", "数", "Number"), ...extra],
      rows
    }]
  })

const exportToString = (r: Report.Report, options: CsvExporter.Options = {}) =>
  Effect.gen(function*() {
    const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "csv-")))
    const path = join(dir, "r.csv")
    yield* CsvExporter.make(options).export(r, path).pipe(Effect.ensuring(Effect.void))
    const bytes = yield* Effect.promise(() => readFile(path))
    yield* Effect.promise(() => rm(dir, { recursive: true }))
    return bytes
  })

describe("CsvExporter", () => {
  it.effect("writes a UTF-8 BOM, CRLF records and RFC 4180 quoting by default", () =>
    Effect.gen(function*() {
      const bytes = yield* exportToString(report([{ text: "a,\"b\"", n: 1 }, { text: "", n: null }, { text: null, n: 0 }]))
      assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF])
      assert.strictEqual(bytes.subarray(3).toString("utf8"), "テキスト,数\r\n\"a,\"\"b\"\"\",1\r\n\"\",\r\n,0\r\n")
    }))

  it.effect("neutralises formula triggers in text but keeps real negative numbers as numbers", () =>
    Effect.gen(function*() {
      const bytes = yield* exportToString(
        report([{ text: "=1+1", n: -5 }, { text: "-5", n: -1 }, { text: "@SUM(A1)", n: 0 }, { text: "\tx", n: 1 }, { text: "＝1+1", n: 2 }]),
        { encoding: "utf8" }
      )
      assert.strictEqual(
        bytes.toString("utf8"),
        "テキスト,数\r\n'=1+1,-5\r\n'-5,-1\r\n'@SUM(A1),0\r\n'\tx,1\r\n＝1+1,2\r\n"
      )
    }))

  it.effect("writes percentages exactly, numbers without exponents, dates and Japan-time date-times", () =>
    Effect.gen(function*() {
      const r = report([{ text: "x", n: 1, p: 0.522, d: 1.5e-7, day: "2025-04-01", at: new Date("2024-03-31T15:30:00Z"), b: true }], [
        Report.column("p", "percent", "割合", "Rate"),
        Report.column("d", "decimal", "値", "Value"),
        Report.column("day", "date", "日付", "Date"),
        Report.column("at", "datetime", "日時", "At"),
        Report.column("b", "boolean", "可否", "Flag")
      ])
      const text = (yield* exportToString(r, { encoding: "utf8" })).toString("utf8")
      assert.strictEqual(text.split("\r\n")[1], "x,1,52.2%,0.00000015,2025-04-01,2024-04-01 00:30:00,TRUE")
      const iso = (yield* exportToString(r, { encoding: "utf8", percent: "fraction", datetime: "iso" })).toString("utf8")
      assert.strictEqual(iso.split("\r\n")[1], "x,1,0.522,0.00000015,2025-04-01,2024-04-01T00:30:00+09:00,TRUE")
    }))

  it.effect("CP932: maps JIS variants (〜 −) to their CP932 forms and encodes half-width kana as single bytes", () =>
    Effect.gen(function*() {
      const bytes = yield* exportToString(report([{ text: "2025年度〜2028年度 −1 ｶﾅ", n: 1 }]), { encoding: "cp932" })
      assert.strictEqual(iconv.decode(bytes, "cp932").split("\r\n")[1], "2025年度～2028年度 －1 ｶﾅ,1")
      assert.isTrue(bytes.includes(Buffer.from([0xB6, 0xC5])), "ｶﾅ as single bytes")
    }))

  it.effect("CP932: unencodable characters fail with a typed error naming table, row and column, or are replaced on request", () =>
    Effect.gen(function*() {
      const r = report([{ text: "ok", n: 1 }, { text: "😀 𠮷", n: 2 }])
      const error = yield* Effect.flip(exportToString(r, { encoding: "cp932" }))
      assert.strictEqual(error.reason._tag, "Unencodable")
      assert.deepInclude(error.reason, { table: "t", row: 2, column: "text" })
      const replaced = yield* exportToString(r, { encoding: "cp932", unencodable: "replace", replacement: "〓" })
      assert.strictEqual(iconv.decode(replaced, "cp932").split("\r\n")[2], "〓 〓,2")
      const strict = yield* Effect.flip(exportToString(report([{ text: "〜", n: 1 }]), { encoding: "cp932", jisVariants: "error" }))
      assert.strictEqual(strict.reason._tag, "Unencodable")
    }))

  it.effect("a report with several tables written to a path gives one file per table; to a stream it needs `table`", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "csv-")))
      const fixture = ExporterConformance.fixture()
      const summary = yield* CsvExporter.make().export(fixture, join(dir, "report.csv"))
      assert.deepStrictEqual(summary.files, ["awkward", "empty", "kpi"].map((t) => join(dir, `report.${t}.csv`)))
      assert.deepStrictEqual((yield* Effect.promise(() => readdir(dir))).sort(), ["report.awkward.csv", "report.empty.csv", "report.kpi.csv"])
      const { PassThrough } = yield* Effect.promise(() => import("node:stream"))
      const error = yield* Effect.flip(CsvExporter.make().export(fixture, new PassThrough()))
      assert.strictEqual(error.reason._tag, "InvalidReport")
      const one = yield* CsvExporter.make({ table: "kpi" }).export(fixture, join(dir, "kpi.csv"))
      assert.deepStrictEqual(one.tables, [{ id: "kpi", rows: 3 }])
      yield* Effect.promise(() => rm(dir, { recursive: true }))
    }))

  it.effect("a failure in the second table of a multi-file export leaves none of the files", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "csv-")))
      const base = report([{ text: "ok", n: 1 }])
      const r = Report.make({ ...base, tables: [base.tables[0]!, { ...base.tables[0]!, id: "u", rows: [{ text: "😀", n: 1 }] }] })
      const error = yield* Effect.flip(CsvExporter.make({ encoding: "cp932" }).export(r, join(dir, "r.csv")))
      assert.strictEqual(error.reason._tag, "Unencodable")
      assert.deepStrictEqual(yield* Effect.promise(() => readdir(dir)), [])
      yield* Effect.promise(() => rm(dir, { recursive: true }))
    }))

  it("shiftDecimal moves the decimal point exactly", () => {
    assert.strictEqual(Report.shiftDecimal(0.522, 2), "52.2")
    assert.strictEqual(Report.shiftDecimal(0.1 + 0.2, 2), "30.000000000000004")
    assert.strictEqual(Number(Report.shiftDecimalString("30.000000000000004", -2)), 0.1 + 0.2)
    assert.strictEqual(Report.shiftDecimal(1e-7, 2), "0.00001")
    assert.strictEqual(Report.shiftDecimal(-1.25, 2), "-125")
    assert.strictEqual(Report.shiftDecimalString("1e21", 0), "1000000000000000000000")
  })

  it("the layer provides the Exporter service", () => {
    assert.strictEqual(CsvExporter.make().format.id, "csv")
    assert.isDefined(Exporter.Exporter)
  })
})

/** LibreOffice from `SOFFICE_PATH`: skipped locally when missing, fails in CI (test-support/programs.ts). */
describe("CsvExporter in LibreOffice", () => {
  it.skipIf(Programs.skipReason(Programs.soffice) !== undefined)(
    `neutralised = is not evaluated and full-width ＝ stays text when LibreOffice opens the CSV${Programs.skipNote(Programs.soffice)}`,
    async () => {
      Programs.requirePrograms(Programs.soffice)
      const dir = await mkdtemp(join(tmpdir(), "csv-lo-"))
      try {
        const path = join(dir, "f.csv")
        await Effect.runPromise(CsvExporter.make({ encoding: "utf8" }).export(report([{ text: "=1+1", n: -5 }, { text: "＝1+1", n: 2 }]), path))
        await promisify(execFile)(Programs.soffice.path, [
          "--headless",
          "--norestore",
          `-env:UserInstallation=file://${join(dir, "profile")}`,
          "--infilter=CSV:44,34,76,1",
          "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
          "--outdir",
          join(dir, "out"),
          path
        ], { timeout: 120_000 })
        const lines = (await readFile(join(dir, "out", "f.csv"), "utf8")).split(/\r?\n/)
        assert.strictEqual(lines[1], "'=1+1,-5", "the neutralised cell is text, the negative number a number")
        assert.strictEqual(lines[2], "＝1+1,2", "full-width ＝ is not a formula")
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    180_000
  )
})
