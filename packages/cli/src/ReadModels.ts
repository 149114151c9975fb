/**
 * The read side in the CLI (AUD-1, KPI-9): catching the projections up before a report reads
 * their counters (progress on a terminal only), `juso cases` (ids, statuses, districts — never
 * names, AUD-2) and `juso rebuild`.
 *
 * @module
 */
import {
  CaseList,
  Catalog,
  District,
  type EventStore,
  FiscalYear,
  IndicatorCounters,
  type Projection,
  ProjectionRunner,
  type ReadModelStore,
  ReadSide,
  RegisterEntries,
  RegisterProjection
} from "@kitakami-juso/core"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Failure from "./Failure.ts"
import * as FiscalYearArg from "./FiscalYearArg.ts"
import * as Location from "./Location.ts"
import * as Store from "./Store.ts"
import * as Text from "./Text.ts"

/** The projections the CLI keeps: the read side of the plan in force. */
export const projections: ReadonlyArray<Projection.Projection> = ReadSide.projections(Catalog.kitakami)

/** Progress of a catch-up on a terminal only (a log file never gets `\r` lines). */
const onProgress = (verb: string) => (p: ProjectionRunner.Progress) =>
  Effect.sync(() => {
    if (process.stderr.isTTY && p.read > 0) process.stderr.write(`\r${verb} ${p.projection}: ${p.read} events (position ${p.position})   `)
  })

const endLine = Effect.sync(() => {
  if (process.stderr.isTTY) process.stderr.write("\n")
})

/** A stored event that no longer decodes: the store is damaged (exit 3). */
const unreadable = (e: { readonly message: string }) =>
  Effect.fail(Failure.unreadableHistory(e.message))

/**
 * Catch the projections a command reads up with the store (KPI-9: a report then reads counters,
 * not the history). Each command catches up only what it reads, so a first report on a large
 * store does not build read models it never opens; `juso rebuild` rebuilds them all.
 */
export const catchUp = (
  which: ReadonlyArray<Projection.Projection>
): Effect.Effect<
  void,
  Failure.StorageError | EventStore.EventStoreError | ReadModelStore.ReadModelError,
  EventStore.EventStore | ReadModelStore.ReadModelStore
> =>
  Effect.andThen(
    ProjectionRunner.catchUpAll(which, { onProgress: onProgress("集計を更新中 catching up") }),
    endLine
  ).pipe(Effect.catchTag("UndecodableEvent", unreadable))

/** The read models `juso cases` reads. */
export const forCases: ReadonlyArray<Projection.Projection> = projections.filter((p) => p.name === CaseList.name)
/** The read models the indicator reports read (KPI-1…KPI-8 counters and survey results). */
export const forIndicators: ReadonlyArray<Projection.Projection> = [IndicatorCounters.projection]
/** The read models the registers read (OUT-2, MTG-6, PLN-8). */
export const forRegisters: ReadonlyArray<Projection.Projection> = [RegisterEntries.projection]

const agencyName = RegisterProjection.agencyNames(Catalog.kitakami)
const districtNames = new Map(Catalog.kitakami.directory.districts.map((d) => [d.id, d.name] as const))
const districtName = (id: string) => districtNames.get(id) ?? id

/** Inputs of `juso cases`. */
export interface CasesInput extends Location.StoreFlags {
  readonly status: Option.Option<"open" | "closed">
  readonly district: ReadonlyArray<string>
  readonly fy: Option.Option<string>
  readonly limit: number
  readonly after: Option.Option<string>
  readonly json: boolean
}

/** `juso cases`: a page of cases from the read models, ids and codes only (AUD-2). */
export const cases = (input: CasesInput) =>
  Effect.gen(function*() {
    const location = yield* Location.fromFlags(input)
    let fiscalYears: ReadonlyArray<number> | undefined
    if (Option.isSome(input.fy)) {
      const parsed = FiscalYearArg.parseOrFail(input.fy.value)
      if (parsed instanceof Failure.InputError) return yield* parsed
      fiscalYears = [parsed.fiscalYear]
    }
    // ORG-2: districts by name or id (NFKC); an unknown one is an error, never ignored.
    const districts: Array<string> = []
    for (const name of input.district) {
      const found = District.resolve(Catalog.kitakami, name)
      if (Result.isFailure(found)) return yield* new Failure.InputError({ message: found.failure.message })
      districts.push(found.success.id)
    }
    if (input.limit < 1 || input.limit > 1000) return yield* new Failure.UsageError({ message: "--limit は 1〜1000 です。--limit is 1…1000" })
    const page = yield* Effect.gen(function*() {
      yield* catchUp(forCases)
      const read = yield* ReadSide.ReadSide
      return yield* read.cases({
        statuses: Option.isSome(input.status) ? [input.status.value] : undefined,
        districts: districts.length > 0 ? districts : undefined,
        fiscalYears,
        after: Option.getOrUndefined(input.after),
        limit: input.limit
      })
    }).pipe(Effect.provide(ReadSide.layer(Catalog.kitakami)), Store.provideReadSide(location, "read"))
    if (input.json) {
      yield* Console.log(JSON.stringify({ ok: true, ...page }))
      return
    }
    const rows = page.cases.map((c) => [
      c.caseId,
      c.status === "open" ? "継続 open" : "終結 closed",
      FiscalYear.labelJa(FiscalYear.make(c.fiscalYear)),
      c.centre === null ? "–" : agencyName(c.centre),
      c.districts.length === 0 ? "市内全域" : c.districts.map(districtName).join("・"),
      String(c.memberIds.length),
      c.plans.map((p) => `${p.kind}:${p.phase}`).join(" ") || "–"
    ])
    yield* Console.log(Text.table(["事例ID", "状態", "つなぎの年度", "センター", "地区", "世帯員数", "プラン"], rows))
    yield* Console.log(page.next === undefined ? `${rows.length} 件 case(s)` : `${rows.length} 件 case(s); 次のページ next page: --after ${page.next}`)
  })

/** Inputs of `juso rebuild`. */
export interface RebuildInput extends Location.StoreFlags {
  readonly json: boolean
}

/** `juso rebuild`: rebuild every projection from zero (under the lease; `busy` if another runs). */
export const rebuild = (input: RebuildInput) =>
  Effect.gen(function*() {
    const location = yield* Location.fromFlags(input)
    const done = yield* Effect.forEach(projections, (p) => ProjectionRunner.rebuild(p, { onProgress: onProgress("再構築中 rebuilding") })).pipe(
      Effect.tap(() => endLine),
      Effect.catchTag("UndecodableEvent", unreadable),
      Store.provideReadSide(location, "read")
    )
    yield* Console.log(
      input.json
        ? JSON.stringify({ ok: true, projections: done })
        : `再構築しました Rebuilt ${done.map((p) => `${p.projection} (${p.applied} events)`).join(", ")}`
    )
  })
