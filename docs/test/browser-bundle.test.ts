/**
 * Core's public entry bundles for the browser (esbuild, platform=browser): no `node:` import in
 * the domain entry, so the rules can run in a page (the playground) and in any browser tool.
 * No browser needed; runs everywhere.
 */
import { join } from "node:path"
import { build } from "esbuild"
import { describe, expect, it } from "vitest"

const entry = join(import.meta.dirname, "..", "..", "packages", "core", "src", "index.ts")

describe("core in the browser", () => {
  it("@kitakami-juso/core's entry bundles with platform=browser and imports no node: module", async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent"
    }).catch((e: { errors?: ReadonlyArray<{ text: string; location?: { file: string } | null }> }) => ({
      failure: (e.errors ?? []).map((x) => `${x.location?.file ?? "?"}: ${x.text}`)
    }))
    expect("failure" in result ? result.failure : []).toEqual([])
    if ("metafile" in result) {
      const nodeImports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.path.startsWith("node:")).map((x) => x.path))
      expect(nodeImports).toEqual([])
      expect(result.outputFiles[0]!.text.length).toBeGreaterThan(10_000)
    }
  }, 60_000)
})
