/**
 * The `juso` commands. Each returns an Effect that resolves to the exit code; failures are typed
 * and rendered by {@link renderError} with ids and rule IDs only (AUD-2).
 *
 * @module
 */
import { mkdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import {
  Catalog,
  CommandBatch,
  CommandHandler,
  District,
  EventStore,
  Exporter,
  FiscalYear,
  IndicatorProjection,
  IndicatorReport,
  Pseudonym,
  RegisterProjection,
  Report
} from "@kitakami-juso/core"
import { Console, DateTime, Effect, Layer, Predicate, Result, Schema } from "effect"
import * as Store from "./Store.ts"
import * as Text from "./Text.ts"

/** Parsed flags shared by the commands. */
export interface Flags {
  readonly location: Store.Location
  readonly fy?: string | undefined
  readonly surveys?: string | undefined
  readonly format?: string | undefined
  readonly out?: string | undefined
  readonly json?: boolean | undefined
}

/** Bad input from the command line or a file: nothing was changed. */
export class InputError extends Schema.TaggedError<InputError>("@kitakami-juso/cli/InputError")("InputError", {
  message: Schema.String
}) {}

const revisions = Catalog.kitakamiRevisions

/** The bundled demo batch: the "8050" household of the quickstart, as JSON commands. */
export const demoFile = fileURLToPath(new URL("../demo/8050-household.json", import.meta.url))

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

const readJson = (path: string, what: string): Effect.Effect<unknown, InputError> =>
  Effect.suspend(() => {
    let text: string
    try {
      text = readFileSync(path, "utf8")
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      return Effect.fail(new InputError({ message: `cannot read ${what} ${path} (${code ?? "error"})` }))
    }
    try {
      return Effect.succeed(JSON.parse(text.replace(/^\uFEFF/, "")) as unknown)
    } catch (e) {
      return Effect.fail(new InputError({ message: `${what} ${path} is not valid JSON: ${(e as Error).message}` }))
    }
  })

const parseFiscalYear = (fy: string | undefined, fallback: number): Effect.Effect<FiscalYear.FiscalYear, InputError> => {
  const raw = fy ?? String(fallback)
  const n = /^(FY)?(\d{4})$/i.exec(raw.trim())
  const decoded = n === null ? undefined : Schema.decodeUnknownOption(FiscalYear.FiscalYear)(Number(n[2]))
  return decoded !== undefined && decoded._tag === "Some"
    ? Effect.succeed(decoded.value)
    : Effect.fail(new InputError({ message: `--fy must be a fiscal year such as 2025 or FY2025, got "${raw.slice(0, 20)}"` }))
}

const decodeSurveys = Schema.decodeUnknownResult(Schema.Array(IndicatorProjection.SurveyResult))

const readSurveys = (path: string | undefined) =>
  path === undefined
    ? Effect.succeed<ReadonlyArray<IndicatorProjection.SurveyResult>>([])
    : Effect.flatMap(readJson(path, "survey file"), (json) => {
      const r = decodeSurveys(json)
      return Result.isSuccess(r)
        ? Effect.succeed(r.success)
        : Effect.fail(new InputError({ message: `survey file ${path}: ${r.failure.message}` }))
    })

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** The export formats; each adapter is loaded only when its format is asked for. */
const formats = {
  csv: () => import("@kitakami-juso/export-csv").then((m) => m.CsvExporter.layer()),
  xlsx: () => import("@kitakami-juso/export-xlsx").then((m) => m.XlsxExporter.layer()),
  json: () => import("@kitakami-juso/export-json").then((m) => m.JsonExporter.layer()),
  html: () => import("@kitakami-juso/export-html").then((m) => m.HtmlExporter.layer())
} as const
type Format = keyof typeof formats

const isFormat = (f: string): f is Format => Predicate.hasProperty(formats, f)

const formatCell = (column: Report.Column, value: Report.Cell | null | undefined, row: Report.Row): string => {
  if (value === null || value === undefined) return "–"
  switch (column.kind) {
    case "percent":
      return `${(Number(value) * 100).toFixed(1)}%`
    case "decimal":
      // Survey shares print with one decimal as the plan does (58.0 %); counts as whole numbers.
      return row.unit === "%" || !Number.isInteger(value) ? Number(value).toFixed(1) : String(value)
    case "boolean":
      return value ? "○" : "×"
    case "datetime":
      return Report.formatDateTimeJst(value as Date)
    default:
      return String(value)
  }
}

/** The columns a terminal shows of the indicator reports (the files carry them all). */
const terminalColumns = new Set(["fiscalYear", "indicator", "nameJa", "unit", "baseline", "actual", "target", "progress", "onTrack"])

/** Print a report's tables as text tables (Japanese headers), narrowed to fit a terminal. */
export const printReport = (report: Report.Report) =>
  Effect.gen(function*() {
    yield* Console.log(`${report.titleJa}\n${report.titleEn}\n`)
    for (const table of report.tables) {
      const indicatorTable = table.columns.some((c) => c.key === "nameJa")
      const columns = indicatorTable ? table.columns.filter((c) => terminalColumns.has(c.key)) : table.columns
      const rows: Array<Array<string>> = []
      yield* Exporter.forEachBatch(table, (batch) =>
        Effect.sync(() => {
          for (const row of batch) rows.push(columns.map((c) => Text.truncate(formatCell(c, row[c.key], row).replace(/\r?\n/g, " / "), 36)))
        }))
      yield* Console.log(Text.table(columns.map((c) => c.labelJa), rows))
      yield* Console.log("")
    }
  })

/** Write a report in one format; returns the files written. */
export const writeReport = (report: Report.Report, format: Format, path: string) =>
  Effect.gen(function*() {
    mkdirSync(dirname(path), { recursive: true })
    const exporter = yield* Exporter.Exporter
    return yield* exporter.export(report, path)
  }).pipe(Effect.provide(Layer.unwrap(Effect.promise(formats[format]))))

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

const withStore = <A, E>(location: Store.Location, program: Effect.Effect<A, E, EventStore.EventStore | CommandHandler.CommandHandler>) =>
  program.pipe(
    Effect.provide(CommandHandler.layer({ revisions }).pipe(Layer.provideMerge(Store.layer(location))))
  )

const apply = (path: string, flags: Flags) =>
  Effect.gen(function*() {
    const json = yield* readJson(path, "command file")
    const decoded = CommandBatch.decodeBatch(json)
    if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
    const total = decoded.success.length
    const applied = yield* CommandBatch.apply(decoded.success, revisions, (done, n) => {
      if (n >= 200 && (done % 100 === 0 || done === n)) process.stderr.write(`記録中 recording ${done}/${n}\r`)
    })
    yield* Console.log(
      `記録しました Recorded ${applied.recorded} of ${total} command(s) (${applied.events} event(s)); ` +
        `${applied.replayed} already recorded. Store: ${Store.describe(flags.location)}`
    )
    return 0
  })

const verify = (flags: Flags) =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    const result = yield* store.verify()
    if (result.ok) {
      yield* Console.log(`検証OK Hash chain verified: ${result.checked} event(s) intact (AUD-1). Store: ${Store.describe(flags.location)}`)
      return 0
    }
    yield* Console.error(
      `改ざんの疑い Broken history at stream ${result.stream} version ${result.version} (position ${result.position}): ${result.problem}`
    )
    return 1
  })

