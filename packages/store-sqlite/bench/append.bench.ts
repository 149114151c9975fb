// SQLite event store vs plain node:sqlite on the same machine, in the same run, into the same
// table layout (the store's own migrations create the raw baseline's table). Prints a table;
// never a test. Run: pnpm --filter @kitakami-juso/store-sqlite bench
//
// Store and raw work alternate in short slices so that load from other processes falls on both
// alike; each ratio is the median over JUSO_BENCH_ROUNDS rounds (default 3).
//
// Targets (docs/storage.md): batches of 100 ≥ 0.5× raw, single-event appends ≥ 0.25× raw,
// rehydrating a 1,000-event stream p95 ≤ 5 ms. Each is printed beside its figure; the script
// exits non-zero when one is missed.
import { EventStore } from "@kitakami-juso/core"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Context, Effect, Layer, type Scope } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { consentPayload as payload, fmt, quantile, ratioRow, summarize } from "../../../bench/harness.ts"

const ROUNDS = Number(process.env.JUSO_BENCH_ROUNDS ?? 3)
const SLICES = 10
const BATCHES_PER_SLICE = 30 // × 100 events
const SINGLES_PER_SLICE = 400
const dir = mkdtempSync(join(tmpdir(), "juso-bench-sqlite-"))

const openStore = (filename: string): Effect.Effect<EventStore.EventStoreShape, unknown, Scope.Scope> =>
  // Keyed chain (HMAC-SHA-256), the recommended mode.
  Effect.map(Layer.build(Layer.fresh(SqliteEventStore.layer({ filename, chainKey: "bench-chain-key" }))), Context.get(EventStore.EventStore))

// Plain node:sqlite: prepared single-row INSERTs, one transaction per batch, same pragmas.
const openRaw = (filename: string) => {
  const db = new DatabaseSync(filename)
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
  const insert = db.prepare(
    "INSERT INTO event_store_events (position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)"
  )
  const begin = db.prepare("BEGIN")
  const commit = db.prepare("COMMIT")
  const hash = "0".repeat(64)
  let position = 0
  const transaction = (stream: string, firstVersion: number, count: number) => {
    begin.run()
    for (let i = 0; i < count; i++) {
      position++
      insert.run(position, stream, firstVersion + i, `raw-${position}`, "ConsentRecorded", JSON.stringify(payload(position)), null, new Date().toISOString(), hash, hash)
    }
    commit.run()
  }
  return { close: () => db.close(), transaction }
}

interface Totals {
  storeMs: number
  rawMs: number
}

const round = (r: number) =>
  Effect.scoped(Effect.gen(function*() {
    const rawFile = join(dir, `raw-${r}.sqlite`)
    yield* Effect.scoped(openStore(rawFile)) // creates the identical table layout
    const raw = openRaw(rawFile)
    const store = yield* openStore(join(dir, `store-${r}.sqlite`))
    const batch: Totals = { storeMs: 0, rawMs: 0 }
    const single: Totals = { storeMs: 0, rawMs: 0 }
    let id = 0
    let rawBatches = 0
    let storeBatches = 0
    const versions = new Map<string, number>()
    let rawSingles = 0
    let storeSingles = 0
    for (let slice = 0; slice < SLICES; slice++) {
      let t = performance.now()
      for (let b = 0; b < BATCHES_PER_SLICE; b++) raw.transaction(`s-${rawBatches++}`, 1, 100)
      batch.rawMs += performance.now() - t
      t = performance.now()
      for (let b = 0; b < BATCHES_PER_SLICE; b++) {
        const events = Array.from({ length: 100 }, () => ({ eventId: `e-${id}`, type: "ConsentRecorded", payload: payload(id++) }))
        yield* store.append(`s-${storeBatches++}`, "no_stream", events)
      }
      batch.storeMs += performance.now() - t
      t = performance.now()
      for (let i = 0; i < SINGLES_PER_SLICE; i++) raw.transaction(`single-${rawSingles++}`, 1, 1)
      single.rawMs += performance.now() - t
      // Command appends: one event, with the expected version a command handler would pass.
      t = performance.now()
      for (let i = 0; i < SINGLES_PER_SLICE; i++) {
        const stream = `case-${storeSingles++ % 200}`
        const result = yield* store.append(stream, versions.get(stream) ?? 0, [{ eventId: `c-${id}`, type: "ConsentRecorded", payload: payload(id++) }])
        versions.set(stream, result.nextExpectedVersion)
      }
      single.storeMs += performance.now() - t
    }
    raw.close()
    const events = SLICES * BATCHES_PER_SLICE * 100
    const singles = SLICES * SINGLES_PER_SLICE
    return {
      batch: { store: events / (batch.storeMs / 1000), raw: events / (batch.rawMs / 1000) },
      single: { store: singles / (single.storeMs / 1000), raw: singles / (single.rawMs / 1000) }
    }
  }))

// Rehydrating: readStream of a 1,000-event stream, decoded.
const rehydrate = Effect.scoped(Effect.gen(function*() {
  const store = yield* openStore(join(dir, "rehydrate.sqlite"))
  for (let b = 0; b < 10; b++) {
    yield* store.append("case-long", b * 100, Array.from({ length: 100 }, (_, i) => ({ eventId: `h-${b}-${i}`, type: "ConsentRecorded", payload: payload(b * 100 + i) })))
  }
  const times: Array<number> = []
  for (let i = 0; i < 220; i++) {
    const t = performance.now()
    const events = yield* store.readStream("case-long")
    if (i >= 20) times.push(performance.now() - t) // the first reads warm up the JIT
    if (events.length !== 1000) throw new Error("expected 1,000 events")
  }
  return times
}))

const program = Effect.gen(function*() {
  const rounds = []
  for (let r = 0; r < ROUNDS; r++) rounds.push(yield* round(r))
  return { rounds, rehydrate: yield* rehydrate }
})

const { rehydrate: reads, rounds } = await Effect.runPromise(program)
rmSync(dir, { recursive: true, force: true })

/** The targets missed, named with figure and target, for the summary and the exit code. */
const missed: Array<string> = []
const line = (name: string, pick: (r: (typeof rounds)[number]) => { store: number; raw: number }, target: number) =>
  ratioRow(rounds, missed, name, pick, target)
const p50 = quantile(reads, 0.5)
const p95 = quantile(reads, 0.95)
const P95_TARGET_MS = 5
if (!(p95 <= P95_TARGET_MS)) missed.push(`rehydrate a 1,000-event stream: p95 ${p95.toFixed(2)} ms, target ≤ ${P95_TARGET_MS} ms`)
console.log(`\nSQLite event store vs plain node:sqlite — WAL, synchronous=NORMAL; median of ${ROUNDS} rounds; ${new Date().toISOString().slice(0, 10)}\n`)
console.log("| case | store | raw node:sqlite | ratio | target |")
console.log("|---|---:|---:|---:|---:|")
console.log(line("append, batches of 100 (events/s)", (r) => r.batch, 0.5))
console.log(line("append, single-event commands (appends/s; raw: one-row transactions)", (r) => r.single, 0.25))
console.log(`| rehydrate a 1,000-event stream (readStream + decode) | p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms | | | p95 ≤ ${P95_TARGET_MS} ms ${p95 <= P95_TARGET_MS ? "✓" : "✗"} |`)
summarize("SQLite", missed)
