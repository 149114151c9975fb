import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import * as Packed from "../pack-check/packed.ts"

const dirs: Array<string> = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A fake installed package: file path → content. */
const pkg = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), "packed-test-"))
  dirs.push(dir)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

const manifest = (exports: unknown) => JSON.stringify({ name: "@x/p", exports })
const map = (source: string) => JSON.stringify({ version: 3, sources: [source], mappings: "" })

describe("pack:check's reading of a packed package", () => {
  it("lists every exports entry, expanding * patterns to the shipped files", () => {
    const dir = pkg({
      "package.json": manifest({
        ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
        "./kit/*": { types: "./dist/kit/*.d.ts", default: "./dist/kit/*.js" },
        "./package.json": "./package.json"
      }),
      "dist/kit/a.js": "",
      "dist/kit/b.js": "",
      "dist/kit/b.js.map": ""
    })
    expect(Packed.entries(dir)).toEqual([
      { specifier: "@x/p", types: "./dist/index.d.ts", json: false },
      { specifier: "@x/p/kit/a", types: "./dist/kit/a.d.ts", json: false },
      { specifier: "@x/p/kit/b", types: "./dist/kit/b.d.ts", json: false },
      { specifier: "@x/p/package.json", types: undefined, json: true }
    ])
  })

  it("a clean per-file build has no problems", () => {
    const dir = pkg({
      "package.json": manifest("./dist/index.js"),
      "src/index.ts": "export * as A from \"./A.ts\"",
      "dist/index.js": "export * as A from \"./A.js\"\nimport { DatabaseSync } from \"node:sqlite\"",
      "dist/index.d.ts": "export * as A from \"./A.ts\"\ntype T = `${string}-x`",
      "dist/index.d.ts.map": map("../src/index.ts")
    })
    expect(Packed.problems(dir)).toEqual([])
  })

  it("finds renamed symbols, missing or misdirected declaration maps and stripped node: prefixes", () => {
    const dir = pkg({
      "package.json": manifest("./dist/index.js"),
      "src/index.ts": "",
      "dist/index.js": "import { DatabaseSync } from \"sqlite\"\nconst fs = await import(\"fs\")",
      "dist/index.d.ts": "interface Options$4 {}\nexport declare const make$6: Options$4",
      "dist/other.d.ts": "export {}",
      "dist/other.d.ts.map": map("../../elsewhere/other.ts"),
      "dist/gone.d.ts": "export {}",
      "dist/gone.d.ts.map": map("../src/gone.ts")
    })
    expect(Packed.problems(dir)).toEqual(expect.arrayContaining([
      "dist/index.js: imports \"sqlite\" (must be \"node:sqlite\")",
      "dist/index.js: imports \"fs\" (must be \"node:fs\")",
      "dist/index.d.ts: renamed symbols Options$4, make$6",
      "dist/index.d.ts: no declaration map",
      "dist/other.d.ts.map: source ../elsewhere/other.ts is not under src/",
      "dist/gone.d.ts.map: source src/gone.ts is not in the package"
    ]))
    expect(Packed.problems(dir)).toHaveLength(6)
  })
})