/** The reports `juso report` knows: the indicator reports and the three registers. */
const reportKinds = ["indicators", "period", "outreach", "meetings", "plans"] as const
type ReportKind = typeof reportKinds[number]
const isReportKind = (k: string): k is ReportKind => (reportKinds as ReadonlyArray<string>).includes(k)

/**
 * Registers name cases by pseudonyms (AUD-2): HMAC with a secret export key, read from the
 * `JUSO_EXPORT_KEY` environment variable (never a flag: flags show in process lists).
 */
const exportKey = Effect.suspend(() => {
  const secret = process.env.JUSO_EXPORT_KEY
  if (secret === undefined || Buffer.byteLength(secret) < Pseudonym.MIN_KEY_BYTES) {
    return Effect.fail(
      new InputError({
        message: `registers name cases by pseudonyms: set JUSO_EXPORT_KEY to a secret of at least ${Pseudonym.MIN_KEY_BYTES} bytes (the same key gives the same pseudonyms)`
      })
    )
  }
  return Effect.succeed(Pseudonym.makeKey(secret))
})

const buildReport = (kind: ReportKind, flags: Flags) =>
  Effect.gen(function*() {
    const handler = yield* CommandHandler.CommandHandler
    const events = yield* handler.events
    const now = yield* DateTime.now
    const generatedAt = DateTime.toDateUtc(now)
    if (kind === "indicators" || kind === "period") {
      const surveys = yield* readSurveys(flags.surveys)
      const input = { catalog: Catalog.kitakami, events, surveys, generatedAt }
      if (kind === "period") return IndicatorReport.forPeriod(input)
      const fiscalYear = yield* parseFiscalYear(flags.fy, FiscalYear.ofInstant(now))
      return IndicatorReport.forYear({ ...input, fiscalYear })
    }
    const key = yield* exportKey
    const fiscalYear = flags.fy === undefined ? undefined : yield* parseFiscalYear(flags.fy, 0)
    const options = {
      exportKey: key,
      generatedAt,
      planRevision: Catalog.kitakami.revision.id,
      agencyName: RegisterProjection.agencyNames(Catalog.kitakami),
      ...(fiscalYear === undefined ? {} : { fiscalYear })
    }
    return kind === "outreach"
      ? RegisterProjection.outreachLog(events, options)
      : kind === "meetings"
      ? RegisterProjection.meetingLog(events, options)
      : RegisterProjection.planRegister(events, options)
  })

const report = (kind: string, flags: Flags) =>
  Effect.gen(function*() {
    if (!isReportKind(kind)) {
      return yield* new InputError({ message: `unknown report "${kind}" (${reportKinds.join(", ")})` })
    }
    const format = flags.format ?? "table"
    if (format !== "table" && !isFormat(format)) {
      return yield* new InputError({ message: `unknown format "${format}" (table, csv, xlsx, json, html)` })
    }
    const built = yield* withStore(flags.location, buildReport(kind, flags))
    if (format === "table") {
      yield* printReport(built)
      return 0
    }
    const path = flags.out ?? join(".juso", "out", `${built.id}.${format}`)
    const summary = yield* writeReport(built, format, path)
    yield* Console.log(`書き出しました Wrote ${summary.files.join(", ")}`)
    return 0
  })

