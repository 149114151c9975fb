/**
 * Builds the docs site: writes the content folder (prepare.ts), then `astro build` (Starlight,
 * typedoc through starlight-typedoc, pagefind) into docs/dist. Prints progress and the time taken.
 * `pnpm run docs` (or `./dev docs`) at the repository root runs this.
 */
import { spawnSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { prepare } from "./prepare.ts"

const docs = join(import.meta.dirname, "..")
const started = performance.now()
const seconds = () => ((performance.now() - started) / 1000).toFixed(1)

console.log("docs: 1/2 writing content (authored pages, design pages, rule pages, command and event reference)")
const count = await prepare()
console.log(`docs: content ready in ${seconds()} s (${count.commands} commands, ${count.events} events)`)
console.log("docs: 2/2 astro build (typedoc API, pages, pagefind search index)")
// A production build whoever runs it: under vitest NODE_ENV is "test", and Astro then builds the
// search box as its development placeholder ("search is only available in production builds").
const astro = spawnSync(process.execPath, [join(docs, "node_modules", "astro", "bin", "astro.mjs"), "build"], {
  cwd: docs,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" }
})
if (astro.status !== 0) {
  console.error(`docs: astro build failed (exit ${astro.status})`)
  process.exit(1)
}
// The stamp the test setup compares with its inputs, to reuse this build (test/global-setup.ts).
writeFileSync(join(docs, "dist", ".built"), new Date().toISOString())
console.log(`docs: site built into docs/dist in ${seconds()} s`)
