/**
 * `juso`: the command line of kitakami-juso. Parses arguments with `node:util`'s `parseArgs`,
 * runs one command, renders typed errors for people (ids and rule IDs, never personal data,
 * AUD-2) and returns the exit code: 0 done, 1 refused or invalid input, 2 usage, 3 storage.
 *
 * @module
 */
import { parseArgs } from "node:util"
import { Cause, Effect, Exit } from "effect"
import * as Commands from "./Commands.ts"
import * as Store from "./Store.ts"

/** The help text. */
export const usage = `juso — 北上市重層的支援体制整備事業 (Kitakami multi-layered support system)

Usage:
  juso demo [store] [--out DIR]          記録例 Record the bundled "8050" household story, verify the
                                         history, print the FY2025 indicator report and write it as
                                         CSV, XLSX, JSON and HTML into DIR (default .juso/out)
  juso apply FILE.json [store]           記録 Decide and record a batch of commands (a JSON array);
                                         nothing is written unless every command is accepted
  juso report [indicators|period|outreach|meetings|plans] [store] [--fy 2025]
              [--surveys FILE.json] [--format table|csv|xlsx|json|html] [--out PATH]
                                         成果指標 The indicator report of a fiscal year (KPI-9), or
                                         of the plan period FY2025–FY2028 (KPI-10); 台帳 the
                                         outreach log, meeting log or plan register, with
                                         pseudonymous case ids (needs JUSO_EXPORT_KEY)
  juso verify [store]                    検証 Recompute the history's hash chain (AUD-1)
  juso catalog [--json]                  計画 The plan's agencies and district routing
  juso district NAME                     地区 Which community general support centre serves a district (ORG-2)

Store:
  --db FILE      SQLite file (default ${Store.DEFAULT_DB}; ":memory:" for a throw-away store)
  --pg [URL]     PostgreSQL (URL, or JUSO_PG_URL); --pg-schema NAME for the tables' schema (default public)

Exit codes: 0 done, 1 refused or invalid input, 2 usage, 3 storage failure.`

const options = {
  db: { type: "string" },
  pg: { type: "boolean" },
  "pg-url": { type: "string" },
  "pg-schema": { type: "string" },
  fy: { type: "string" },
  surveys: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" }
} as const

/** Run the CLI with these arguments; resolves to the exit code. Output goes to stdout/stderr. */
export const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  // `--pg URL` and `--pg` alone are both allowed: rewrite the first into `--pg --pg-url URL`.
  const args = argv.flatMap((a, i) =>
    a === "--pg" && argv[i + 1] !== undefined && /^postgres(ql)?:\/\//.test(argv[i + 1]!) ? ["--pg", "--pg-url"] : [a]
  )
  let parsed
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    process.stderr.write(`juso: ${(e as Error).message}\n\n${usage}\n`)
    return 2
  }
  const { values, positionals } = parsed
  const [command, ...rest] = positionals
  if (values.help || command === undefined || command === "help") {
    process.stdout.write(`${usage}\n`)
    return command === undefined && !values.help ? 2 : 0
  }
  const location: Store.Location = values.pg
    ? { _tag: "Postgres", url: values["pg-url"] ?? process.env.JUSO_PG_URL ?? "", schema: values["pg-schema"] }
    : { _tag: "Sqlite", filename: values.db ?? Store.DEFAULT_DB }
  if (location._tag === "Postgres" && location.url === "") {
    process.stderr.write("juso: --pg needs a URL (or set JUSO_PG_URL)\n")
    return 2
  }
  const program = Commands.run(command, rest, { ...values, location })
  if (program === undefined) {
    process.stderr.write(`juso: unknown command "${command}"\n\n${usage}\n`)
    return 2
  }
  const exit = await Effect.runPromiseExit(program)
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.squash(exit.cause)
  const rendered = Commands.renderError(failure)
  process.stderr.write(`juso: ${rendered.message}\n`)
  return rendered.code
}
