/**
 * The built docs site (docs/dist, built once by global-setup.ts) in headless Chromium: every page
 * in both languages loads with no broken link and no script error, every page has its English
 * twin, every rule ID has its page in both languages, search finds rule IDs and Japanese terms,
 * and screenshots of the landing page and a rule page are written to docs/test-artifacts/.
 * Skipped locally without Chromium (`CHROMIUM_PATH`); fails in CI, where Chromium is installed.
 */
import { mkdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import * as Programs from "../../test-support/programs.ts"
import { useSite } from "./serve.ts"

const docs = join(import.meta.dirname, "..")
const artifacts = join(docs, "test-artifacts")
const ruleIds: ReadonlyArray<string> = JSON.parse(readFileSync(join(docs, "rules.json"), "utf8")).rules.map((r: { id: string }) => r.id)
const skip = Programs.skipReason(Programs.chromium)
const note = Programs.skipNote(Programs.chromium)

const site = useSite(skip)

/** Collects script errors and failed requests of a page. */
const watch = (page: Page) => {
  const errors: Array<string> = []
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`))
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`${page.url()}: ${m.text()}`)
  })
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`)
  })
  return errors
}

const isApi = (path: string) => /^\/(en\/)?api\//.test(path)

/** fetch, retried twice: a loaded machine sometimes resets a local connection. */
const get = async (url: string, tries = 3): Promise<Response> => {
  try {
    return await fetch(url)
  } catch (e) {
    if (tries <= 1) throw e
    await new Promise((ok) => setTimeout(ok, 200))
    return get(url, tries - 1)
  }
}

describe.skipIf(skip !== undefined)(`docs site in headless Chromium${note}`, () => {
  it("every page in both languages loads with no broken internal link and no script error; every Japanese page has its English twin", async () => {
    const errors: Array<string> = []
    const broken: Array<string> = []
    const seen = new Set<string>(["/", "/en/"])
    const queue = ["/", "/en/"]
    let browsed = 0
    const enqueue = (href: string, from: string) => {
      const u = new URL(href, site.base + from)
      if (u.origin === site.base && !seen.has(u.pathname)) {
        seen.add(u.pathname)
        queue.push(u.pathname)
      }
    }
    /** Pages are browsed in Chromium; the typedoc API (over a thousand pages) and files are fetched and link-checked. */
    const visit = async (page: Page, path: string) => {
      if (!path.endsWith("/") || isApi(path)) {
        const r = await get(site.base + path)
        if (!r.ok) broken.push(`${r.status} ${path}`)
        if (path.endsWith("/")) for (const m of (await r.text()).matchAll(/href="([^"#]+)(#[^"]*)?"/g)) if (!/^(https?:|mailto:)/.test(m[1]!)) enqueue(m[1]!, path)
        return
      }
      const response = await page.goto(site.base + path, { waitUntil: "load" })
      browsed++
      if (!response?.ok()) broken.push(`${response?.status()} ${path}`)
      const lang = await page.getAttribute("html", "lang")
      if (lang !== (path.startsWith("/en/") ? "en" : "ja")) errors.push(`${path}: lang=${lang}`)
      for (const href of await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")!))) {
        if (!href.startsWith("#") && !/^(https?:|mailto:)/.test(href)) enqueue(href.split("#")[0]!, path)
      }
    }
    // Four tabs at once; each tab takes the next path until none is left.
    const worker = async () => {
      const page = await site.browser.newPage()
      const own = watch(page)
      for (let idle = 0; idle < 50;) {
        const path = queue.shift()
        if (path === undefined) {
          idle++
          await new Promise((ok) => setTimeout(ok, 100))
          continue
        }
        idle = 0
        await visit(page, path)
      }
      await page.close()
      errors.push(...own)
    }
    await Promise.all([worker(), worker(), worker(), worker()])
    expect(broken).toEqual([])
    expect(errors).toEqual([])
    const ja = [...seen].filter((p) => p.endsWith("/") && !p.startsWith("/en/") && !isApi(p))
    expect(ja.filter((p) => !seen.has(`/en${p}`))).toEqual([])
    expect(browsed).toBeGreaterThan(2 * ruleIds.length)
    console.log(`docs: ${browsed} pages browsed in Chromium, ${seen.size - browsed} API pages and files fetched`)
  }, 900_000)

  it("every rule ID of the domain brief (docs/rules.json) has its page in both languages, quoting the plan where the plan has words", async () => {
    expect(ruleIds.length).toBeGreaterThanOrEqual(46)
    const missing: Array<string> = []
    for (const id of ruleIds) {
      for (const prefix of ["", "/en"]) {
        const r = await get(`${site.base}${prefix}/rules/${id.toLowerCase()}/`)
        const text = r.ok ? await r.text() : ""
        if (!new RegExp(`<h1[^>]*>${id} `).test(text)) missing.push(`${prefix}/rules/${id.toLowerCase()}/`)
      }
    }
    expect(missing).toEqual([])
    const cns3 = await (await get(`${site.base}/rules/cns-3/`)).text()
    expect(cns3).toContain("対象者本人の同意を不要とするものです")
    expect(cns3).toContain("packages/core/src/Disclosure.ts")
  })

  const search = async (path: string, query: string) => {
    const page = await site.browser.newPage()
    const errors = watch(page)
    await page.goto(site.base + path)
    await page.click("site-search button[data-open-modal]")
    await page.fill("site-search input", query)
    const results = page.locator(".pagefind-ui__result-link")
    await results.first().waitFor({ timeout: 20_000 })
    const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))
    const text = (await page.locator(".pagefind-ui__results").innerText())
    await page.close()
    expect(errors).toEqual([])
    return { hrefs, text }
  }

  it("search finds a rule by its ID (Japanese and English site)", async () => {
    expect((await search("/", "CNS-3")).hrefs.some((h) => h.includes("/rules/cns-3/"))).toBe(true)
    expect((await search("/en/", "MTG-2")).hrefs.some((h) => h.includes("/en/rules/mtg-2/"))).toBe(true)
  })

  it("search finds Japanese terms: 支援会議, 利用申込み", async () => {
    const meeting = await search("/", "支援会議")
    expect(meeting.hrefs.length).toBeGreaterThan(0)
    expect(meeting.text).toContain("支援会議")
    expect((await search("/", "利用申込み")).hrefs.some((h) => h.includes("/rules/"))).toBe(true)
  })

  it("screenshots of the landing page and a rule page are written to docs/test-artifacts/", async () => {
    mkdirSync(artifacts, { recursive: true })
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } })
    for (const [path, file] of [["/", "landing-ja.png"], ["/en/", "landing-en.png"], ["/rules/cns-3/", "rule-cns-3-ja.png"]] as const) {
      await page.goto(site.base + path)
      const png = await page.screenshot({ path: join(artifacts, file), fullPage: true })
      expect(png.length).toBeGreaterThan(10_000)
    }
    await page.close()
  })
})
