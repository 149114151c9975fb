/**
 * PostgreSQL: single-event appends with the expected version (a command's write), one writer,
 * our store beside Emmett's PostgreSQL event store and a raw single-row INSERT, interleaved slice
 * by slice, in a database created for the run and dropped after it.
 *
 * - ours: `append(stream, expectedVersion, [event])` (`PgEventStore.layer`, its own pool; its
 *   chain unkeyed on purpose, `chainKey: null`, as the floor's, whatever `JUSO_CHAIN_KEY` holds);
 * - Emmett: `appendToStream(stream, [event], { expectedStreamVersion })` on one `pg.Client`
 *   connected once and reused (`connectionOptions: { client }`), schema created before timing;
 * - raw: one prepared `INSERT` of the row over one `pg.Client`; the unique key (stream, version)
 *   is its optimistic-concurrency check. One round trip: the floor of any append.
 * - for information, the floor of our one-round-trip design: our one-event append function
 *   (`juso.event_store_append_one`, what ours calls for one event) called straight from a bare `pg.Client` as a
 *   prepared statement, the chain hashed with core's `EventHash` and the head kept in a Map — the
 *   server's work for the expected version, the head row, the chain columns and positions,
 *   without the Effect runtime or `@effect/sql-pg`.
 *
 * Same server, same settings for all four. Targets (issue 14): ≥ 1.5× Emmett, ≥ 0.7× raw.
 * Without a server (JUSO_PG_URL, default postgres://postgres@127.0.0.1:5432/test) it prints why
 * and reports nothing, so the runner marks the targets as not measured.
 */
import { randomUUID } from "node:crypto"
import { STREAM_DOES_NOT_EXIST } from "@event-driven-io/emmett"
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql"
import { EventHash, EventStore } from "@kitakami-juso/core"
import { PgEventStore } from "@kitakami-juso/store-postgres"
import { Effect, ManagedRuntime } from "effect"
import pg from "pg"
import { consentPayload as payload } from "./harness.ts"
import { emit, interleave, rounds } from "./report.ts"

const url = process.env.JUSO_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const database = `juso_bench_${randomUUID().replaceAll("-", "").slice(0, 10)}`
const benchUrl = (() => {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
})()

const admin = new pg.Client({ connectionString: url })
try {
  await admin.connect()
} catch {
  console.log(`PostgreSQL benchmark skipped: cannot reach ${url.replace(/:[^:@/]*@/, ":***@")} (set JUSO_PG_URL)`)
  process.exit(0)
}
await admin.query(`CREATE DATABASE ${database}`)

// The database is dropped WITH (FORCE) when the run ends, failed or not, which ends the clients'
// sessions: without a listener that 'error' event would crash the process and hide the failure.
const ignoreDropped = () => {}

const ROUNDS = rounds(5)
const PER_SLICE = 300
const STREAMS = 100
let id = 0

