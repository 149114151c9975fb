/**
 * SQLite: our store beside Emmett's SQLite event store and plain node:sqlite, in one process,
 * each on its own file in the same temporary folder, interleaved slice by slice.
 *
 * - 100-event batches to new streams: `append(stream, "no_stream", 100 events)`; Emmett
 *   `appendToStream(stream, 100 events, { expectedStreamVersion: STREAM_DOES_NOT_EXIST })`; raw:
 *   one transaction of 100 prepared single-row INSERTs.
 * - Whole commands: the demo households' commands through `CommandHandler` (bring the states of
 *   the streams a decision needs up to date, decide, hash, append with the expected version and
 *   idempotency key); raw: the same stored rows inserted with plain node:sqlite, one transaction
 *   per command. For information: the same appends straight to the store (no handler), which a
 *   whole command cannot beat; the same commands through a handler on the memory store, the
 *   handler's own work with no SQL; and the floor of those writes, plain node:sqlite doing only
 *   what AUD-1's chain, the expected version and the idempotency key require of each command
 *   (`openCommandFloor`): what any store keeping those guarantees spends, against raw. And the
 *   floor of a whole command (`openWholeCommandFloor`): core's own pure decision on stream
 *   states folded in memory, then that write — what any handler keeping the plan's rules and
 *   those guarantees spends, as the store's only writer, with no reads, validation or Effect.
 *   It must decide exactly the events the handler stored, or the bench fails. And the same
 *   handler on a store whose chain is keyed (AUD-1's HMAC-SHA-256 under a chain key, as a city's
 *   store should run); every other store here is unkeyed on purpose (`chainKey: null`), as the
 *   floors are, whatever `JUSO_CHAIN_KEY` the environment holds.
 *
 * - For information, the floor of any store that keeps AUD-1's chain and the expected version:
 *   plain node:sqlite doing only what that requires of each batch — canonical JSON of each
 *   payload, the SHA-256 chain (core's own `EventHash` functions, which ours uses), the stream
 *   head row, 100 single-row INSERTs — and nothing else (no validation, no Effect). Raw's
 *   events carry a constant hash; the floor against raw is what AUD-1 itself costs.
 *
 * Emmett is configured as ours is: WAL (Emmett's own setting), `PRAGMA synchronous = NORMAL`
 * (SQLite's default in WAL is FULL, one fsync per commit; ours uses NORMAL), and one connection
 * opened once and reused (`connectionOptions: { singleton: true, connection }`), not a pool.
 * Raw: WAL, synchronous=NORMAL, a plain table with the same columns and unique keys.
 * Targets (issue 14): batches ≥ 1.2× Emmett and ≥ 0.85× raw; commands ≥ 0.3× raw.
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { STREAM_DOES_NOT_EXIST } from "@event-driven-io/emmett"
import { getSQLiteEventStore, sqliteConnection } from "@event-driven-io/emmett-sqlite"
import type { Aggregate, Command, DomainEvent } from "@kitakami-juso/core"
import { Aggregates, CommandHandler, Edition, EventHash, EventStore, Kitakami, MemoryEventStore } from "@kitakami-juso/core"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Effect, ManagedRuntime, Redacted, Result } from "effect"
import { consentPayload as payload } from "./harness.ts"
import { emit, interleave, rounds } from "./report.ts"
import { decodeCommands, handleAll, households, storedEvents, withHandler } from "./workload.ts"

const dir = mkdtempSync(join(tmpdir(), "juso-bench-peers-sqlite-"))
const ROUNDS = rounds(5)
const BATCHES = 20 // per slice, × 100 events

/** A plain node:sqlite database (WAL, synchronous=NORMAL) with the events table's columns and unique keys. */
const openPlain = (filename: string, strict: boolean) => {
  const db = new DatabaseSync(filename)
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, payload TEXT NOT NULL, metadata TEXT, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
    UNIQUE (stream, version))${strict ? " STRICT" : ""}`)
  return { db, insert: db.prepare("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)"), commit: db.prepare("COMMIT") }
}

/** Our stream heads' table, for the floors. */
const HEADS_TABLE = "CREATE TABLE streams (stream TEXT PRIMARY KEY, version INTEGER NOT NULL, hash TEXT NOT NULL) STRICT, WITHOUT ROWID"

/** Raw: plain node:sqlite on a table of the same columns and unique keys. */
const openRaw = (filename: string) => {
  const { commit, db, insert } = openPlain(filename, false)
  const begin = db.prepare("BEGIN")
  const hash = "0".repeat(64)
  let position = 0
  const rows = (list: ReadonlyArray<{ stream: string; version: number; eventId: string; type: string; payload: unknown; metadata: unknown }>) => {
    begin.run()
    for (const r of list) {
      position++
      insert.run(position, r.stream, r.version, r.eventId, r.type, JSON.stringify(r.payload), r.metadata === null ? null : JSON.stringify(r.metadata), new Date().toISOString(), hash, hash)
    }
    commit.run()
  }
  return { rows, close: () => db.close() }
}

/**
 * The floor (see the module notes): plain node:sqlite with our tables' shape (STRICT events,
 * a stream head per stream, BEGIN IMMEDIATE) and the chain, nothing else.
 */
const openFloor = (filename: string) => {
  const { commit, db, insert } = openPlain(filename, true)
  db.exec(HEADS_TABLE)
  const head = db.prepare("INSERT INTO streams (stream, version, hash) VALUES (?, ?, ?)")
  const begin = db.prepare("BEGIN IMMEDIATE")
  let position = 0
  const batch = (stream: string, list: ReadonlyArray<{ eventId: string; type: string; payload: unknown }>) => {
    const recordedAt = new Date().toISOString()
    const events = list.map((e) => ({ eventId: e.eventId, type: e.type, payload: EventHash.canonicalJson(e.payload), metadata: null }))
    const hashes = EventHash.chainEncoded("", stream, 0, recordedAt, events, EventHash.unkeyed)
    begin.run()
    head.run(stream, events.length, hashes[hashes.length - 1]!)
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!
      insert.run(++position, stream, i + 1, e.eventId, e.type, e.payload, null, recordedAt, i === 0 ? "" : hashes[i - 1]!, hashes[i]!)
    }
    commit.run()
  }
  return { batch, close: () => db.close() }
}

/**
 * The floor of a command's write (see the module notes): plain node:sqlite with our three tables'
 * shape doing what AUD-1, the expected version and the idempotency key require of each command,
 * one transaction each — read the head and the key in one statement, refuse a moved head, canonical
 * JSON of each payload and metadata, the request's hash (a reused key must be told apart), the
 * chain, move the head, insert the events (positions assigned by SQLite), record the key — and
 * nothing else (no handler, no validation, no Effect).
 */
const openCommandFloor = (filename: string) => {
  const { commit, db, insert } = openPlain(filename, true)
  db.exec(`${HEADS_TABLE}; CREATE TABLE idempotency (idempotency_key TEXT PRIMARY KEY, stream TEXT NOT NULL, request_hash TEXT NOT NULL,
      next_expected_version INTEGER NOT NULL, first_position INTEGER NOT NULL, last_position INTEGER NOT NULL) STRICT, WITHOUT ROWID`)
  const begin = db.prepare("BEGIN IMMEDIATE")
  const state = db.prepare(`SELECT h.version, h.hash, k.request_hash FROM (SELECT 1) o
    LEFT JOIN streams h ON h.stream = ? LEFT JOIN idempotency k ON k.idempotency_key = ?`)
  const newHead = db.prepare("INSERT INTO streams (stream, version, hash) VALUES (?, ?, ?)")
  const moveHead = db.prepare("UPDATE streams SET version = ?, hash = ? WHERE stream = ? AND version = ?")
  const key = db.prepare("INSERT INTO idempotency VALUES (?, ?, ?, ?, ?, ?)")
  /** Write one command's events to `stream` at the expected version, as the module notes say. */
  const write = (
    commandId: string,
    stream: string,
    expected: number,
    rows: ReadonlyArray<{ readonly eventId: string; readonly type: string; readonly payload: unknown; readonly metadata?: unknown }>
  ) => {
    const recordedAt = new Date().toISOString()
    const events = rows.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      payload: EventHash.canonicalJson(e.payload),
      metadata: e.metadata === null || e.metadata === undefined ? null : EventHash.canonicalJson(e.metadata)
    }))
    const request = EventHash.hashRequestEncoded(stream, events)
    begin.run()
    const head = state.get(stream, commandId) as { version: number | null; hash: string | null; request_hash: string | null }
    if (head.request_hash !== null || (head.version ?? 0) !== expected) throw new Error(`floor: ${stream} is not at version ${expected}`)
    const hashes = EventHash.chainEncoded(head.hash ?? "", stream, expected, recordedAt, events, EventHash.unkeyed)
    const lastHash = hashes[hashes.length - 1]!
    if (expected === 0) newHead.run(stream, rows.length, lastHash)
    else moveHead.run(rows.length + expected, lastHash, stream, expected)
    // Positions: SQLite's rowids, the largest plus one each (one writer, under the write lock).
    let last = 0
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!
      last = Number(insert.run(null, stream, expected + i + 1, e.eventId, e.type, e.payload, e.metadata, recordedAt, i === 0 ? head.hash ?? "" : hashes[i - 1]!, hashes[i]!).lastInsertRowid)
    }
    key.run(commandId, stream, request, expected + rows.length, last - events.length + 1, last)
    commit.run()
  }
  /** The stored rows of one command, written again. */
  const command = (commandId: string, rows: ReadonlyArray<EventStore.StoredEvent>) =>
    write(commandId, rows[0]!.stream, rows[0]!.version - 1, rows)
  return { command, write, close: () => db.close() }
}

/**
 * The floor of a whole command (see the module notes): core's own pure decision — the AUD-1
 * clock check, the revision in force, `Aggregates.decideOn`, the command's digest and its events
 * as the store keeps them (`CommandHandler.toNewEvents`) — on stream states folded in memory from
 * the events this process decided, then the command floor's write above. A single writer's
 * floor: it reads nothing back, trusts that no one else writes, validates nothing, runs no
 * Effect. Every stream's events are kept in memory, so a fold a decision asks for first is
 * built from them, and every kept fold of a stream takes the events written to it.
 */
const openWholeCommandFloor = (filename: string) => {
  const floor = openCommandFloor(filename)
  const events = new Map<string, Array<DomainEvent.DomainEvent>>()
  const folds = new Map<string, Map<Aggregate.Any, unknown>>()
  const stateOf: Aggregates.StateOf = (aggregate, stream) => {
    let byAggregate = folds.get(stream)
    if (byAggregate === undefined) folds.set(stream, byAggregate = new Map())
    if (!byAggregate.has(aggregate)) byAggregate.set(aggregate, Aggregates.foldOnto(aggregate, aggregate.initialState, events.get(stream) ?? []))
    return byAggregate.get(aggregate) as typeof aggregate.initialState
  }
  const command = (command: Command.Command) => {
    const decision = Result.flatMap(
      CommandHandler.requireNotFuture(command, Date.now(), CommandHandler.defaultClockSkewMillis),
      () => Edition.inForceAt(Kitakami.revisions, command.at)
    ).pipe(Result.flatMap((catalog) => Result.map(Aggregates.decideOn(command, stateOf, catalog), (decided) => ({ catalog, decided }))))
    if (Result.isFailure(decision)) throw new Error(`whole-command floor: command ${command.commandId} refused (${decision.failure.rule})`)
    const { catalog, decided } = decision.success
    const stream = Aggregates.aggregateOf(command).stream(command)
    let own = events.get(stream)
    if (own === undefined) events.set(stream, own = [])
    floor.write(command.commandId, stream, own.length, CommandHandler.toNewEvents(command, decided, Edition.revisionId(catalog)))
    own.push(...decided)
    const byAggregate = folds.get(stream)
    for (const [aggregate, state] of byAggregate ?? []) byAggregate!.set(aggregate, Aggregates.foldOnto(aggregate, state as never, decided))
  }
  return { command, close: floor.close }
}

/** The events a database holds (id, stream, version, type, canonical payload), in position order. */
const eventsIn = (filename: string): Array<string> => {
  const db = new DatabaseSync(filename, { readOnly: true })
  try {
    return (db.prepare("SELECT event_id, stream, version, type, payload FROM events ORDER BY position").all() as Array<Record<string, string | number>>)
      .map((r) => [r.event_id, r.stream, r.version, r.type, EventHash.canonicalJson(JSON.parse(r.payload as string))].join("\t"))
  } finally {
    db.close()
  }
}

let id = 0
const batchOf = (prefix: string) => Array.from({ length: 100 }, () => ({ eventId: `${prefix}-${id}`, type: "ConsentRecorded", payload: payload(id++) }))

// --- 100-event batches --------------------------------------------------------------------------
const ours = ManagedRuntime.make(SqliteEventStore.layer({ filename: join(dir, "ours.sqlite"), chainKey: null }))
const store = await ours.runPromise(Effect.service(EventStore.EventStore))
const connection = sqliteConnection({ fileName: join(dir, "emmett.sqlite") })
await connection.command("PRAGMA synchronous = NORMAL")
const journal = await connection.querySingle<{ journal_mode: string }>("PRAGMA journal_mode")
const synchronous = await connection.querySingle<{ synchronous: number }>("PRAGMA synchronous")
if (journal?.journal_mode !== "wal" || synchronous?.synchronous !== 1) {
  throw new Error(`Emmett's connection is not WAL + synchronous=NORMAL: ${JSON.stringify([journal, synchronous])}`)
}
const emmett = getSQLiteEventStore({ fileName: join(dir, "emmett.sqlite"), connectionOptions: { singleton: true, connection } })
const raw = openRaw(join(dir, "raw.sqlite"))
const floor = openFloor(join(dir, "floor.sqlite"))
let streams = 0

