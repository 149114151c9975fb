import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { XlsxExporter } from "@kitakami-juso/export-xlsx"
import { ExporterConformance } from "@kitakami-juso/testkit"
import { Effect } from "effect"
import ExcelJS from "exceljs"

ExporterConformance.suite("xlsx", XlsxExporter.layer(), {
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
        assert.strictEqual(ws.getRow(3).getCell(8).type, ExcelJS.ValueType.Boolean)
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

  it("sheet names are valid and unique", () => {
    const used = new Set<string>()
    assert.strictEqual(XlsxExporter.sheetName("a/b:c", used), "a_b_c")
    assert.strictEqual(XlsxExporter.sheetName("A/B:C", used), "A_B_C (2)")
    assert.strictEqual([...XlsxExporter.sheetName("長".repeat(40), used)].length, 31)
  })

  const soffice = ["/usr/bin/libreoffice", "/usr/bin/soffice"].find((p) => existsSync(p))
  /** In CI (`CI` set) the CI script installs LibreOffice, so a missing one fails the test instead of skipping it. */
  const inCi = Boolean(process.env.CI)
  it.skipIf(soffice === undefined && !inCi)(
    `LibreOffice Calc opens the workbook headless and converts each sheet to CSV${soffice === undefined && !inCi ? " (skipped: libreoffice is not installed; apt-get install -y libreoffice-calc)" : ""}`,
    async () => {
      if (soffice === undefined) {
        throw new Error("CI is set but LibreOffice (/usr/bin/libreoffice or /usr/bin/soffice) is missing: the CI machine must install it (apt-get install -y libreoffice-calc)")
      }
      const dir = await mkdtemp(join(tmpdir(), "xlsx-lo-"))
      try {
        const path = join(dir, "r.xlsx")
        await Effect.runPromise(XlsxExporter.make().export(ExporterConformance.fixture(), path))
        await promisify(execFile)(soffice!, [
          "--headless",
          "--norestore",
          `-env:UserInstallation=file://${join(dir, "profile")}`,
          "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
          "--outdir",
          dir,
          path
        ], { timeout: 120_000 })
        const files = (await readdir(dir)).filter((f) => f.endsWith(".csv")).sort()
        assert.isAtLeast(files.length, 3, `converted sheets: ${files.join(", ")}`)
        const first = await readFile(join(dir, files.find((f) => f.includes("扱いにくい値")) ?? files[0]!), "utf8")
        const lines = first.split("\n")
        assert.match(lines[0]!, /^番号,テキスト,件数/)
        assert.match(lines[1]!, /^No\.,Text,Count/)
        assert.include(first, "北上市 重層的支援体制整備事業")
        assert.include(first, "2025-04-01")
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    180_000
  )
})
