/**
 * The CLI's own help, rendered by `effect/cli` (the bin with its cache off), as the help cache
 * and as the reference section of docs/cli.md.
 */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { commandNames, version } from "../../src/main.ts"

export const bin = resolve(import.meta.dirname, "..", "..", "bin", "juso.mjs")
export const cacheFile = resolve(import.meta.dirname, "..", "..", "bin", "help.json")
export const docsFile = resolve(import.meta.dirname, "..", "..", "..", "..", "docs", "cli.md")

/** What `juso [command] --help` prints when parsed by effect/cli. */
export const liveHelp = (command: string): string => {
  const r = spawnSync(process.execPath, [bin, ...(command === "" ? [] : [command]), "--help"], {
    encoding: "utf8",
    env: { ...process.env, JUSO_HELP_CACHE: "off" }
  })
  if (r.status !== 0) throw new Error(`juso ${command} --help exited ${r.status}: ${r.stderr}`)
  return r.stdout.replace(/\n$/, "")
}

/** The cache file's content. */
export const renderCache = (): string =>
  `${JSON.stringify({ version, commands: Object.fromEntries(["", ...commandNames].map((c) => [c, liveHelp(c)])) }, null, 2)}\n`

const BEGIN = "<!-- BEGIN generated: juso --help (node packages/cli/scripts/help.ts) -->"
const END = "<!-- END generated -->"

/** docs/cli.md with its generated section replaced by the current help. */
export const renderDocs = (): string => {
  const doc = readFileSync(docsFile, "utf8")
  const section = ["", ...commandNames].map((c) => `### \`juso${c === "" ? "" : ` ${c}`} --help\`\n\n\`\`\`text\n${liveHelp(c)}\n\`\`\`\n`).join("\n")
  const start = doc.indexOf(BEGIN)
  const end = doc.indexOf(END)
  const body = `${BEGIN}\n\n${section}\n${END}`
  return start === -1 || end === -1 ? `${doc.trimEnd()}\n\n## Reference (generated)\n\n${body}\n` : doc.slice(0, start) + body + doc.slice(end + END.length)
}
