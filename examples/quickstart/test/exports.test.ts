/**
 * The quickstart's exports: the FY2025 indicator report and the three registers, written as CSV,
 * XLSX, JSON (and HTML for the indicator report), read back with independent readers: csv-parse,
 * exceljs' reader and `JsonExporter.decode` (KPI-9, OUT-2, MTG-6, PLN-8, ACC-1, AUD-2).
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Pseudonym, type Report } from "@kitakami-juso/core"
import { JsonExporter } from "@kitakami-juso/export-json"
import { parse } from "csv-parse/sync"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import { afterAll, describe, expect, it } from "vitest"

const dir = fileURLToPath(new URL("..", import.meta.url))
const out = mkdtempSync(join(tmpdir(), "quickstart-out-"))
const KEY = "quickstart test export key, 32+ bytes long"
const stdout = execFileSync(process.execPath, ["main.ts"], {
  cwd: dir,
  encoding: "utf8",
  env: { ...process.env, TZ: "America/Los_Angeles", QUICKSTART_OUT: out, JUSO_EXPORT_KEY: KEY }
})
afterAll(() => rmSync(out, { recursive: true, force: true }))

const names = ["indicators-fy2025", "outreach-log-fy2025", "meeting-log-fy2025", "plan-register-fy2025"] as const
const tableOf: Record<(typeof names)[number], string> = {
  "indicators-fy2025": "indicators",
  "outreach-log-fy2025": "outreach",
  "meeting-log-fy2025": "meetings",
  "plan-register-fy2025": "plans"
}
const rowCounts: Record<(typeof names)[number], number> = {
  "indicators-fy2025": 8,
  "outreach-log-fy2025": 6,
  "meeting-log-fy2025": 4,
  "plan-register-fy2025": 1
}
const json = (name: string): Report.MaterializedReport =>
  Effect.runSync(JsonExporter.decode(readFileSync(join(out, `${name}.json`), "utf8")))
const csv = (name: string): Array<Array<string>> => parse(readFileSync(join(out, `${name}.csv`)), { bom: true, relax_column_count: false })
const xlsx = async (name: string) => {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(join(out, `${name}.xlsx`))
  return wb
}

describe("examples/quickstart exports", () => {
  it("writes the indicator report in CSV, XLSX, JSON and HTML and the three registers in CSV, XLSX and JSON, and lists them", () => {
    const files = [
      ...names.flatMap((n) => [`${n}.csv`, `${n}.xlsx`, `${n}.json`]),
      "indicators-fy2025.html"
    ]
    for (const f of files) {
      expect(existsSync(join(out, f)), f).toBe(true)
      expect(stdout).toContain(f)
    }
  })

  it("KPI-9: the CSV files parse back (csv-parse): Japanese header row, one row per record", () => {
    for (const n of names) {
      const rows = csv(n)
      const report = json(n)
      expect(rows[0], n).toEqual(report.tables[0]!.columns.map((c) => c.labelJa))
      expect(rows.length - 1, n).toBe(rowCounts[n])
    }
    const kpi = csv("indicators-fy2025").slice(1).map((r) => [r[0], r[4]])
    expect(kpi.slice(0, 4)).toEqual([["KPI-1", "5"], ["KPI-2", "2"], ["KPI-3", "1"], ["KPI-4", "1"]])
  })

  it("KPI-9: the XLSX files read back (exceljs): two header rows, typed cells, one row per record", async () => {
    for (const n of names) {
      const ws = (await xlsx(n)).worksheets[0]!
      const report = json(n)
      const columns = report.tables[0]!.columns
      expect(ws.getRow(1).values, n).toEqual([undefined, ...columns.map((c) => c.labelJa)])
      expect(ws.getRow(2).values, n).toEqual([undefined, ...columns.map((c) => c.labelEn)])
      expect(ws.actualRowCount - 2, n).toBe(rowCounts[n])
    }
    const indicators = (await xlsx("indicators-fy2025")).worksheets[0]!
    expect(indicators.getRow(3).getCell(1).value).toBe("KPI-1")
    expect(indicators.getRow(3).getCell(5).value).toBe(5)
    expect(indicators.getRow(3).getCell(4).value, "KPI-9: no baseline is missing, not 0").toBeNull()
  })

  it("KPI-9, OUT-2, MTG-6, PLN-8: the JSON files decode (JsonExporter.decode) and the registers agree with KPI-1…KPI-4", () => {
    const indicators = json("indicators-fy2025").tables[0]!.rows
    const actual = (id: string) => indicators.find((r) => r.indicator === id)!.actual
    const outreach = json("outreach-log-fy2025").tables[0]!.rows
    const meetings = json("meeting-log-fy2025").tables[0]!.rows
    const plans = json("plan-register-fy2025").tables[0]!.rows
    for (const n of names) expect(json(n).tables[0]!.id).toBe(tableOf[n])
    expect(outreach.filter((r) => r.kpi1 === true).length).toBe(actual("KPI-1"))
    expect(meetings.filter((r) => r.kpi2 === true).length).toBe(actual("KPI-2"))
    expect(plans.reduce((s, r) => s + Number(r.reviewsInYear), 0)).toBe(actual("KPI-3"))
    expect(plans.reduce((s, r) => s + Number(r.decisionsInYear), 0)).toBe(actual("KPI-4"))
    expect(plans[0]).toMatchObject({ status: "終結", statusEn: "Ended", drafted: "2025-06-02", decided: "2025-06-12", ended: "2026-03-12" })
  })

  it("ACC-1, AUD-2: the registers name the case by one pseudonym (joinable with the key) and hold no personal data", () => {
    const p = Pseudonym.make(Pseudonym.makeKey(KEY))("c8050")
    const outreach = json("outreach-log-fy2025").tables[0]!.rows
    expect(outreach.filter((r) => r.case !== null).every((r) => r.case === p)).toBe(true)
    expect(json("plan-register-fy2025").tables[0]!.rows[0]!.case).toBe(p)
    expect(String(json("meeting-log-fy2025").tables[0]!.rows[0]!.agenda)).toBe(p)
    const text = names.flatMap((n) => [readFileSync(join(out, `${n}.csv`), "utf8"), readFileSync(join(out, `${n}.json`), "utf8")]).join("\n")
      + readFileSync(join(out, "indicators-fy2025.html"), "utf8")
    for (const secret of ["c8050", "plan-1", "北上 一郎", "北上 ハナ", "北上市本通り", "ひきこもって", "夜間のみ外出", "半年後に週1回", "週1回の外出が定着"]) {
      expect(text).not.toContain(secret)
    }
  })

  it("KPI-10: the HTML indicator report is one self-contained file with the eight charts", () => {
    const html = readFileSync(join(out, "indicators-fy2025.html"), "utf8")
    expect(html.match(/<svg /g)?.length).toBe(8)
    expect(html).toContain("令和7年度 (FY2025)")
    expect(html).not.toMatch(/<script|<link|\b(src|href)=/i)
  })
})
