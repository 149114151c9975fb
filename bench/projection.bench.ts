// The indicator projection on a generated 1,000,000-event SQLite store, beside a plain node:sqlite
// counting loop in the same run (KPI-9; docs/projections.md). Prints a table; never a test.
// Run: `pnpm bench --only projection` (the `projection` workload; bench/run.ts reads the
// `BENCH-RESULT` lines). Like every workload of `pnpm bench`, it measures the packed packages as
// a user installs them (bench/.peers: the built JavaScript, not the workspace's TypeScript, whose
// type stripping alone would add about 38 MB to every process's RSS).
//
// The store is generated once by testkit's EventHistory (5,000 cases over four fiscal years,
// JUSO_BENCH_EVENTS to scale; kept in JUSO_BENCH_STORE or the temp directory for reuse). Each
// figure is measured in its own child process so that peak RSS is that work's alone.
//
// The runner reads the feed with its event types as a hint, so SQLite skips the other two thirds
// of the rows without handing them to JavaScript; for information the table also shows a plain
// loop that filters by type in SQL the same way (the target stays against the loop that parses
// every row, as issue 10 defines it).
//
// Targets: first catch-up ≤ 1.5× the plain loop's time with peak RSS ≤ 250 MB; reading the
// period's indicators after catch-up ≤ 0.5 s; one more command, catch-up and re-read ≤ 50 ms
// (both judged in a warm process, the median of 5; the first, cold, run is printed beside).
import {
  Command,
  CommandHandler,
  EventStore,
  FiscalYear,
  IndicatorCounters,
  Kitakami,
  ProjectionRunner,
  ReadModelStore,
  ReadSide
} from "@kitakami-juso/core"
import { SqliteClient, SqliteReadModels } from "@kitakami-juso/store-sqlite"
import * as EventHistory from "@kitakami-juso/testkit/EventHistory"
import { Effect, Layer } from "effect"
import { execFileSync } from "node:child_process"
import { existsSync, renameSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import { fmt, mark, median, peakRssKb } from "./harness.ts"
import { emit } from "./report.ts"

const EVENTS = Number(process.env.JUSO_BENCH_EVENTS ?? 1_000_000)
const CASES = Math.max(10, Math.round(EVENTS / 200))
const file = process.env.JUSO_BENCH_STORE ?? join(tmpdir(), `juso-bench-projection-${EVENTS}.sqlite`)
const YEARS = [2025, 2026, 2027, 2028].map(FiscalYear.make)
const mb = (kb: number) => kb / 1024

/** Generate the store through the event-store port, many appends per transaction. */
const generate = Effect.gen(function*() {
  const sql = yield* SqliteClient.SqliteClient
  const store = yield* EventStore.EventStore
  let batch: Array<EventHistory.Append> = []
  let count = 0
  const flush = Effect.suspend(() => {
    const appends = batch
    batch = []
    return sql.withTransaction(Effect.forEach(appends, (a) => store.append(a.stream, "any", a.events), { discard: true }))
  })
  for (const a of EventHistory.generate({ cases: CASES, volume: 1.5, seed: 2025 })) {
    batch.push(a)
    count += a.events.length
    if (batch.length >= 500) yield* flush
  }
  yield* flush
  return count
})

/**
 * The plain loop: every row's payload parsed, KPI-1…KPI-4 counted per fiscal year (Japan time).
 * `typed`: only the rows of the counted types, filtered in SQL (information: the same skip the
 * runner's type hint gives).
 */
const plainLoop = (typed = false) => {
  const db = new DatabaseSync(file, { readOnly: true })
  const counts = new Map<number, Record<string, number>>()
  const kpi: Record<string, string> = { ContactRecorded: "kpi1", MeetingHeld: "kpi2", PlanReviewed: "kpi3", PlanDecided: "kpi4" }
  const where = typed ? `WHERE type IN (${Object.keys(kpi).map((t) => `'${t}'`).join(", ")})` : ""
  let rows = 0
  for (const row of db.prepare(`SELECT type, payload FROM event_store_events ${where} ORDER BY position`).iterate() as Iterable<{ type: string; payload: string }>) {
    rows++
    const p = JSON.parse(row.payload) as { at: string; activity?: { _tag: string }; meetingType?: string }
    const k = kpi[row.type]
    if (k === undefined) continue
    if (k === "kpi1" && p.activity?._tag === "ResidentVisit") continue
    if (k === "kpi2" && p.meetingType !== "support-meeting") continue
    const jst = new Date(Date.parse(p.at) + 9 * 3_600_000)
    const fy = jst.getUTCMonth() < 3 ? jst.getUTCFullYear() - 1 : jst.getUTCFullYear()
    const c = counts.get(fy) ?? {}
    c[k] = (c[k] ?? 0) + 1
    counts.set(fy, c)
  }
  db.close()
  return { rows, counts: Object.fromEntries(counts) }
}

const layer = () => Layer.fresh(SqliteReadModels.layer({ filename: file }))
const handlerLayer = CommandHandler.layer({ revisions: Kitakami.revisions })

const readPeriod = Effect.gen(function*() {
  const read = yield* ReadSide.ReadSide
  return yield* Effect.forEach(YEARS, (fy) => read.indicators(fy))
})

/** The child's work: one measurement, printed as JSON with its peak RSS. */
const child = async (what: string) => {
  const started = performance.now()
  let result: unknown
  if (what === "plain" || what === "plain-typed") {
    result = plainLoop(what === "plain-typed")
  } else {
    result = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const env = yield* Layer.build(Layer.provideMerge(ReadSide.layer(Kitakami.catalog), layer()))
      return yield* Effect.provide(Effect.gen(function*() {
        if (what === "catch-up") {
          yield* Effect.flatMap(Effect.service(ReadModelStore.ReadModelStore), (s) => s.reset(IndicatorCounters.name))
          const t0 = performance.now()
          const progress = yield* ProjectionRunner.catchUp(IndicatorCounters.projection, { batchSize: Number(process.env.JUSO_BENCH_BATCH ?? 500) })
          return { progress, ms: performance.now() - t0 }
        }
        // "report": catch up (nothing new), read the period; then one command, catch up, read again.
        // Each first in a cold process (as a CLI run), then 5 more times in the warm one (as a server).
        const handler = yield* Effect.provide(Effect.service(CommandHandler.CommandHandler), Layer.provide(handlerLayer, Layer.succeedContext(env)))
        const report = Effect.gen(function*() {
          const t0 = performance.now()
          yield* ProjectionRunner.catchUp(IndicatorCounters.projection)
          const rows = yield* readPeriod
          return { ms: performance.now() - t0, kpi1: rows[1]!.find((r) => r.indicator.id === "KPI-1")!.actual }
        })
        let n = 0
        const command = Effect.gen(function*() {
          const t0 = performance.now()
          const id = `bench-${Date.now()}-${n++}`
          yield* handler.handle(Command.make({ _tag: "RecordContact", commandId: id, at: "2026-05-01T10:00:00+09:00", by: "shakyo-outreach", contactId: id, activity: { _tag: "AgencyVisit", agencyId: "shakyo" } }))
          const after = yield* report
          return { ms: performance.now() - t0, kpi1: after.kpi1 }
        })
        const reportCold = yield* report
        const reportWarm = yield* Effect.forEach([1, 2, 3, 4, 5], () => report)
        const commandCold = yield* command
        const commandWarm = yield* Effect.forEach([1, 2, 3, 4, 5], () => command)
        return {
          reportCold: reportCold.ms,
          reportWarm: median(reportWarm.map((r) => r.ms)),
          commandCold: commandCold.ms,
          commandWarm: median(commandWarm.map((r) => r.ms)),
          before: reportCold.kpi1,
          after: commandWarm.at(-1)!.kpi1
        }
      }), env)
    })))
  }
  console.log(JSON.stringify({ what, ms: performance.now() - started, maxRssKb: peakRssKb(), result }))
}