const batches = await (async () => {
  const slice = {
    ours: () =>
      ours.runPromise(Effect.gen(function*() {
        for (let b = 0; b < BATCHES; b++) yield* store.append(`s-${streams++}`, "no_stream", batchOf("o"))
        return BATCHES * 100
      })),
    emmett: async () => {
      for (let b = 0; b < BATCHES; b++) {
        const events = batchOf("e").map((e) => ({ type: e.type, data: e.payload }))
        await emmett.appendToStream(`s-${streams++}`, events, { expectedStreamVersion: STREAM_DOES_NOT_EXIST })
      }
      return BATCHES * 100
    },
    raw: () => {
      for (let b = 0; b < BATCHES; b++) {
        const stream = `s-${streams++}`
        raw.rows(batchOf("r").map((e, i) => ({ stream, version: i + 1, eventId: e.eventId, type: e.type, payload: e.payload, metadata: null })))
      }
      return BATCHES * 100
    },
    floor: () => {
      for (let b = 0; b < BATCHES; b++) floor.batch(`s-${streams++}`, batchOf("f"))
      return BATCHES * 100
    }
  }
  await interleave(slice, 1) // warm-up
  return interleave(slice, ROUNDS)
})()
await ours.dispose()
connection.close()
raw.close()
floor.close()

