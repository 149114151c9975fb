/**
 * Regenerates `bin/help.json` (the `--help` cache the bin answers from without loading Effect)
 * and the generated reference section of `docs/cli.md`, from the CLI's own help:
 * `node packages/cli/scripts/help.ts` (or `pnpm --filter @kitakami-juso/cli gen:help`).
 * `test/help.test.ts` fails when either is out of date.
 */
import { writeFileSync } from "node:fs"
import * as Help from "../test/support/help.ts"

writeFileSync(Help.cacheFile, Help.renderCache())
writeFileSync(Help.docsFile, Help.renderDocs())
console.log(`wrote ${Help.cacheFile} and ${Help.docsFile}`)
