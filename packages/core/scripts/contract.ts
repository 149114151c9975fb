/**
 * Writes the vendor contract's JSON Schema files into `packages/core/contract/` from the
 * `effect/Schema` definitions (`Contract.files()`): `commands.schema.json`, `events.schema.json`
 * and one file per command and event. Run after changing a command or event:
 * `pnpm --filter @kitakami-juso/core contract`. A test fails while the files are out of date.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Contract } from "../src/index.ts"

const root = join(import.meta.dirname, "..", "contract")
rmSync(root, { recursive: true, force: true })
for (const [path, schema] of Contract.files()) {
  const file = join(root, path)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`)
}
console.log(`contract: wrote ${Contract.files().length} JSON Schema files into ${root}`)
