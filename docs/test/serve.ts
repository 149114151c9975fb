/** A static file server over docs/dist for the browser tests (127.0.0.1, a free port), and the suites' browser. */
import { existsSync, readFileSync, statSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { extname, join, normalize } from "node:path"
import { type Browser, chromium } from "playwright-core"
import { afterAll, beforeAll } from "vitest"
import * as Programs from "../../test-support/programs.ts"

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".ico": "image/x-icon"
}

export const serve = async (site: string): Promise<{ readonly base: string; readonly close: () => Promise<void> }> => {
  const server: Server = createServer((req, res) => {
    try {
      const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "")
      let file = join(site, path)
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html")
      if (!file.startsWith(site) || !existsSync(file)) {
        res.writeHead(404).end("not found")
        return
      }
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file))
    } catch {
      res.writeHead(400).end("bad request")
    }
  })
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((ok) => server.close(() => ok()))
  }
}

/**
 * For a browser suite: in `beforeAll`, serve docs/dist and launch headless Chromium (skipped when
 * `skip` says so); closed in `afterAll`. Read `site.base` and `site.browser` inside the tests.
 */
export const useSite = (skip: string | undefined) => {
  const site = {} as { base: string; browser: Browser; close: () => Promise<void> }
  beforeAll(async () => {
    if (skip !== undefined) return
    Programs.requirePrograms(Programs.chromium)
    Object.assign(site, await serve(join(import.meta.dirname, "..", "dist")))
    site.browser = await chromium.launch({ executablePath: Programs.chromium.path, args: Programs.chromiumArgs })
  })
  afterAll(async () => {
    await site.browser?.close()
    await site.close?.()
  })
  return site
}
