/**
 * Builds the docs site once for the browser tests (scripts/build.ts, progress printed), or reuses
 * docs/dist when its stamp (written by the build, e.g. `pnpm run docs` in .ci/run) is newer than every input (authored pages, design pages, rules.json, the
 * site's sources and scripts, typedoc.json, and the packages' sources the API and the playground
 * come from). Without Chromium (and not in CI) the browser tests skip, so nothing is built.
 */
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import * as Programs from "../../test-support/programs.ts"

const docs = join(import.meta.dirname, "..")
const root = join(docs, "..")
const stamp = join(docs, "dist", ".built")

const newest = (path: string): number => {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return readdirSync(path).reduce((m, f) => (["node_modules", "dist", "content", "schema"].includes(f) ? m : Math.max(m, newest(join(path, f)))), s.mtimeMs)
}

const inputs = () => [
  join(docs, "pages"), join(docs, "site"), join(docs, "scripts"), join(docs, "rules.json"), join(docs, "astro.config.mjs"), join(root, "typedoc.json"),
  ...readdirSync(docs).filter((f) => f.endsWith(".md")).map((f) => join(docs, f)),
  ...readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "src"))
]

export default function setup(): void {
  const reason = Programs.skipReason(Programs.chromium)
  if (reason !== undefined) {
    console.log(`docs: site not built, the browser tests are ${reason}`)
    return
  }
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs().map(newest))) {
    console.log("docs: reusing docs/dist (newer than every input)")
    return
  }
  console.log("docs: building the site once for the browser tests (a few minutes)…")
  const result = spawnSync(process.execPath, [join(docs, "scripts", "build.ts")], { cwd: docs, stdio: "inherit" })
  if (result.status !== 0) throw new Error(`docs: the site build failed (exit ${result.status})`)
}