try {
  const ours = ManagedRuntime.make(PgEventStore.layer({ url: benchUrl, schema: "juso", chainKey: null }))
  const store = await ours.runPromise(Effect.service(EventStore.EventStore))

  const emmettClient = new pg.Client({ connectionString: benchUrl })
  await emmettClient.connect()
  emmettClient.on("error", ignoreDropped)
  const emmett = getPostgreSQLEventStore(benchUrl, { connectionOptions: { client: emmettClient } })
  await emmett.schema.migrate()

  const rawClient = new pg.Client({ connectionString: benchUrl })
  await rawClient.connect()
  rawClient.on("error", ignoreDropped)
  await rawClient.query(`CREATE TABLE raw_events (
    position bigserial PRIMARY KEY, stream text NOT NULL, version integer NOT NULL, event_id text NOT NULL UNIQUE,
    type text NOT NULL, payload jsonb NOT NULL, metadata jsonb, recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream, version))`)
  const insert = { name: "raw-append", text: "INSERT INTO raw_events (stream, version, event_id, type, payload) VALUES ($1, $2, $3, $4, $5)" }

  const fnClient = new pg.Client({ connectionString: benchUrl })
  await fnClient.connect()
  fnClient.on("error", ignoreDropped)
  const call = {
    name: "function-append",
    // The one-event function `PgAppend` creates in the store's schema (`<schema>.event_store_append_one`).
    text: `SELECT status, version, hash FROM juso.event_store_append_one($1::text, $2::integer, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text)`
  }
  const heads = new Map<string, { version: number; hash: string }>()

  const versions = { ours: new Map<string, number>(), emmett: new Map<string, number>(), raw: new Map<string, number>() }
  let turn = 0
  const next = (who: keyof typeof versions) => {
    const stream = `case-${turn++ % STREAMS}`
    return { stream, version: versions[who].get(stream) ?? 0 }
  }
  const slices = {
    ours: () =>
      ours.runPromise(Effect.gen(function*() {
        for (let i = 0; i < PER_SLICE; i++) {
          const { stream, version } = next("ours")
          const r = yield* store.append(stream, version, [{ eventId: `o-${id}`, type: "ConsentRecorded", payload: payload(id++) }])
          versions.ours.set(stream, r.nextExpectedVersion)
        }
        return PER_SLICE
      })),
    emmett: async () => {
      for (let i = 0; i < PER_SLICE; i++) {
        const { stream, version } = next("emmett")
        const r = await emmett.appendToStream(stream, [{ type: "ConsentRecorded", data: payload(id++) }], {
          expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version)
        })
        versions.emmett.set(stream, Number(r.nextExpectedStreamVersion))
      }
      return PER_SLICE
    },
    raw: async () => {
      for (let i = 0; i < PER_SLICE; i++) {
        const { stream, version } = next("raw")
        await rawClient.query({ ...insert, values: [stream, version + 1, `r-${id}`, "ConsentRecorded", JSON.stringify(payload(id++))] })
        versions.raw.set(stream, version + 1)
      }
      return PER_SLICE
    },
    floor: async () => {
      for (let i = 0; i < PER_SLICE; i++) {
        // Its own streams in our tables (ours appends to `case-…`); its heads are kept in `heads`.
        const stream = `floor-case-${turn++ % STREAMS}`
        const head = heads.get(stream) ?? { version: 0, hash: "" }
        const recordedAt = new Date().toISOString()
        const event = { eventId: `f-${id}`, type: "ConsentRecorded", payload: EventHash.canonicalJson(payload(id++)), metadata: null }
        const hashes = EventHash.chainEncoded(head.hash, stream, head.version, recordedAt, [event], EventHash.unkeyed)
        const r = await fnClient.query<{ status: string; version: number; hash: string }>({
          ...call,
          values: [stream, head.version, head.hash, event.eventId, event.type, event.payload, "", hashes[0], recordedAt, null, null]
        })
        if (r.rows[0]?.status !== "ok") throw new Error(`the append function answered ${r.rows[0]?.status}`)
        heads.set(stream, { version: r.rows[0].version, hash: r.rows[0].hash })
      }
      return PER_SLICE
    }
  }
  await interleave(slices, 1) // warm-up: first appends create the streams
  // Fairness check: count connections opened while timing (every contender should reuse its own).
  let connects = 0
  const connect = pg.Client.prototype.connect
  pg.Client.prototype.connect = function(this: pg.Client, ...a: Array<never>) {
    connects++
    return (connect as (...a: Array<never>) => unknown).apply(this, a)
  } as typeof connect
  const rates = await interleave(slices, ROUNDS)
  pg.Client.prototype.connect = connect
  await ours.dispose()
  await emmettClient.end()
  await rawClient.end()
  await fnClient.end()
  emit([
    {
      workload: "PostgreSQL single append with expected version, 1 writer",
      ours: rates.ours.wall,
      against: "Emmett 0.42 PostgreSQL (one reused pg.Client)",
      theirs: rates.emmett.wall,
      unit: "appends/s",
      better: "higher",
      target: 1.5,
      note: `pg connections opened while timing: ${connects}`
    },
    {
      workload: "PostgreSQL single append with expected version, 1 writer",
      ours: rates.ours.wall,
      against: "raw single-row INSERT (prepared, one round trip)",
      theirs: rates.raw.wall,
      unit: "appends/s",
      better: "higher",
      target: 0.7,
      floor: { name: "the function floor", figure: rates.floor.wall }
    },
    {
      workload: "PostgreSQL single append: the floor, our append function from a bare pg.Client (information)",
      ours: rates.floor.wall,
      against: "raw single-row INSERT (prepared, one round trip)",
      theirs: rates.raw.wall,
      unit: "appends/s",
      better: "higher"
    },
    {
      workload: "PostgreSQL single append: ours against that floor (information)",
      ours: rates.ours.wall,
      against: "the function floor above",
      theirs: rates.floor.wall,
      unit: "appends/s",
      better: "higher"
    }
  ])
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await admin.end()
}
