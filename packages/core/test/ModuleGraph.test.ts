import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src")

/** The source files a module loads at run time (value imports and re-exports; `import type` loads nothing). */
const loads = (entry: string): ReadonlySet<string> => {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, "utf8")
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^"]*?from\s+"(\.[^"]+)"/gm)) visit(resolve(dirname(file), m[1]!))
  }
  visit(resolve(src, entry))
  return new Set([...seen].map((f) => f.slice(src.length + 1)))
}

describe("Module graph", () => {
  it("ORG-1: importing an id type loads no catalog data (Id.ts reaches neither Catalog.ts nor KitakamiData.ts)", () => {
    const reached = loads("Id.ts")
    expect(reached.has("Directory.ts")).toBe(true)
    expect(reached.has("Catalog.ts")).toBe(false)
    expect(reached.has("KitakamiData.ts")).toBe(false)
  })
})
