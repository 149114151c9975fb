/**
 * The `--help` cache the bin answers from (bin/help.json) and docs/cli.md's reference are the
 * CLI's own help as effect/cli renders it: regenerate both with `node packages/cli/scripts/help.ts`.
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { commandNames, version } from "../src/main.ts"
import * as Help from "./support/help.ts"
import { juso, tmp } from "./support/juso.ts"

describe("juso --help", () => {
  it("bin/help.json equals the help effect/cli renders for the root and every command", () => {
    expect(readFileSync(Help.cacheFile, "utf8")).toBe(Help.renderCache())
  }, 120_000)

  it("docs/cli.md's generated reference equals the CLI's own help", () => {
    expect(readFileSync(Help.docsFile, "utf8")).toBe(Help.renderDocs())
  }, 120_000)

  it("per-command help with examples, Japanese first; --version; the cached answer is what effect/cli prints", () => {
    const cwd = tmp()
    for (const name of commandNames) {
      const cached = juso(cwd, [name, "--help"])
      expect(cached.code).toBe(0)
      expect(cached.out).toMatch(/^説明 DESCRIPTION\n/)
      expect(cached.out).toContain("例 EXAMPLES")
      expect(cached.out).toContain(`juso ${name}`)
      expect(cached.out).toBe(`${Help.liveHelp(name)}\n`)
    }
    expect(juso(cwd, ["report", "--help"]).out).not.toContain("juso apply")
    const v = juso(cwd, ["--version"])
    expect([v.code, v.out]).toEqual([0, `juso ${version}\n`])
    expect(juso(cwd, ["--version"], { env: { JUSO_HELP_CACHE: "off" } }).out).toBe(`juso ${version}\n`)
  }, 120_000)

  const oldNode = "/usr/bin/node"
  const oldVersion = existsSync(oldNode) ? spawnSync(oldNode, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim() : ""
  const isOld = /^(1\d|20|21|22\.(\d|1[0-7]))\./.test(oldVersion)
  it.skipIf(!isOld)(`under an old Node (${oldNode} ${oldVersion || "missing"}) the bin says so (exit 1), not a stack trace`, () => {
    const r = juso(tmp(), ["--help"], { node: oldNode })
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/は古すぎます。Node\.js 22\.19 以上が必要です。\n.*is too old; juso needs Node\.js 22\.19 or newer/)
    expect(r.err).not.toContain("ERR_")
  })
})
