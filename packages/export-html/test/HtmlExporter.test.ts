import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { HtmlExporter } from "@kitakami-juso/export-html"
import { ExporterConformance } from "@kitakami-juso/testkit"
import { Effect } from "effect"
import { readHtml } from "./HtmlReader.ts"
import * as Programs from "../../../test-support/programs.ts"

ExporterConformance.suite("html", HtmlExporter.layer(), { reader: readHtml() })

const fy = (y: number) => ({ labelJa: `令和${y - 2018}年度`, labelEn: `FY${y}` })
const plan = [2025, 2026, 2027, 2028].map(fy)

/** Eight indicator charts as the indicator report carries them (values illustrative). */
export const charts: ReadonlyArray<Report.Chart> = [
  ["KPI-1", "CSWによるアウトリーチ件数（個別支援・関係機関）", "CSW outreach contacts", "回", "times", "integer", "higher", [120, 210, null, null], null, 400],
  ["KPI-2", "支援会議実施回数", "Support meetings held", "回", "times", "integer", "higher", [6, 9, null, null], null, 12],
  ["KPI-3", "多機関協働による支援プランの検討件数", "Plans reviewed", "件", "cases", "integer", "higher", [4, 11, null, null], null, 20],
  ["KPI-4", "支援プランの決定件数", "Plans decided", "件", "cases", "integer", "higher", [0, 3, null, null], null, 7],
  ["KPI-5", "身近に頼れる人や機関があると思う市民の割合", "Residents with someone to rely on nearby", "%", "%", "percent", "higher", [0.54, null, null, null], 0.522, 0.6],
  ["KPI-6", "居場所や役割があると感じる市民の割合", "Residents with a place or role", "%", "%", "percent", "higher", [0.701, null, null, null], 0.695, 0.75],
  ["KPI-7", "孤独や孤立を感じることが「あまりない」「ない」市民の割合", "Residents rarely or never lonely", "%", "%", "percent", "higher", [0.59, null, null, null], 0.58, 0.65],
  ["KPI-8", "相談先がわからない・相談相手がいない市民の割合", "Residents who don't know where to consult", "%", "%", "percent", "lower", [0.131, null, null, null], 0.143, 0.1]
].map(([id, ja, en, uJa, uEn, kind, dir, actual, base, target]) => ({
  id: id as string,
  titleJa: ja as string,
  titleEn: en as string,
  unitJa: uJa as string,
  unitEn: uEn as string,
  valueKind: kind as "integer" | "percent",
  direction: dir as "higher" | "lower",
  categories: plan,
  actual: actual as Array<number | null>,
  baseline: { value: base as number | null, ...fy(2023) },
  target: { value: target as number, ...fy(2028) }
}))

const withCharts = Report.make({ ...ExporterConformance.fixture(), charts })

describe("HtmlExporter", () => {
  it.effect("KPI-10: is one self-contained file: inline CSS and SVG, no script, no external reference", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "html-")))
      const path = join(dir, "r.html")
      yield* HtmlExporter.make().export(withCharts, path)
      const html = yield* Effect.promise(() => readFile(path, "utf8"))
      yield* Effect.promise(() => rm(dir, { recursive: true }))
      assert.include(html, "<style>")
      assert.include(html, "@page { size: A4")
      assert.strictEqual((html.match(/<svg /g) ?? []).length, 8)
      assert.notMatch(html, /<script|<link|<img|@import|url\(/i)
      assert.notMatch(html, /\b(src|href)=/i)
      // no URL other than the SVG namespace and the fixture's own text
      const urls = (html.match(/https?:\/\/[^\s"'<)]+/g) ?? []).filter((u) => u !== "http://www.w3.org/2000/svg")
      assert.deepStrictEqual(urls.filter((u) => !u.startsWith("http://example.invalid")), [])
      assert.include(html, "令和7年度 (FY2025)")
    }))

  it("KPI-9: a chart says 'no baseline' in words and draws no baseline line when there is none; KPI-8's direction is 'lower'", () => {
    const kpi1 = HtmlExporter.renderChart(charts[0]!)
    assert.include(kpi1, "現状値なし")
    assert.notInclude(kpi1, "現状値 Baseline FY2023 0")
    assert.include(kpi1, "目標 Target FY2028 400")
    const kpi8 = HtmlExporter.renderChart(charts[7]!)
    assert.include(kpi8, "低いほど良い / lower is better")
    assert.include(kpi8, "現状値 Baseline FY2023 14.3%")
    assert.include(kpi8, "目標 Target FY2028 10%")
    assert.include(kpi8, "未集計")
  })

  it("escapes markup and keeps CR as a character reference", () => {
    assert.strictEqual(HtmlExporter.escape(`<b a="x">&'\r`), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;&#13;")
  })

  /** Chromium from `CHROMIUM_PATH`: skipped locally when missing, fails in CI (test-support/programs.ts). */
  it.skipIf(Programs.skipReason(Programs.chromium) !== undefined)(
    `renders in headless Chromium to PNG and A4 PDF with no external request and no clipped chart${
      Programs.skipNote(Programs.chromium)
    }`,
    async () => {
      Programs.requirePrograms(Programs.chromium)
      const { chromium: pw } = await import("playwright-core")
      const outDir = join(import.meta.dirname, "..", "out")
      await mkdir(outDir, { recursive: true })
      const path = join(outDir, "indicator-report.html")
      const small = Report.make({ ...withCharts, tables: [withCharts.tables[2]!] })
      await Effect.runPromise(HtmlExporter.make().export(small, path))
      const browser = await pw.launch({
        executablePath: Programs.chromium.path,
        args: Programs.chromiumArgs
      })
      try {
        const page = await browser.newPage({ viewport: { width: 900, height: 1200 } })
        const requests: Array<string> = []
        page.on("request", (r) => {
          if (!r.url().startsWith("file:")) requests.push(r.url())
        })
        await page.goto(`file://${path}`)
        await page.screenshot({ path: join(outDir, "indicator-report.png"), fullPage: true })
        await page.emulateMedia({ media: "print" })
        // Every chart fits inside its figure (nothing clipped) when laid out for print.
        const clipped = await page.evaluate(`[...document.querySelectorAll("figure.chart")].filter((f) => {
          const svg = f.querySelector("svg").getBoundingClientRect()
          const box = f.getBoundingClientRect()
          return svg.right > box.right + 1 || svg.left < box.left - 1 || svg.width < 100
        }).length`)
        assert.strictEqual(clipped, 0)
        const pdf = await page.pdf({ path: join(outDir, "indicator-report.pdf"), format: "A4", preferCSSPageSize: true })
        assert.isAbove(pdf.length, 10_000)
        assert.deepStrictEqual(requests, [])
      } finally {
        await browser.close()
      }
    },
    120_000
  )
})
