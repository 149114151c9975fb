/**
 * The docs site, checked in a real browser (headless Chromium through playwright-core):
 * every page reachable from the index loads without broken links or script errors, every rule
 * ID of the domain brief is explained somewhere on the site, and the search box finds a rule.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { extname, join, normalize, resolve } from "node:path"
import { chromium, type Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "..", "..")
const site = join(root, "docs", "api")
const rulesFile = resolve(root, "..", "shared", "domain", "RULES.md")
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json"
}

let server: Server
let base: string
let browser: Browser

beforeAll(async () => {
  if (!existsSync(join(site, "index.html"))) {
    // `pnpm run docs` builds first: typedoc reads each package's tsconfig.build.json, whose
    // project references resolve the other packages to their built declarations.
    execFileSync("pnpm", ["run", "docs"], { cwd: root, stdio: "inherit" })
  }
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "")
    const file = join(site, path.endsWith("/") ? join(path, "index.html") : path)
    if (!file.startsWith(site) || !existsSync(file)) {
      res.writeHead(404).end("not found")
      return
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file))
  })
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
  })
})

afterAll(async () => {
  await browser?.close()
  await new Promise((ok) => server?.close(ok))
})

describe("docs site (headless Chromium)", () => {
  it("every page reachable from the index loads, with no broken internal link and no script error", async () => {
    const page = await browser.newPage()
    const errors: Array<string> = []
    page.on("pageerror", (e) => errors.push(e.message))
    page.on("console", (m) => {
      // Failed loads are reported with their URL by the response listener below.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text())
    })
    page.on("response", (r) => {
      // The browser asks for /favicon.ico on its own; the site does not ship one.
      if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`)
    })
    const seen = new Set<string>()
    const queue = [base]
    const broken: Array<string> = []
    let browsed = 0
    while (queue.length > 0) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      // Browse a sample of pages for script errors; fetch the rest (the site has hundreds of pages).
      if (browsed < 25) {
        const response = await page.goto(url)
        browsed++
        if (!response?.ok()) broken.push(url)
        const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as { href: string }).href))
        for (const link of links) {
          const u = new URL(link)
          u.hash = ""
          if (u.href.startsWith(base) && !seen.has(u.href)) queue.push(u.href)
        }
      } else {
        const response = await fetch(url)
        if (!response.ok) broken.push(url)
        const html = await response.text()
        for (const m of html.matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
          const u = new URL(m[1]!, url)
          if (u.href.startsWith(base) && !seen.has(u.href)) queue.push(u.href)
        }
      }
    }
    expect(broken).toEqual([])
    expect(errors).toEqual([])
    expect(seen.size).toBeGreaterThan(20)
    await page.close()
  })

  // The brief sits in shared/ beside the repository (CI always has it); a bare clone elsewhere skips.
  const briefMissing = !existsSync(rulesFile) && !process.env.CI
  it.skipIf(briefMissing)(`every rule ID of the domain brief is explained on a docs page${briefMissing ? ` (skipped: no ${rulesFile})` : ""}`, async () => {
    expect(existsSync(rulesFile), `expected the domain brief at ${rulesFile}`).toBe(true)
    const ids = [...new Set([...readFileSync(rulesFile, "utf8").matchAll(/\*\*((?:PRG|ORG|CNS|MTG|PLN|OUT|KPI|TIME|ACC|AUD)-\d+[a-z]?)/g)].map((m) => m[1]!))]
    expect(ids.length).toBeGreaterThan(40)
    const page = await browser.newPage()
    await page.goto(base)
    const docLinks = await page.$$eval("a[href*='documents/']", (as) => [...new Set(as.map((a) => (a as { href: string }).href.split("#")[0]!))])
    expect(docLinks.length).toBeGreaterThan(0)
    let text = ""
    for (const link of docLinks) {
      await page.goto(link)
      text += await page.innerText("body")
    }
    const missing = ids.filter((id) => !new RegExp(`\\b${id}\\b`).test(text))
    expect(missing).toEqual([])
    await page.close()
  })

  it("the search box finds a module by name", async () => {
    const page = await browser.newPage()
    await page.goto(base)
    await page.click("#tsd-search-trigger").catch(() => undefined)
    const input = page.locator("#tsd-search-input, #tsd-search-field, input[type=search]").first()
    await input.fill("FiscalYear")
    const results = page.locator("#tsd-search-results li, .results li")
    await results.first().waitFor({ timeout: 10_000 })
    expect(await results.count()).toBeGreaterThan(0)
    expect((await results.allInnerTexts()).join(" ")).toContain("FiscalYear")
    await page.close()
  })
})
