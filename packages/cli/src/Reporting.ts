/**
 * `juso report`: the indicator report of a fiscal year (KPI-9), the plan-period report as of a
 * year (KPI-10), or a register (OUT-2, MTG-6, PLN-8) with pseudonymous case ids (AUD-2), printed
 * as a terminal table or exported. Loaded only when a report runs; each exporter is imported
 * only when its format is asked for.
 *
 * @module
 */
import { join } from "node:path"
import {
  Catalog,
  CommandHandler,
  Exporter,
  FiscalYear,
  IndicatorProjection,
  IndicatorReport,
  Pseudonym,
  type DomainEvent,
  type EventStore,
  type ReadModelStore,
  ReadSide,
  RegisterProjection,
  type Report
} from "@kitakami-juso/core"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Failure from "./Failure.ts"
import * as FiscalYearArg from "./FiscalYearArg.ts"
import * as Location from "./Location.ts"
import * as Output from "./Output.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Recording from "./Recording.ts"
import * as Store from "./Store.ts"
import * as Text from "./Text.ts"

/** The export formats; each adapter is loaded only when its format is asked for. */
export type Format = "csv" | "xlsx" | "json" | "html"
const formats = ["csv", "xlsx", "json", "html"] as const

/** CSV encodings the CLI offers (`--encoding`). */
export type Encoding = "utf8-bom" | "utf8" | "cp932"