/** The whole demo on one open store: record, verify, report, export. */
const demo = (flags: Flags) =>
  Effect.gen(function*() {
    yield* Console.log(`■ 記録 Recording the "8050" household story into ${Store.describe(flags.location)}`)
    yield* apply(demoFile, flags)
    yield* Console.log(`\n■ 検証 Verifying the stored history (AUD-1)`)
    const verified = yield* verify(flags)
    if (verified !== 0) return verified
    yield* Console.log("")
    const built = yield* buildReport("indicators", { ...flags, fy: "2025" })
    yield* printReport(built)
    const dir = flags.out ?? join(".juso", "out")
    const files: Array<string> = []
    for (const format of Object.keys(formats) as Array<Format>) {
      const summary = yield* writeReport(built, format, join(dir, `${built.id}.${format}`))
      files.push(...summary.files)
    }
    yield* Console.log(`■ 書き出し Wrote:\n${files.map((f) => `  ${f}`).join("\n")}`)
    return 0
  })

const catalog = (flags: Flags) =>
  Effect.gen(function*() {
    const k = Catalog.kitakami
    if (flags.json) {
      yield* Console.log(JSON.stringify(Catalog.encode(k), null, 2))
      return 0
    }
    const sectionName = (id: string) => k.directory.sections.find((s) => s.id === id)?.name ?? id
    yield* Console.log(`${k.plan.name} — revision ${k.revision.id}\n`)
    yield* Console.log(
      Text.table(
        ["ID", "機関 Agency", "事業 Programs", "担当課 Section"],
        k.directory.agencies.map((a) => [a.id, a.name, a.programs.join(", "), a.sections.map(sectionName).join("・")])
      )
    )
    yield* Console.log("")
    yield* Console.log(
      Text.table(
        ["地区 District", "地域包括支援センター Centre", "ブランチ等 Branch/satellite"],
        District.routingTable(k).map((r) => [r.district.name, r.centre.name, r.branches.map((b) => b.name).join("・")])
      )
    )
    return 0
  })

const district = (name: string | undefined) =>
  Effect.gen(function*() {
    if (name === undefined) return yield* new InputError({ message: "district needs a NAME, e.g. juso district 相去" })
    const a = yield* District.route(Catalog.kitakami, name)
    const branches = a.branches.length === 0 ? "" : ` (+ ${a.branches.map((b) => b.name).join("・")})`
    yield* Console.log(`${a.district.name} → ${a.centre.name}${branches}`)
    return 0
  })

/** The command's program, or `undefined` for an unknown command. */
export const run = (
  command: string,
  positionals: ReadonlyArray<string>,
  flags: Flags
): Effect.Effect<number, unknown> | undefined => {
  switch (command) {
    case "apply":
      return positionals[0] === undefined
        ? Effect.fail(new InputError({ message: "apply needs a FILE.json (a JSON array of commands)" }))
        : withStore(flags.location, apply(positionals[0], flags))
    case "verify":
      return withStore(flags.location, verify(flags))
    case "report":
      return report(positionals[0] ?? "indicators", flags)
    case "demo":
      return withStore(flags.location, demo(flags))
    case "catalog":
      return catalog(flags)
    case "district":
      return district(positionals[0])
    default:
      return undefined
  }
}

/** A failure as one line for people, and its exit code. Messages carry ids and rule IDs only. */
export const renderError = (e: unknown): { readonly message: string; readonly code: number } => {
  if (Predicate.isTagged(e, "EventStoreError")) {
    const err = e as EventStore.EventStoreError
    return { message: `storage: ${err.message}${err.isRetryable ? " (retryable)" : ""}`, code: err.reason._tag === "VersionConflict" ? 1 : 3 }
  }
  if (Predicate.isTagged(e, "ExportError")) return { message: `export: ${(e as Exporter.ExportError).message}`, code: 3 }
  if (Predicate.isTagged(e, "BatchRefused")) {
    const b = e as CommandBatch.BatchRefused
    const issues = b.issues.map((i) => `\n  - ${i.path || "(root)"}: ${i.message}`).join("")
    return { message: `nothing recorded: ${b.message}${issues}`, code: 1 }
  }
  if (["UnknownDistrict", "InputError", "RuleViolation", "UndecodableEvent"].some((tag) => Predicate.isTagged(e, tag))) {
    return { message: e instanceof Error ? e.message : "refused", code: 1 }
  }
  // A defect: its message could quote data, so only its name is printed unless JUSO_DEBUG is set.
  const detail = process.env.JUSO_DEBUG ? `\n${e instanceof Error ? e.stack : String(e)}` : " (set JUSO_DEBUG=1 for details)"
  return { message: `unexpected failure: ${e instanceof Error ? e.name : typeof e}${detail}`, code: 3 }
}