// --- whole commands through CommandHandler -------------------------------------------------------
const HOUSEHOLDS = 8 // per slice: 8 households × 25 commands (household 0 also sets up the register)
// The rows each command stores, from one run on the memory store, grouped by command and by
// household (command ids end in `-h<household>`): what the raw baseline inserts.
const byHousehold = new Map<number, Map<string, Array<EventStore.StoredEvent>>>()
for (const e of await storedEvents(HOUSEHOLDS * (ROUNDS + 1))) {
  const commandId = (e.metadata as { commandId: string }).commandId
  const h = Number(/-h(\d+)$/.exec(commandId)![1])
  const commands = byHousehold.get(h) ?? new Map<string, Array<EventStore.StoredEvent>>()
  commands.set(commandId, [...(commands.get(commandId) ?? []), e])
  byHousehold.set(h, commands)
}
// Each slice's commands' stored rows, by command id, in the order the handler ran them.
const rowsOfSlices = Array.from({ length: ROUNDS + 1 }, (_, r) =>
  Array.from({ length: HOUSEHOLDS }, (_, i) => [...byHousehold.get(r * HOUSEHOLDS + i)!]).flat())
/** The next of `slices` on each call: every contender works through the same slices in turn. */
const inTurn = <A>(slices: ReadonlyArray<A>) => {
  let next = 0
  return () => slices[next++]!
}
const handler = ManagedRuntime.make(withHandler(SqliteEventStore.layer({ filename: join(dir, "commands.sqlite"), chainKey: null })))
// The same handler on a store whose chain is keyed (HMAC-SHA-256 under a chain key held outside
// the database, AUD-1), as a city's store should run (information): what the key costs.
const keyedHandler = ManagedRuntime.make(
  withHandler(SqliteEventStore.layer({ filename: join(dir, "commands-keyed.sqlite"), chainKey: Redacted.make(randomBytes(32).toString("base64")) }))
)
// The same commands' appends without the handler (information): what the store alone takes for
// them, which a whole command cannot beat.
const appendsOnly = ManagedRuntime.make(SqliteEventStore.layer({ filename: join(dir, "appends.sqlite"), chainKey: null }))
const appendStore = await appendsOnly.runPromise(Effect.service(EventStore.EventStore))
const raw2 = openRaw(join(dir, "commands-raw.sqlite"))
const commandFloor = openCommandFloor(join(dir, "commands-floor.sqlite"))
const wholeFloor = openWholeCommandFloor(join(dir, "commands-whole-floor.sqlite"))
// The commands of each slice, decoded before timing (the raw baseline's rows are built before too).
const slicesOfCommands = Array.from({ length: ROUNDS + 1 }, (_, r) => decodeCommands(households(HOUSEHOLDS, r * HOUSEHOLDS)))
// The same commands through a handler on the memory store (information): the handler's own
// work with no SQL at all (the memory store's append and its chain included).
const inMemory = ManagedRuntime.make(withHandler(MemoryEventStore.layer()))
const next = {
  ours: inTurn(slicesOfCommands),
  keyed: inTurn(slicesOfCommands),
  memory: inTurn(slicesOfCommands),
  wholeFloor: inTurn(slicesOfCommands),
  appends: inTurn(rowsOfSlices),
  raw: inTurn(rowsOfSlices),
  floor: inTurn(rowsOfSlices)
}
/** A contender that runs its next slice of commands through the handler of `runtime`. */
const throughHandler = (runtime: typeof handler | typeof inMemory, slice: () => ReadonlyArray<Command.Command>) => async () => {
  const list = slice()
  await runtime.runPromise(handleAll(list))
  return list.length
}
const commandSlices = {
  ours: throughHandler(handler, next.ours),
  keyed: throughHandler(keyedHandler, next.keyed),
  memory: throughHandler(inMemory, next.memory),
  appends: () => {
    const list = next.appends()
    return appendsOnly.runPromise(Effect.gen(function*() {
      for (const [commandId, rows] of list) {
        const events = rows.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload, metadata: e.metadata }))
        yield* appendStore.append(rows[0]!.stream, rows[0]!.version - 1, events, { idempotencyKey: commandId })
      }
      return list.length
    }))
  },
  raw: () => {
    const list = next.raw()
    for (const [, rows] of list) raw2.rows(rows)
    return list.length
  },
  floor: () => {
    const list = next.floor()
    for (const [commandId, rows] of list) commandFloor.command(commandId, rows)
    return list.length
  },
  wholeFloor: () => {
    const list = next.wholeFloor()
    for (const command of list) wholeFloor.command(command)
    return list.length
  }
}
await interleave(commandSlices, 1) // warm-up; household 0 also sets up the register
const commands = await interleave(commandSlices, ROUNDS)
await handler.dispose()
await keyedHandler.dispose()
await inMemory.dispose()
await appendsOnly.dispose()
raw2.close()
commandFloor.close()
wholeFloor.close()
// The whole-command floor decided exactly the events the handler stored (raw inserts those rows).
const [decidedByFloor, storedRows] = [eventsIn(join(dir, "commands-whole-floor.sqlite")), eventsIn(join(dir, "commands-raw.sqlite"))]
const longer = decidedByFloor.length >= storedRows.length ? decidedByFloor : storedRows
const firstDifference = longer.findIndex((_, i) => decidedByFloor[i] !== storedRows[i])
if (firstDifference >= 0) {
  throw new Error(
    `the whole-command floor decided other events than the handler: ${decidedByFloor.length} rows against ${storedRows.length}, first different at row ${firstDifference + 1}`
  )
}
rmSync(dir, { recursive: true, force: true })

