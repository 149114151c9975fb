/**
 * Where `juso report` writes, and what staff get: stdout (`-`), devices and FIFOs written in
 * place (never renamed over), Shift_JIS CSV, and the XLSX and HTML checked by rendering them
 * (LibreOffice → PDF → pdftotext; headless Chromium). Program paths come from SOFFICE_PATH,
 * PDFTOTEXT_PATH and CHROMIUM_PATH (default /usr/bin/…): missing ones skip locally with the
 * reason, and fail in CI.
 */
import { execFileSync, spawn } from "node:child_process"
import { existsSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"
import { bin, demo, inCi, juso, tmp } from "./support/juso.ts"

const SOFFICE = process.env.SOFFICE_PATH ?? "/usr/bin/soffice"
const PDFTOTEXT = process.env.PDFTOTEXT_PATH ?? "/usr/bin/pdftotext"
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const missing = (...paths: Array<string>) => paths.filter((p) => !existsSync(p))
const skipReason = (...paths: Array<string>) => {
  const m = missing(...paths)
  return m.length === 0 ? "" : ` (skipped: ${m.join(", ")} missing; set SOFFICE_PATH / PDFTOTEXT_PATH / CHROMIUM_PATH or apt-get install)`
}
const requirePrograms = (...paths: Array<string>) => {
  const m = missing(...paths)
  if (m.length > 0) throw new Error(`CI is set but ${m.join(", ")} is missing: the CI machine must install it`)
}

/** A folder with the demo recorded into its SQLite store (surveys for KPI-5 and KPI-8 too). */
const recorded = () => {
  const cwd = tmp()
  writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
  writeFileSync(
    join(cwd, "surveys.json"),
    JSON.stringify([
      { indicator: "KPI-5", surveyYear: 2025, sampleSize: 1200, value: 55.1 },
      { indicator: "KPI-8", surveyYear: 2025, sampleSize: 800, value: 13 }
    ])
  )
  expect(juso(cwd, ["apply", "demo.json"]).code).toBe(0)
  return cwd
}

/** Pages of a PDF and whether each is landscape, from its MediaBoxes. */
const pagesOf = (pdf: string) => {
  const bytes = readFileSync(pdf).toString("latin1")
  return [...bytes.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => (Number(m[1]) > Number(m[2]) ? "landscape" : "portrait"))
}

describe("juso report outputs", () => {
  it("--out - writes to stdout (no file named -); --encoding cp932 gives Shift_JIS; percentages rounded as displayed", () => {
    const cwd = recorded()
    const r = juso(cwd, ["report", "--fy", "2025", "--format", "csv", "--out", "-"])
    expect(r.code).toBe(0)
    expect(r.out.split("\r\n")[0]).toContain("計画どおり（仮定）")
    expect(existsSync(join(cwd, "-"))).toBe(false)
    const sjis = execFileSync(process.execPath, [bin, "report", "--fy", "2025", "--format", "csv", "--encoding", "cp932", "--out", "-"], { cwd })
    const text = new TextDecoder("shift_jis").decode(sjis)
    expect(text).toContain("支援会議実施回数")
    expect(text).toContain("16.7%")
    expect(sjis.includes(Buffer.from("支援会議", "utf8"))).toBe(false)
    expect(juso(cwd, ["report", "--format", "json", "--encoding", "cp932", "--out", "-"]).code).toBe(2)
  })

  it("a symlink to a device is written through, never replaced by a regular file", () => {
    const cwd = recorded()
    symlinkSync("/dev/null", join(cwd, "out.csv"))
    const r = juso(cwd, ["report", "--format", "csv", "--out", "out.csv"])
    expect(r.code).toBe(0)
    expect(lstatSync(join(cwd, "out.csv")).isSymbolicLink()).toBe(true)
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true)
  })

  it.skipIf(!existsSync("/usr/bin/mkfifo"))("a FIFO is written in place: a reader gets the whole report", async () => {
    const cwd = recorded()
    execFileSync("/usr/bin/mkfifo", [join(cwd, "pipe")])
    const child = spawn(process.execPath, [bin, "report", "period", "--fy", "2026", "--format", "json", "--out", "pipe"], { cwd })
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve))
    const text = readFileSync(join(cwd, "pipe"), "utf8")
    expect(await exited).toBe(0)
    expect(JSON.parse(text)).toMatchObject({ id: "indicators-FY2025-FY2028" })
    expect(lstatSync(join(cwd, "pipe")).isFIFO()).toBe(true)
  })

  it.skipIf(missing(SOFFICE, PDFTOTEXT).length > 0 && !inCi)(
    `XLSX rendered by LibreOffice: A4 landscape, ○/× and 0.0 formats, assumptions labelled, 未到来, the about sheet on one page${skipReason(SOFFICE, PDFTOTEXT)}`,
    () => {
      requirePrograms(SOFFICE, PDFTOTEXT)
      const cwd = recorded()
      expect(juso(cwd, ["report", "period", "--fy", "R8", "--surveys", "surveys.json", "--format", "xlsx", "--out", "period.xlsx"]).code).toBe(0)
      execFileSync(SOFFICE, ["--headless", "--norestore", `-env:UserInstallation=file://${join(cwd, "profile")}`, "--convert-to", "pdf", "--outdir", cwd, join(cwd, "period.xlsx")], {
        timeout: 180_000
      })
      const pdf = join(cwd, "period.pdf")
      const text = execFileSync(PDFTOTEXT, ["-layout", pdf, "-"], { encoding: "utf8" })
      const pages = text.split("\f").filter((p) => p.trim() !== "")
      // The actuals table: whole on its first page, every indicator and every plan year.
      const first = pages[0]!
      for (const id of ["KPI-1", "KPI-4", "KPI-8", "令和7年度", "令和10年度", "未到来"]) expect(first, id).toContain(id)
      // Long names wrap in taller rows instead of being clipped: the end of the longest one prints.
      expect(first).toContain("いない」と答える市民の割合")
      expect(text).toContain("計画どおり（仮定）")
      expect(text).toMatch(/× \(見込 3\)/)
      expect(text).not.toMatch(/\bTRUE\b|\bFALSE\b/)
      expect(text).toMatch(/55\.3/) // expected value in 0.0
      expect(text).toMatch(/仮定: 令和6年度の0から令和10年度の目標へ直線/)
      // Page sizes as poppler reports them (pdfinfo sits beside pdftotext).
      const info = execFileSync(join(dirname(PDFTOTEXT), "pdfinfo"), ["-f", "1", "-l", "99", pdf], { encoding: "utf8" })
      const boxes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \(A4\)/gm)].map((m) => Number(m[1]) > Number(m[2]) ? "landscape" : "portrait")
      expect(boxes.length, "every page is A4").toBe(pages.length)
      // Every table sheet prints landscape; the about sheet is the one portrait page, and it is one page.
      expect(boxes.filter((b) => b === "portrait")).toHaveLength(1)
      const about = pages.filter((p) => p.includes("報告書 / Report"))
      expect(about).toHaveLength(1)
      expect(about[0]).toContain("計画の版 / Plan revision")
      expect(pages.length).toBeLessThanOrEqual(8)
    },
    240_000
  )

  it.skipIf(missing(CHROMIUM).length > 0 && !inCi)(
    `HTML rendered by Chromium: one <title>, each table fits the A4 page width, the axis ends at the larger of target and actual${skipReason(CHROMIUM)}`,
    async () => {
      requirePrograms(CHROMIUM)
      const cwd = recorded()
      expect(juso(cwd, ["report", "period", "--fy", "2026", "--format", "html", "--out", "period.html"]).code).toBe(0)
      const html = readFileSync(join(cwd, "period.html"), "utf8")
      expect(html.match(/<title>/g)).toHaveLength(1)
      const { chromium } = await import("playwright-core")
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
      })
      try {
        const page = await browser.newPage()
        await page.goto(`file://${join(cwd, "period.html")}`)
        await page.emulateMedia({ media: "print" })
        // A4 landscape less 12 mm margins, in CSS pixels: no table may be wider.
        await page.setViewportSize({ width: Math.floor((297 - 24) * 96 / 25.4), height: 700 })
        const layout = await page.evaluate(`(() => ({
          tables: [...document.querySelectorAll("table")].map((t) => ({ id: t.dataset.tableId, width: t.scrollWidth, box: t.parentElement.clientWidth })),
          ticks: [...document.querySelectorAll("figure.chart")].map((f) => Math.max(...[...f.querySelectorAll("svg text[text-anchor=end]")].map((t) => Number(t.textContent.replace(/[,%]/g, ""))).filter((n) => Number.isFinite(n))))
        }))()`) as { tables: Array<{ id: string; width: number; box: number }>; ticks: Array<number> }
        for (const t of layout.tables) expect(t.width, t.id).toBeLessThanOrEqual(t.box + 1)
        // KPI-1: target 400, actual 5 → the axis ends at 400, not 800.
        expect(layout.ticks[0]).toBe(400)
        const pdf = join(cwd, "period.pdf")
        await page.pdf({ path: pdf, format: "A4" })
        expect(pagesOf(pdf).length).toBeLessThanOrEqual(6)
      } finally {
        await browser.close()
      }
    },
    120_000
  )
})
