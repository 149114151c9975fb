#!/usr/bin/env node
// The `juso` command. Plain JavaScript that every Node can parse, so an old Node gets a clear
// message instead of a stack trace. `--help` and `--version` are answered from bin/help.json
// (generated from the CLI's own help, checked by a test) without loading Effect, the stores or
// the exporters. In the workspace it runs the TypeScript sources (Node >= 22.19 strips types);
// once published (inside node_modules) it runs the built dist/.
import { readFileSync } from "node:fs"

const [major, minor] = process.versions.node.split(".").map(Number)
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `juso: Node.js ${process.versions.node} は古すぎます。Node.js 22.19 以上が必要です。\n` +
      `juso: Node.js ${process.versions.node} is too old; juso needs Node.js 22.19 or newer.\n`
  )
  process.exit(1)
}

const argv = process.argv.slice(2)
if (process.env.JUSO_HELP_CACHE !== "off") {
  const asks = (a) => a === "--help" || a === "-h"
  const key = argv.length === 1 && asks(argv[0]) ? "" : argv.length === 2 && asks(argv[1]) ? argv[0] : argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v") ? "--version" : undefined
  if (key !== undefined) {
    const help = JSON.parse(readFileSync(new URL("./help.json", import.meta.url), "utf8"))
    const text = key === "--version" ? `juso ${help.version}` : help.commands[key]
    if (text !== undefined) {
      process.stdout.write(`${text}\n`)
      process.exit(0)
    }
  }
}

const inNodeModules = import.meta.url.includes("/node_modules/")
const { main } = await import(inNodeModules ? "../dist/main.js" : "../src/main.ts")
process.exitCode = await main(argv)
