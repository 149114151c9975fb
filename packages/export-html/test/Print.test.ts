/**
 * The FY2025 indicator report printed on A4 by headless Chromium (KPI-0, KPI-9, KPI-10, TIME-2):
 * the expected pages (two portrait pages of charts, the wide indicator table on one landscape
 * page), and no chart split across a page boundary. Needs Chromium (`CHROMIUM_PATH`); the
 * page-by-page text check also needs pdftotext (`PDFTOTEXT_PATH`). Skipped locally when they are
 * missing; in CI (`CI` set) a missing program fails the test (test-support/programs.ts).
 */
import { execFileSync } from "node:child_process"
import { mkdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { DomainEvent, FiscalYear, IndicatorProjection, IndicatorReport, Kitakami, type Report } from "@kitakami-juso/core"
import { HtmlExporter } from "@kitakami-juso/export-html"
import { Effect, Schema } from "effect"
import * as Programs from "../../../test-support/programs.ts"

const { chromium: CHROMIUM, pdftotext: PDFTOTEXT } = Programs

/** A4 in CSS pixels (96 per inch), less the 12 mm margins of `@page`. */
const MM = 96 / 25.4
const PRINTABLE = { portrait: (297 - 24) * MM, landscape: (210 - 24) * MM }

/** FY2025 with some recorded events and two surveys, so bars, missing years and baselines all show. */
const report = (): Report.Report => {
  const events: Array<DomainEvent.DomainEvent> = []
  for (let i = 0; i < 37; i++) {
    events.push(DomainEvent.make({
      _tag: "ContactRecorded",
      eventId: `c${i}/0`,
      at: new Date(Date.UTC(2025, 4, 1 + i)).toISOString(),
      by: "shakyo-outreach",
      contactId: `o${i}`,
      activity: { _tag: "AgencyVisit", agencyId: "hokatsu-hondori" }
    }))
  }
  for (let i = 0; i < 5; i++) {
    events.push(DomainEvent.make({
      _tag: "MeetingHeld",
      eventId: `m${i}/0`,
      at: new Date(Date.UTC(2025, 5 + i, 10)).toISOString(),
      by: "city-chiiki-fukushi",
      meetingId: `m${i}`,
      meetingType: "support-meeting",
      kind: "regular",
      attendees: ["shakyo"],
      served: ["support-meeting"]
    }))
  }
  const survey = Schema.decodeSync(IndicatorProjection.SurveyResult)
  return IndicatorReport.forYear({
    catalog: Kitakami.catalog,
    events,
    surveys: [survey({ indicator: "KPI-5", surveyYear: 2025, sampleSize: 1200, value: 55.1 }), survey({ indicator: "KPI-8", surveyYear: 2025, sampleSize: 800, value: 13 })],
    generatedAt: new Date("2026-04-30T01:00:00Z"),
    fiscalYear: FiscalYear.make(2025)
  })
}

/** Export the report as HTML, open it in Chromium, and print it with `page.pdf({ format: "A4" })`. */
const print = async (name: string) => {
  const outDir = join(import.meta.dirname, "..", "out")
  await mkdir(outDir, { recursive: true })
  const html = join(outDir, `${name}.html`)
  const pdf = join(outDir, `${name}.pdf`)
  await Effect.runPromise(HtmlExporter.make().export(report(), html))
  const { chromium } = await import("playwright-core")
  const browser = await chromium.launch({ executablePath: CHROMIUM.path, args: Programs.chromiumArgs })
  try {
    const page = await browser.newPage()
    await page.goto(`file://${html}`)
    await page.emulateMedia({ media: "print" })
    const layout = await page.evaluate(`(() => {
      const figures = [...document.querySelectorAll("figure.chart")].map((f) => {
        const s = getComputedStyle(f)
        return { id: f.id, breakInside: s.breakInside, height: f.getBoundingClientRect().height, svgHeight: f.querySelector("svg").getBoundingClientRect().height }
      })
      const tables = [...document.querySelectorAll("section.table")].map((t) => ({ id: t.id, page: getComputedStyle(t).page }))
      return { figures, tables }
    })()`) as {
      figures: Array<{ id: string; breakInside: string; height: number; svgHeight: number }>
      tables: Array<{ id: string; page: string }>
    }
    await page.pdf({ path: pdf, format: "A4" })
    return { pdf, layout }
  } finally {
    await browser.close()
  }
}

/** The pages of a PDF as Chromium writes them: each page's size in points (portrait or landscape). */
const pagesOf = async (pdf: string) => {
  const bytes = (await readFile(pdf)).toString("latin1")
  const pages = bytes.match(/\/Type \/Page\b/g)?.length ?? 0
  const boxes = [...bytes.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => (Number(m[1]) > Number(m[2]) ? "landscape" : "portrait"))
  return { pages, boxes }
}

describe("HTML indicator report on A4 (KPI-0, KPI-9, KPI-10)", () => {
  it.skipIf(Programs.skipReason(CHROMIUM) !== undefined)(
    `KPI-10: prints on 4 A4 pages — the eight charts on two portrait pages, the indicator table on one page, the notes on a landscape page — with every chart kept whole${
      Programs.skipNote(CHROMIUM)
    }`,
    async () => {
      Programs.requirePrograms(CHROMIUM)
      const { pdf, layout } = await print("indicator-report-a4")
      const { pages, boxes } = await pagesOf(pdf)
      assert.strictEqual(pages, 4)
      assert.deepStrictEqual(boxes, ["portrait", "portrait", "portrait", "landscape"])
      // Every chart may not be split (break-inside: avoid) and fits on one printed page.
      assert.strictEqual(layout.figures.length, 8)
      for (const f of layout.figures) {
        assert.strictEqual(f.breakInside, "avoid", f.id)
        assert.isBelow(f.height, PRINTABLE.portrait, f.id)
        assert.isAbove(f.svgHeight, 100, `${f.id}: the chart is drawn, not collapsed`)
      }
      // The nine-column indicator table fits portrait A4; the wide notes table prints on landscape pages (a named page).
      assert.deepStrictEqual(layout.tables, [{ id: "table-indicators", page: "auto" }, { id: "table-notes", page: "wide" }])
    },
    120_000
  )

  it.skipIf(Programs.skipReason(CHROMIUM, PDFTOTEXT) !== undefined)(
    `KPI-0: no chart crosses a page boundary: each page holds whole charts (caption, plot, legend, note) and the table page every indicator${
      Programs.skipNote(CHROMIUM, PDFTOTEXT)
    }`,
    async () => {
      Programs.requirePrograms(CHROMIUM, PDFTOTEXT)
      const { pdf } = await print("indicator-report-a4-text")
      const text = (p: number) => execFileSync(PDFTOTEXT.path, ["-f", String(p), "-l", String(p), "-layout", pdf, "-"], { encoding: "utf8" })
      const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0
      const chartPages = [text(1), text(2)]
      const targets: Record<string, string> = {
        "KPI-1": "400",
        "KPI-2": "12",
        "KPI-3": "20",
        "KPI-4": "7",
        "KPI-5": "60%",
        "KPI-6": "75%",
        "KPI-7": "65%",
        "KPI-8": "10%"
      }
      for (const [i, page] of chartPages.entries()) {
        const captions = count(page, /KPI-\d /g)
        assert.strictEqual(captions, 4, `page ${i + 1} holds four charts`)
        // A chart cut by a page boundary would leave its legend or note on the other page.
        assert.strictEqual(count(page, /実績 Actual/g), captions, `page ${i + 1}: one legend per chart`)
        assert.strictEqual(count(page, /target FY2028/g), captions, `page ${i + 1}: one note per chart`)
      }
      for (const [id, target] of Object.entries(targets)) {
        const page = chartPages.findIndex((p) => p.includes(`${id} `))
        assert.isAtLeast(page, 0, id)
        assert.include(chartPages[page], `目標 Target FY2028 ${target}`, `${id}: its target line is on the page of its caption`)
      }
      const table = text(3)
      for (const id of Object.keys(targets)) assert.include(table, id, `${id}: the whole indicator table is on one page`)
      // KPI-9: the verdict column says it rests on an assumption.
      assert.include(table, "計画どおり（仮")
      const notes = text(4)
      for (const id of Object.keys(targets)) assert.include(notes, id)
      assert.include(notes, "仮定: 令和6年度の0から令和10年度の目標")
      assert.include(notes, "北上市重層的支援体制整備事業実施計画")
    },
    120_000
  )
})