const run = (what: string) =>
  JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), what], { encoding: "utf8", maxBuffer: 1 << 24 }).trim().split("\n").at(-1)!) as {
    ms: number
    maxRssKb: number
    result: any
  }

const main = async () => {
  if (!existsSync(file)) {
    const tmp = `${file}.part`
    rmSync(tmp, { force: true })
    const t0 = performance.now()
    const count = await Effect.runPromise(Effect.scoped(Effect.flatMap(Layer.build(Layer.fresh(SqliteReadModels.layer({ filename: tmp }))), (env) => Effect.provide(generate, env))))
    renameSync(tmp, file)
    rmSync(`${tmp}-wal`, { force: true })
    rmSync(`${tmp}-shm`, { force: true })
    console.log(`generated ${fmt(count)} events (${fmt(CASES)} cases) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${file}`)
  }
  // Plain loop and catch-up alternate, JUSO_BENCH_ROUNDS times (default 3), so that load from
  // other processes falls on both alike; the ratio is the median of the rounds'.
  const rounds = Array.from({ length: Number(process.env.JUSO_BENCH_ROUNDS ?? 3) }, () => ({ plain: run("plain"), catchUp: run("catch-up"), typed: run("plain-typed") }))
  const ratios = rounds.map((r) => r.catchUp.result.ms / r.plain.ms)
  const ratio = median(ratios)
  const { catchUp, plain, typed } = rounds[ratios.indexOf(ratio)]!
  const typedRatio = median(rounds.map((r) => r.catchUp.result.ms / r.typed.ms))
  const report = run("report")
  const rss = mb(Math.max(...rounds.map((r) => r.catchUp.maxRssKb)))
  const same = JSON.stringify(plain.result.counts["2026"]?.kpi1 ?? 0) !== "0"
  console.log(`\nIndicator projection on ${fmt(plain.result.rows)} events (SQLite, ${file})\n`)
  console.log("| measure | figure | baseline | target |")
  console.log("|---|---|---|---|")
  console.log(`| first catch-up | ${(catchUp.result.ms / 1000).toFixed(2)} s (${ratio.toFixed(2)}×) | plain loop ${(plain.ms / 1000).toFixed(2)} s | ≤ 1.5× ${mark(ratio <= 1.5)} |`)
  console.log(`| (each round: catch-up / plain) | ${ratios.map((x) => `${x.toFixed(2)}×`).join(", ")} | | |`)
  console.log(`| (information) catch-up / plain loop filtering by type in SQL | ${typedRatio.toFixed(2)}× | typed loop ${(typed.ms / 1000).toFixed(2)} s, ${fmt(typed.result.rows)} rows | |`)
  console.log(`| peak RSS of catch-up (largest round) | ${rss.toFixed(0)} MB | plain loop ${mb(plain.maxRssKb).toFixed(0)} MB | ≤ 250 MB ${mark(rss <= 250)} |`)
  const r = report.result
  console.log(`| report period after catch-up (4 fiscal years) | warm ${r.reportWarm.toFixed(1)} ms, cold ${r.reportCold.toFixed(1)} ms | | ≤ 500 ms ${mark(r.reportWarm <= 500)} |`)
  console.log(`| one command, catch-up, re-report | warm ${r.commandWarm.toFixed(1)} ms, cold ${r.commandCold.toFixed(1)} ms | | ≤ 50 ms ${mark(r.commandWarm <= 50)} |`)
  console.log(`| KPI-1 FY2026 before → after 6 commands | ${r.before} → ${r.after} | plain loop ${plain.result.counts["2026"]?.kpi1} | |`)
  // For `pnpm bench` (bench/run.ts): the same figures, judged the same way there.
  const events = plain.result.rows as number
  const rate = (ms: number) => events / (ms / 1000)
  const loop = "plain node:sqlite loop parsing every row"
  emit([
    {
      workload: `projection: first catch-up, ${fmt(events)} events (target: ≤ 1.5× the loop's time)`,
      ours: rate(catchUp.result.ms),
      against: loop,
      theirs: rate(plain.ms),
      unit: "events/s",
      better: "higher",
      target: 1 / 1.5,
      note: `median of ${rounds.length} rounds; catch-up ${(catchUp.result.ms / 1000).toFixed(2)} s, loop ${(plain.ms / 1000).toFixed(2)} s`
    },
    {
      workload: "projection: first catch-up (information: against a loop filtering by type in SQL)",
      ours: rate(catchUp.result.ms),
      against: "plain loop, counted types filtered in SQL",
      theirs: events / (typed.ms / 1000),
      unit: "events/s",
      better: "higher"
    },
    { workload: "projection: peak RSS of first catch-up", ours: rss, against: loop, theirs: mb(plain.maxRssKb), unit: "MB", better: "lower", target: 250 },
    { workload: "projection: report period after catch-up (warm)", ours: r.reportWarm, against: loop, theirs: plain.ms, unit: "ms", better: "lower", target: 500 },
    { workload: "projection: one command, catch-up, re-report (warm)", ours: r.commandWarm, against: loop, theirs: plain.ms, unit: "ms", better: "lower", target: 50 }
  ])
  // bench/run.ts judges the targets from the figures above; a store that is not what the bench
  // expects is a failure of the benchmark itself.
  if (!same) {
    console.error("projection: the plain loop counted nothing: the generated store is not what the bench expects")
    process.exitCode = 2
  }
}

const what = process.argv[2]
if (what === undefined) await main()
else await child(what)
