/**
 * Core runs in a browser: its public entry bundles with esbuild for platform=browser (no `node:`
 * import), and the playground's engine (site/playground: the "8050" story on core's command
 * handler and in-memory store), bundled the same way, runs in a sandbox holding only what a
 * browser has (no `Buffer`, no `process`, no `require`) and refuses the step the rules refuse.
 * No browser needed: runs everywhere.
 */
import { join } from "node:path"
import { createContext, runInContext } from "node:vm"
import { build, type BuildFailure } from "esbuild"
import { describe, expect, it } from "vitest"

const here = import.meta.dirname
const bundle = async (entry: string, format: "esm" | "iife") => {
  try {
    const result = await build({ entryPoints: [entry], bundle: true, platform: "browser", format, globalName: "engine", write: false, metafile: true, logLevel: "silent" })
    return { ok: true as const, text: result.outputFiles[0]!.text, inputs: result.metafile.inputs }
  } catch (e) {
    return { ok: false as const, errors: (e as BuildFailure).errors.map((x) => `${x.location?.file ?? "?"}: ${x.text}`) }
  }
}

describe("core in the browser", () => {
  it("@kitakami-juso/core's entry bundles with platform=browser and imports no node: module", async () => {
    const result = await bundle(join(here, "..", "..", "packages", "core", "src", "index.ts"), "esm")
    expect(result.ok ? [] : result.errors).toEqual([])
    if (result.ok) {
      expect(Object.values(result.inputs).flatMap((i) => i.imports.filter((x) => x.path.startsWith("node:")).map((x) => x.path))).toEqual([])
    }
  }, 120_000)

  it("PLN-9, CNS-7: the playground's engine runs the 8050 story with browser globals only, and refuses the mother at the case meeting", async () => {
    const result = await bundle(join(here, "engine-entry.ts"), "iife")
    expect(result.ok ? [] : result.errors).toEqual([])
    if (!result.ok) return
    // What a page has; deliberately no Buffer, process or require.
    const sandbox = createContext({
      console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, structuredClone,
      TextEncoder, TextDecoder, URL, crypto: globalThis.crypto, performance, AbortController, Event, EventTarget
    })
    runInContext(`${result.text}\nglobalThis.engine = engine`, sandbox)
    const outcomes = await runInContext("engine.outcomes()", sandbox) as ReadonlyArray<{ id: string; kind: string; rule?: string }>
    expect(outcomes.find((o) => o.id === "refer")).toMatchObject({ kind: "accepted" })
    expect(outcomes.find((o) => o.id === "table-mother")).toMatchObject({ kind: "refused", rule: "CNS-7" })
    expect(outcomes.find((o) => o.id === "end")).toMatchObject({ kind: "accepted" })
  }, 120_000)
})
