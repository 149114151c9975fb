#!/usr/bin/env node
// The `juso` command. In the workspace it runs the TypeScript sources directly (Node ≥ 22.18
// strips types); once published (inside node_modules, where Node will not strip types) it runs
// the built `dist/`.
const inNodeModules = import.meta.url.includes("/node_modules/")
const { main } = await import(inNodeModules ? "../dist/main.js" : "../src/main.ts")
process.exitCode = await main(process.argv.slice(2))
