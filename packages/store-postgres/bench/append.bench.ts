// PostgreSQL event store vs a plain multi-row INSERT over the same client (@effect/sql-pg),
// into the same table layout (the store's own migrations create it), on the same server, in
// the same run. Prints a table; never a test. Run: pnpm --filter @kitakami-juso/store-postgres bench
//
// JUSO_PG_URL (default postgres://postgres@127.0.0.1:5432/test). Each case alternates store and
// raw slices so load from other processes falls on both alike; each ratio is the median over
// JUSO_BENCH_ROUNDS rounds (default 3). The schema is fresh and dropped afterwards.
//
// Targets (docs/storage.md): batches of 100 ≥ 0.5× raw, with 1 and with 10 writers; single
// events with an expected version ≥ 0.7× one-row INSERTs (issue 14). The store's chain is
// keyed (HMAC-SHA-256), as recommended. Each is
// printed beside its figure; the script exits non-zero when one is missed, and exits 0 with a
// message when no server can be reached.
import { PgClient } from "@effect/sql-pg"
import { EventStore } from "@kitakami-juso/core"
import { PgEventStore } from "@kitakami-juso/store-postgres"
import { Cause, Context, Effect, Layer, Option } from "effect"
import { randomUUID } from "node:crypto"
import { consentPayload as payload, ratioRow, summarize } from "../../../bench/harness.ts"

const url = process.env.JUSO_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const ROUNDS = Number(process.env.JUSO_BENCH_ROUNDS ?? 3)
const SLICES = 10
// Batches of 100 events per writer per slice: 30 for one writer, 6 each for ten.
const batchesPerWriter = (writers: number) => (writers === 1 ? 30 : 6)
const schema = `juso_bench_${randomUUID().replaceAll("-", "").slice(0, 10)}`


const program = Effect.gen(function*() {
  // Keyed chain (HMAC-SHA-256), the recommended mode.
  const context = yield* Layer.build(PgEventStore.layer({ url, schema, maxConnections: 10, chainKey: "bench-chain-key" }))
  const store = Context.get(context, EventStore.EventStore)
  const sql = Context.get(context, PgClient.PgClient)
  const events = sql(PgEventStore.tables(schema).events)
  // The raw baseline: one multi-row INSERT (its own transaction) per batch of 100, statement
  // text built once, rows as a plain writer would send them.
  const [prefix] = sql`INSERT INTO ${events} (position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash) VALUES `.compile()
  const text = prefix + Array.from({ length: 100 }, (_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(",")})`).join(",")
  const hash = "0".repeat(64)
  let position = 2 ** 40 // far above the store's positions (transaction id × 1024)
  let id = 0
  const rawBatch = (stream: string) => {
    const params: Array<unknown> = []
    for (let i = 0; i < 100; i++) {
      position++
      params.push(position, stream, i + 1, `raw-${position}`, "ConsentRecorded", JSON.stringify(payload(position)), null, new Date().toISOString(), hash, hash)
    }
    return sql.unsafe(text, params)
  }
  // Single events with an expected version on one stream (a command's append), raw: one-row INSERTs.
  const [single] = sql`INSERT INTO ${events} (position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash) VALUES (${0}, ${""}, ${0}, ${""}, ${""}, ${""}, ${null}, ${""}, ${""}, ${""})`.compile()
  const SINGLES_PER_SLICE = 100
  const measureSingles = Effect.gen(function*() {
    let storeMs = 0
    let rawMs = 0
    for (let slice = 0; slice < SLICES; slice++) {
      const stream = `single-${randomUUID()}`
      let t = performance.now()
      for (let i = 1; i <= SINGLES_PER_SLICE; i++) {
        position++
        yield* sql.unsafe(single, [position, `raw-${stream}`, i, `raw-${position}`, "ConsentRecorded", JSON.stringify(payload(position)), null, new Date().toISOString(), hash, hash])
      }
      rawMs += performance.now() - t
      t = performance.now()
      for (let version = 0; version < SINGLES_PER_SLICE; version++) {
        yield* store.append(stream, version, [{ eventId: `e-${id}`, type: "ConsentRecorded", payload: payload(id++) }])
      }
      storeMs += performance.now() - t
    }
    const total = SLICES * SINGLES_PER_SLICE
    return { store: total / (storeMs / 1000), raw: total / (rawMs / 1000) }
  })
  const storeBatch = (stream: string) =>
    store.append(stream, "no_stream", Array.from({ length: 100 }, () => ({ eventId: `e-${id}`, type: "ConsentRecorded", payload: payload(id++) })))

  const measure = (writers: number) =>
    Effect.gen(function*() {
      let storeMs = 0
      let rawMs = 0
      for (let slice = 0; slice < SLICES; slice++) {
        const perWriter = batchesPerWriter(writers)
        const run = (batch: (stream: string) => Effect.Effect<unknown, unknown>) =>
          Effect.forEach(
            Array.from({ length: writers }, (_, w) => w),
            (w) => Effect.forEach(Array.from({ length: perWriter }, () => randomUUID()), (s) => batch(`w${w}-${s}`), { discard: true }),
            { concurrency: writers, discard: true }
          )
        let t = performance.now()
        yield* run(rawBatch)
        rawMs += performance.now() - t
        t = performance.now()
        yield* run(storeBatch)
        storeMs += performance.now() - t
      }
      const total = SLICES * writers * batchesPerWriter(writers) * 100
      return { store: total / (storeMs / 1000), raw: total / (rawMs / 1000) }
    })

  const rounds: Array<{ one: { store: number; raw: number }; ten: { store: number; raw: number }; single: { store: number; raw: number } }> = []
  for (let r = 0; r < ROUNDS; r++) rounds.push({ one: yield* measure(1), ten: yield* measure(10), single: yield* measureSingles })
  yield* sql`DROP SCHEMA ${sql(schema)} CASCADE`
  return rounds
})

const outcome = await Effect.runPromise(Effect.exit(Effect.scoped(program)))
if (outcome._tag === "Failure") {
  const error = Cause.findErrorOption(outcome.cause)
  if (Option.isSome(error) && EventStore.isEventStoreError(error.value) && error.value.reason._tag === "ConnectionFailure") {
    // `pnpm bench` runs every package's benchmark: without a server, say so and move on.
    console.log(`\nPostgreSQL benchmark skipped, its targets not checked: cannot reach ${url.replace(/:[^:@/]*@/, ":***@")} (set JUSO_PG_URL): ${error.value.message}`)
    process.exit(0)
  }
  console.error(Cause.pretty(outcome.cause))
  process.exit(1)
}
const rounds = outcome.value
const TARGET = 0.5
/** The targets missed, named with figure and target, for the summary and the exit code. */
const missed: Array<string> = []
const line = (name: string, pick: (r: (typeof rounds)[number]) => { store: number; raw: number }) => ratioRow(rounds, missed, name, pick, TARGET)
console.log(`\nPostgreSQL event store vs plain multi-row INSERT over the same client; median of ${ROUNDS} rounds; ${new Date().toISOString().slice(0, 10)}\n`)
console.log("| case | store (events/s) | raw INSERT (events/s) | ratio | target |")
console.log("|---|---:|---:|---:|---:|")
console.log(line("append, batches of 100, 1 writer", (r) => r.one))
console.log(line("append, batches of 100, 10 writers", (r) => r.ten))
console.log(ratioRow(rounds, missed, "append, single events with expected version, 1 writer (appends/s)", (r) => r.single, 0.7))
summarize("PostgreSQL", missed)