const exporterLayer = (format: Format, encoding: Encoding, table: string | undefined): Promise<Layer.Layer<Exporter.Exporter>> => {
  switch (format) {
    case "csv":
      return import("@kitakami-juso/export-csv").then((m) => m.CsvExporter.layer({ encoding, ...(table === undefined ? {} : { table }) }))
    case "xlsx":
      return import("@kitakami-juso/export-xlsx").then((m) => m.XlsxExporter.layer())
    case "json":
      return import("@kitakami-juso/export-json").then((m) => m.JsonExporter.layer())
    case "html":
      return import("@kitakami-juso/export-html").then((m) => m.HtmlExporter.layer())
  }
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

const decodeSurveys = Schema.decodeUnknownResult(Schema.Array(IndicatorProjection.SurveyResult))

const readSurveys = (path: string | undefined) =>
  path === undefined
    ? Effect.succeed<ReadonlyArray<IndicatorProjection.SurveyResult>>([])
    : Effect.flatMap(Recording.readJson(path, "調査ファイル survey file"), (json) => {
      const r = decodeSurveys(json)
      return Result.isSuccess(r)
        ? Effect.succeed(r.success)
        : Effect.fail(new Failure.InputError({ message: `調査ファイル survey file ${path}: ${r.failure.message}` }))
    })

/**
 * Registers name cases by pseudonyms (AUD-2): HMAC with the secret `JUSO_EXPORT_KEY`, read
 * through `Config.redacted` (never a flag: flags show in process lists).
 */
const exportKey = Effect.gen(function*() {
  const secret = yield* Effect.orElseSucceed(Config.option(Config.Redacted("JUSO_EXPORT_KEY")), () => Option.none())
  if (Option.isNone(secret) || Buffer.byteLength(Redacted.value(secret.value)) < Pseudonym.MIN_KEY_BYTES) {
    return yield* new Failure.InputError({
      message: `台帳は仮名化IDで出力します: JUSO_EXPORT_KEY に ${Pseudonym.MIN_KEY_BYTES} バイト以上の秘密鍵を設定してください。` +
        `Registers use pseudonyms: set JUSO_EXPORT_KEY to a secret of at least ${Pseudonym.MIN_KEY_BYTES} bytes`
    })
  }
  return Pseudonym.makeKey(Redacted.value(secret.value))
})

/** The reports `juso report` knows. */
export type Kind = "indicators" | "period" | "outreach" | "meetings" | "plans"

/** The report's time from the Clock, its fiscal year in Japan time (TIME-1), and the year asked for. */
const reportTime = (fiscalYear: number | undefined) =>
  Effect.map(DateTime.now, (now) => ({
    generatedAt: DateTime.toDateUtc(now),
    current: FiscalYear.ofInstant(now),
    fy: fiscalYear === undefined ? undefined : FiscalYear.make(fiscalYear)
  }))

/** OUT-2, MTG-6, PLN-8: what every register is built with (AUD-2: the export key for pseudonyms). */
const registerOptions = (exportKey: Pseudonym.ExportKey, generatedAt: Date, fy: FiscalYear.FiscalYear | undefined) => ({
  exportKey,
  generatedAt,
  planRevision: Catalog.kitakami.revision.id,
  agencyName: RegisterProjection.agencyNames(Catalog.kitakami),
  ...(fy === undefined ? {} : { fiscalYear: fy })
})

/**
 * Build a report from the stored history, read whole. `fiscalYear`: the year (indicators), the
 * as-of year (period) or a filter (registers). `juso report` reads the projections instead
 * ({@link fromCounters}, {@link fromRegisters}); this replay is the reference they equal.
 */
export const build = (
  kind: Kind,
  options: { readonly fiscalYear: number | undefined; readonly surveys: string | undefined }
): Effect.Effect<Report.Report, Failure.InputError | EventStore.EventStoreError | DomainEvent.UndecodableEvent, CommandHandler.CommandHandler> =>
  Effect.gen(function*() {
    const handler = yield* CommandHandler.CommandHandler
    const events = yield* handler.events
    const { current, fy, generatedAt } = yield* reportTime(options.fiscalYear)
    if (kind === "indicators" || kind === "period") {
      const surveys = yield* readSurveys(options.surveys)
      const input = { catalog: Catalog.kitakami, events, surveys, generatedAt }
      if (kind === "period") return IndicatorReport.forPeriod({ ...input, asOf: fy ?? current })
      return IndicatorReport.forYear({ ...input, fiscalYear: fy ?? current, asOf: current })
    }
    const register = registerOptions(yield* exportKey, generatedAt, fy)
    return kind === "outreach"
      ? RegisterProjection.outreachLog(events, register)
      : kind === "meetings"
      ? RegisterProjection.meetingLog(events, register)
      : RegisterProjection.planRegister(events, register)
  })

/** A report read from the read models (caught up first), with what that can fail with and needs. */
type FromReadModels = Effect.Effect<
  Report.Report,
  Failure.InputError | Failure.StorageError | EventStore.EventStoreError | ReadModelStore.ReadModelError,
  ReadSide.ReadSide | EventStore.EventStore | ReadModelStore.ReadModelStore
>

/** KPI-9, KPI-10: the indicator reports from the projections' counters, after catching them up. */
export const fromCounters = (
  kind: "indicators" | "period",
  options: { readonly fiscalYear: number | undefined; readonly surveys: string | undefined }
): FromReadModels =>
  Effect.gen(function*() {
    yield* ReadModels.catchUp(ReadModels.forIndicators)
    const read = yield* ReadSide.ReadSide
    const { current, fy, generatedAt } = yield* reportTime(options.fiscalYear)
    const surveys = yield* readSurveys(options.surveys)
    return kind === "period"
      ? yield* read.periodReport({ generatedAt, surveys, asOf: fy ?? current })
      : yield* read.yearReport(fy ?? current, { generatedAt, surveys })
  })

/**
 * OUT-2, MTG-6, PLN-8: a register streamed from the registers' read model, after catching the
 * projections up: the report {@link build} gives from the history, row for row, holding one page at
 * a time (AUD-2: pseudonymous ids, the export key checked before anything is read).
 */
export const fromRegisters = (
  kind: "outreach" | "meetings" | "plans",
  options: { readonly fiscalYear: number | undefined }
): FromReadModels =>
  Effect.gen(function*() {
    const key = yield* exportKey
    yield* ReadModels.catchUp(ReadModels.forRegisters)
    const read = yield* ReadSide.ReadSide
    const { fy, generatedAt } = yield* reportTime(options.fiscalYear)
    const register = registerOptions(key, generatedAt, fy)
    return kind === "outreach"
      ? read.outreachLog(register)
      : kind === "meetings"
      ? read.meetingLog(register)
      : read.planRegister(register)
  })

// ---------------------------------------------------------------------------------------------
// Printing and writing
// ---------------------------------------------------------------------------------------------

/**
 * The columns a terminal shows of each indicator table (the files carry them all): the figures,
 * and for the notes where each figure comes from. The assumptions are printed once, under the
 * first table, as a footnote.
 */
const terminalColumns: Readonly<Record<string, ReadonlySet<string>>> = {
  indicators: new Set(["indicator", "nameJa", "unit", "baseline", "actual", "target", "progress", "expected", "status"]),
  notes: new Set(["indicator", "source", "direction", "baselineYear", "targetYear", "basis"])
}

/** A note cell without its English gloss (`事業実績 (project records)` → `事業実績`): the files keep both. */
const japaneseOnly = (s: string): string => s.replace(/\s*\([^()]*\)$/, "")

/** Print a report's tables as terminal tables (Japanese headers), narrowed to fit a terminal. */
export const print = (report: Report.Report) =>
  Effect.gen(function*() {
    yield* Console.log(`${report.titleJa}\n${report.titleEn}\n${report.metadata.fiscalYearLabel}\n`)
    let footnotePrinted = false
    for (const table of report.tables) {
      if (table.id === "detail") continue
      const shown = terminalColumns[table.id]
      const columns = shown !== undefined && table.columns.some((c) => c.key === "nameEn")
        ? table.columns.filter((c) => shown.has(c.key))
        : table.columns.filter((c) => c.key !== "assumption" && !c.key.endsWith("En"))
      const gloss = table.id === "notes" ? japaneseOnly : (s: string) => s
      const rows: Array<Array<string>> = []
      const notes = new Map<string, Array<string>>()
      yield* Exporter.forEachBatch(table, (batch) =>
        Effect.sync(() => {
          for (const row of batch) {
            rows.push(columns.map((c) => Text.truncate(gloss(Text.cell(c, row[c.key], row).replace(/\r?\n/g, " / ")), 36)))
            if (typeof row.assumption === "string") notes.set(row.assumption, [...(notes.get(row.assumption) ?? []), String(row.indicator)])
          }
        })).pipe(Effect.mapError((e) => new Failure.StorageError({ message: `報告を作れません cannot build the report: ${e.message}`, reason: e.reason._tag, retryable: false })))
      yield* Console.log(`${table.titleJa} ${table.titleEn}`)
      yield* Console.log(Text.table(columns.map((c) => c.labelJa), rows))
      if (notes.size > 0 && !footnotePrinted) {
        footnotePrinted = true
        yield* Console.log(`\n※ 見込み値と「計画どおり」は仮定に基づきます (expected values and verdicts rest on an assumption):\n${[...notes].map(([text, ids]) => `  ${ids.join(", ")}: ${text}`).join("\n")}`)
      }
      yield* Console.log("")
    }
  })

/** Write a report in one format to a path (`-` is stdout; devices and FIFOs are written in place). */
export const write = (
  report: Report.Report,
  format: Format,
  path: string,
  options: { readonly encoding?: Encoding; readonly table?: string | undefined } = {}
) => {
  const { sink, toStdout } = Output.sinkFor(path)
  // A CSV stream holds one table: the one asked for, else the first (a path gets one file per table).
  const table = typeof sink === "string" ? undefined : options.table ?? report.tables[0]?.id
  return Effect.gen(function*() {
    const exporter = yield* Exporter.Exporter
    const summary = yield* exporter.export(report, sink)
    return { ...summary, files: toStdout ? ["-"] : summary.files.length === 0 ? [path] : summary.files }
  }).pipe(
    Effect.provide(Layer.unwrap(Effect.promise(() => exporterLayer(format, options.encoding ?? "utf8-bom", table)))),
    Effect.mapError((e) =>
      new Failure.StorageError({
        message: `書き出せません: ${path}。Cannot write ${path}: ${e.message}`,
        reason: e.reason._tag,
        retryable: false
      })
    )
  )
}

/** Write a report in every format into a folder (the demo). */
export const writeAll = (report: Report.Report, dir: string) =>
  Effect.map(Effect.forEach(formats, (f) => write(report, f, join(dir, `${report.id}.${f}`))), (all) => all.flatMap((s) => s.files))

// ---------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------

/** Inputs of `juso report`, as `effect/cli` parses them. */
export interface Input extends Location.StoreFlags {
  readonly kind: Kind
  readonly fy: Option.Option<string>
  readonly surveys: Option.Option<string>
  readonly format: "table" | Format
  readonly out: Option.Option<string>
  readonly encoding: Encoding
  readonly table: Option.Option<string>
  readonly json: boolean
}

/** `juso report`: never creates or writes the store. */
export const report = (input: Input) =>
  Effect.gen(function*() {
    const location = yield* Location.fromFlags(input)
    let fiscalYear: number | undefined
    if (Option.isSome(input.fy)) {
      const parsed = FiscalYearArg.parseOrFail(input.fy.value)
      if (parsed instanceof Failure.InputError) return yield* parsed
      fiscalYear = parsed.fiscalYear
      const warning = FiscalYearArg.warning(fiscalYear)
      if (warning !== undefined) yield* Console.error(warning)
    }
    if (input.encoding !== "utf8-bom" && input.format !== "csv") {
      return yield* new Failure.UsageError({ message: "--encoding は --format csv 用です。--encoding applies to --format csv only" })
    }
    const options = { fiscalYear, surveys: Option.getOrUndefined(input.surveys) }
    // KPI-9, OUT-2, MTG-6, PLN-8: every report reads the projections (caught up first): the
    // indicator reports their counters, the registers their entries page by page.
    // A register's rows stream from the read model while it is printed or written: the store stays
    // open until the output is done.
    const output = (built: Report.Report) =>
      Effect.gen(function*() {
        if (input.format === "table") {
          if (input.json) {
            yield* write(built, "json", "-")
            return
          }
          yield* print(built)
          return
        }
        const path = Option.getOrElse(input.out, () => join(".juso", "out", `${built.id}.${input.format}`))
        const summary = yield* write(built, input.format, path, { encoding: input.encoding, table: Option.getOrUndefined(input.table) })
        if (path === "-") return
        yield* Console.log(input.json ? JSON.stringify({ ok: true, ...summary }) : `書き出しました Wrote ${summary.files.join(", ")}`)
      })
    yield* (input.kind === "indicators" || input.kind === "period"
      ? fromCounters(input.kind, options)
      : fromRegisters(input.kind, options)).pipe(
        Effect.flatMap(output),
        Effect.provide(ReadSide.layer(Catalog.kitakami)),
        Store.provideReadSide(location, "read")
      )
  })
