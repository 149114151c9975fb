/**
 * The data rows XlsxExporter serialises itself are the XML exceljs' own row writer makes for the
 * same values: exported both ways, the sheets' data rows are equal byte for byte once each cell's
 * style id is replaced by the number format it stands for (style ids are numbered per workbook),
 * and except for the one deliberate difference: text with whitespace at either end is an inline
 * string with `xml:space="preserve"` (normalised back to exceljs' form before comparing).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inflateRawSync } from "node:zlib"
import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { XlsxExporter } from "@kitakami-juso/export-xlsx"
import { ExporterConformance } from "@kitakami-juso/testkit"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import * as fc from "fast-check"

/** The entries of a zip file (stored or deflated), from its central directory. */
const unzip = (zip: Buffer): Map<string, string> => {
  const out = new Map<string, string>()
  let eocd = zip.length - 22
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--
  let p = zip.readUInt32LE(eocd + 16)
  for (let i = zip.readUInt16LE(eocd + 10); i > 0; i--) {
    const method = zip.readUInt16LE(p + 10)
    const size = zip.readUInt32LE(p + 20)
    const nameLength = zip.readUInt16LE(p + 28)
    const skip = nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32)
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString("utf8").replace(/^\//, "")
    const local = zip.readUInt32LE(p + 42)
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(start, start + size)
    out.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"))
    p += 46 + skip
  }
  return out
}

/** The data rows (row 3 on) of the first sheet, each `s="N"` replaced by the style's number format. */
const dataRows = (files: Map<string, string>): string => {
  const styles = files.get("xl/styles.xml")!
  const formats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
  const xfs = [...styles.slice(styles.indexOf("<cellXfs")).matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => formats.get(m[1]!) ?? `builtin:${m[1]}`)
  const sheet = files.get("xl/worksheets/sheet1.xml")!
  const start = sheet.indexOf(`<row r="3"`)
  const rows = start < 0 ? "" : sheet.slice(start, sheet.indexOf("</sheetData>"))
  return rows.replace(/ s="(\d+)"/g, (_, id: string) => ` s="${xfs[Number(id)]}"`)
}

const columns = [
  Report.column("text", "text", "文", "Text"),
  Report.column("integer", "integer", "整数", "Integer"),
  Report.column("decimal", "decimal", "小数", "Decimal"),
  Report.column("percent", "percent", "率", "Percent"),
  Report.column("date", "date", "日付", "Date"),
  Report.column("datetime", "datetime", "日時", "Date-time"),
  Report.column("boolean", "boolean", "真偽", "Boolean")
] as const

/** The reference: exceljs' streaming writer and its per-row API, with the column formats XlsxExporter uses. */
const viaExcelJs = async (path: string, table: Report.Table, rows: ReadonlyArray<Report.Row>) => {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet("t")
  ws.columns = table.columns.map((c) => ({ style: XlsxExporter.columnStyle(c) }))
  ws.addRow(table.columns.map((c) => c.labelJa)).commit()
  ws.addRow(table.columns.map((c) => c.labelEn)).commit()
  for (const row of rows) {
    const added = ws.addRow(table.columns.map((c): ExcelJS.CellValue => {
      const v = row[c.key]
      if (v === null || v === undefined || v === "") return null
      switch (c.kind) {
        case "text":
          return (v as string).replace(/\r\n?/g, "\n")
        case "date": {
          const [y, m, d] = (v as string).split("-").map(Number)
          return new Date(Date.UTC(y!, m! - 1, d!))
        }
        case "datetime":
          return Report.toJstWallClock(v as Date)
        default:
          return v as number | boolean
      }
    }))
    // Wrapped text rows get their height as the exporter computes it (one shared function).
    const height = XlsxExporter.rowHeight(table.columns, row)
    if (height !== undefined) added.height = height
    added.commit()
  }
  ws.commit()
  await wb.commit()
}

const compare = (table: Report.Table, rows: ReadonlyArray<Report.Row>) =>
  Effect.promise(async () => {
    const dir = await mkdtemp(join(tmpdir(), "xlsx-rows-"))
    try {
      const ours = join(dir, "ours.xlsx"), ref = join(dir, "ref.xlsx")
      const report = Report.make({
        id: "r",
        titleJa: "表",
        titleEn: "Table",
        metadata: { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date(0), planRevision: "x" },
        tables: [{ ...table, rows: rows as Report.Table["rows"] }]
      })
      await Effect.runPromise(XlsxExporter.make({ aboutSheet: false, booleans: "values" }).export(report, ours))
      await viaExcelJs(ref, table, rows)
      const preserved = /t="inlineStr"><is><t xml:space="preserve">([^<]*)<\/t><\/is><\/c>/g
      const normalised = dataRows(unzip(await readFile(ours))).replace(preserved, `t="str"><v>$1</v></c>`)
      return { ours: normalised, reference: dataRows(unzip(await readFile(ref))) }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

const table = Report.table({ id: "t", titleJa: "表", titleEn: "Table", kind: "register", columns, rows: [] })

const day = fc.date({ min: new Date("1900-03-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const row = fc.record({
  text: fc.option(fc.oneof(fc.string({ unit: "grapheme" }).filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s)), fc.constantFrom("<&>\"'", "a\r\nb\rc", "\u007Fdel", "=SUM(A1)", "")), { nil: null }),
  integer: fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: null }),
  decimal: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
  percent: fc.option(fc.double({ min: -2, max: 2, noNaN: true }), { nil: null }),
  date: fc.option(day, { nil: null }),
  datetime: fc.option(fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), { nil: null }),
  boolean: fc.option(fc.boolean(), { nil: null })
}, { requiredKeys: [] })

describe("XlsxExporter data rows", () => {
  it.effect("KPI-10: the conformance fixture's rows are the XML exceljs' row writer makes (styles by number format)", () =>
    Effect.gen(function*() {
      const fixture = ExporterConformance.fixture().tables[0]!
      const rows = fixture.rows as ReadonlyArray<Report.Row>
      const { ours, reference } = yield* compare(fixture, rows)
      assert.isAbove(ours.length, 1000)
      assert.strictEqual(ours, reference)
    }))

  it("KPI-10: any rows of every column kind, missing values and all-missing rows included, are written as exceljs writes them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), async (rows) => {
        const { ours, reference } = await Effect.runPromise(compare(table, rows))
        assert.strictEqual(ours, reference)
      }),
      { numRuns: 25 }
    )
  }, 120_000)
})