emit([
  {
    workload: "SQLite append, 100-event batches",
    ours: batches.ours.wall,
    against: "Emmett 0.42 SQLite (WAL, synchronous=NORMAL, one reused connection)",
    theirs: batches.emmett.wall,
    cpuRatio: batches.ours.cpu / batches.emmett.cpu,
    unit: "events/s",
    better: "higher",
    target: 1.2
  },
  {
    workload: "SQLite append, 100-event batches",
    ours: batches.ours.wall,
    against: "raw node:sqlite (one transaction of 100 INSERTs)",
    theirs: batches.raw.wall,
    cpuRatio: batches.ours.cpu / batches.raw.cpu,
    unit: "events/s",
    better: "higher",
    target: 0.85,
    floor: { name: "the AUD-1 floor", figure: batches.floor.wall }
  },
  {
    workload: "SQLite 100-event batches: the AUD-1 floor, plain node:sqlite + canonical JSON + chain (information)",
    ours: batches.floor.wall,
    against: "raw node:sqlite (one transaction of 100 INSERTs)",
    theirs: batches.raw.wall,
    cpuRatio: batches.floor.cpu / batches.raw.cpu,
    unit: "events/s",
    better: "higher"
  },
  {
    workload: "SQLite 100-event batches: ours against that floor (information)",
    ours: batches.ours.wall,
    against: "the AUD-1 floor above",
    theirs: batches.floor.wall,
    cpuRatio: batches.ours.cpu / batches.floor.cpu,
    unit: "events/s",
    better: "higher"
  },
  {
    workload: "SQLite whole commands through CommandHandler (demo mix)",
    ours: commands.ours.wall,
    against: "raw node:sqlite inserts of the same rows (one transaction per command)",
    theirs: commands.raw.wall,
    cpuRatio: commands.ours.cpu / commands.raw.cpu,
    unit: "commands/s",
    better: "higher",
    target: 0.3,
    floor: { name: "the whole-command floor", figure: commands.wholeFloor.wall }
  },
  {
    workload: "SQLite whole commands: the floor of their writes, plain node:sqlite + AUD-1 chain + expected version + idempotency key (information)",
    ours: commands.floor.wall,
    against: "raw node:sqlite inserts of the same rows (one transaction per command)",
    theirs: commands.raw.wall,
    cpuRatio: commands.floor.cpu / commands.raw.cpu,
    unit: "commands/s",
    better: "higher"
  },
  {
    workload: "SQLite whole commands: the floor of a whole command, core's pure decision on states kept in memory + the write floor above, one writer (information)",
    ours: commands.wholeFloor.wall,
    against: "raw node:sqlite inserts of the same rows (one transaction per command)",
    theirs: commands.raw.wall,
    cpuRatio: commands.wholeFloor.cpu / commands.raw.cpu,
    unit: "commands/s",
    better: "higher"
  },
  {
    workload: "SQLite whole commands: ours against that floor (information)",
    ours: commands.ours.wall,
    against: "the whole-command floor above",
    theirs: commands.wholeFloor.wall,
    cpuRatio: commands.ours.cpu / commands.wholeFloor.cpu,
    unit: "commands/s",
    better: "higher"
  },
  {
    workload: "SQLite whole commands, the chain keyed (HMAC-SHA-256 under a chain key, as a city's store runs) (information)",
    ours: commands.keyed.wall,
    against: "raw node:sqlite inserts of the same rows (one transaction per command)",
    theirs: commands.raw.wall,
    cpuRatio: commands.keyed.cpu / commands.raw.cpu,
    unit: "commands/s",
    better: "higher",
    note: `${(commands.keyed.wall / commands.ours.wall).toFixed(2)}× the unkeyed handler's rate (CPU time ${(commands.keyed.cpu / commands.ours.cpu).toFixed(2)}×)`
  },
  {
    workload: "whole commands through CommandHandler on the memory store, no SQL (information)",
    ours: commands.memory.wall,
    against: "raw node:sqlite inserts of the same rows (one transaction per command)",
    theirs: commands.raw.wall,
    cpuRatio: commands.memory.cpu / commands.raw.cpu,
    unit: "commands/s",
    better: "higher"
  },
  {
    workload: "SQLite appends of those commands' events, no handler (information)",
    ours: commands.appends.wall,
    against: "raw node:sqlite inserts of the same rows (one transaction per command)",
    theirs: commands.raw.wall,
    cpuRatio: commands.appends.cpu / commands.raw.cpu,
    unit: "commands/s",
    better: "higher"
  }
])
