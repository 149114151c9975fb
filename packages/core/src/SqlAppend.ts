/**
 * The append transaction of the shared SQL store ({@link EventStoreSql}, AUD-1): `append` and
 * `appendMany` (several streams, each with its expected version, in ONE transaction).
 *
 * Per stream, one statement reads everything the decision needs — the stream head and the
 * idempotency key's first result — then the head moves with a conditional `UPDATE … WHERE
 * version = old` (or `INSERT … ON CONFLICT DO NOTHING` for a new stream), returning what the
 * dialect needs to allocate positions (SQLite: the last position; PostgreSQL: the transaction
 * id), the events go in (one single-row `INSERT` each where the connection can run a statement
 * for many rows in one call — {@link EachRowConnection}, SQLite — else multi-row `INSERT`s), and
 * the key is recorded. A single append
 * without a key is three statements between `BEGIN` and `COMMIT`; to a new stream (`no_stream`
 * or 0, no key) two: the head is created without reading first, and when the stream turns out
 * to exist the state read follows to report the conflict. A writer that lost a race to a concurrent one (head moved, key taken)
 * rolls back and decides again, so it ends with the same answer a serial execution gives.
 *
 * The append holds one connection from `BEGIN` to `COMMIT` and runs statements compiled once
 * at start-up on it directly: going through the tagged-template client for each statement
 * (span, compile, acquire) costs more than SQLite takes to run it. Inside a caller's own
 * `withTransaction` the append runs in a savepoint on that transaction's connection.
 *
 * The transaction's body — the reads, the decision, the head, the events, the key — is ONE
 * generator that asks for one statement at a time ({@link Ask}); {@link drive} answers it. On a
 * connection that can also run statements synchronously ({@link SyncConnection}: the SQLite
 * client's, on `node:sqlite`) the driver answers every statement in one synchronous call, with no
 * Effect step per statement (issue 14: about 5% of a whole command on SQLite); on any other
 * connection each statement is an Effect. `BEGIN`, `COMMIT` and `ROLLBACK` stay Effects either
 * way, so a busy database is still waited for and a failed or interrupted body still rolls back.
 *
 * @module
 */
import { Clock, Effect, Exit } from "effect"
import { SqlError } from "effect/sql"
import type { SqlClient, SqlConnection, Statement } from "effect/sql"
import * as EventBatch from "./EventBatch.ts"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"
import { classify } from "./EventStoreSqlError.ts"

/** A dialect's way of choosing positions (see `EventStoreSql.Dialect.positions`). */
export interface Positions {
  /**
   * Extra columns for the statement that reads the stream head (`, expr AS name`): what
   * `allocate` needs to know, read in the same round trip. A dialect that sets it makes every
   * append read the state first (no blind head creation for a new stream).
   */
  readonly stateColumns?: string | undefined
  /**
   * Extra columns for the statement that moves the stream head to return (`, expr AS name`),
   * saving a round trip — SQLite returns the last position there, PostgreSQL the transaction id.
   */
  readonly headReturning?: string | undefined
  /**
   * The first of `count` consecutive positions, inside the append transaction on its
   * connection, after the heads moved. `state` is the first stream's state row (with
   * `stateColumns`), `head` the row its head statement returned; `joined` is true when the
   * append runs inside a caller's own transaction (other appends may have come before it).
   */
  readonly allocate: (
    conn: SqlConnection.Connection,
    count: number,
    state: Record<string, unknown>,
    head: Record<string, unknown>,
    joined: boolean
  ) => Effect.Effect<number, SqlError.SqlError | EventStore.EventStoreError>
}

/** What {@link make} needs. */
export interface Config {
  readonly tables: { readonly events: string; readonly streams: string; readonly idempotency: string }
  readonly digest: EventHash.Digest
  /** The statement that opens an append transaction. */
  readonly begin: string
  readonly positions: Positions
  readonly maxParameters: number
}

/**
 * A connection that runs one statement once for each of several parameter lists in one call,
 * inside the transaction it holds (the SQLite client's connections do). The append then inserts
 * its events with one prepared single-row `INSERT` each: on SQLite 5–10% less CPU for a
 * 100-event batch than one multi-row `INSERT` of the same rows (issue 14). Connections without
 * it get the multi-row statements.
 */
export interface EachRowConnection extends SqlConnection.Connection {
  readonly executeEach: (sql: string, rows: ReadonlyArray<ReadonlyArray<unknown>>) => Effect.Effect<void, SqlError.SqlError>
}

const isEachRow = (conn: SqlConnection.Connection): conn is EachRowConnection =>
  typeof (conn as Partial<EachRowConnection>).executeEach === "function"

/**
 * A connection that also runs statements synchronously, inside the transaction it holds (the
 * SQLite client's, on `node:sqlite`): the append then runs its body's statements in one
 * synchronous call (see the module notes). Each method throws the `SqlError` its Effect
 * counterpart fails with; `executeSync` returns the rows as `execute` does (no transform).
 */
export interface SyncConnection extends EachRowConnection {
  readonly executeSync: (sql: string, params: ReadonlyArray<unknown>) => ReadonlyArray<unknown>
  readonly executeEachSync: (sql: string, rows: ReadonlyArray<ReadonlyArray<unknown>>) => void
}

const isSync = (conn: SqlConnection.Connection): conn is SyncConnection =>
  isEachRow(conn) && typeof (conn as Partial<SyncConnection>).executeSync === "function" &&
  typeof (conn as Partial<SyncConnection>).executeEachSync === "function"

/**
 * One step the append's body asks of its connection: the rows of a statement, one statement run
 * once per parameter list ({@link EachRowConnection}), or a dialect's own effect (positions).
 */
type Ask =
  | { readonly _tag: "Rows"; readonly sql: string; readonly params: ReadonlyArray<unknown> }
  | { readonly _tag: "Each"; readonly sql: string; readonly rows: ReadonlyArray<ReadonlyArray<unknown>> }
  | { readonly _tag: "Effect"; readonly effect: Effect.Effect<unknown, SqlError.SqlError | EventStore.EventStoreError> }

const rowsOf = (sql: string, params: ReadonlyArray<unknown>): Ask => ({ _tag: "Rows", sql, params })

/** A concurrent writer won a race the store can resolve by trying again (never escapes). */
class Retry {
  readonly _tag = "Retry"
}

/** The body stopped without committing: why (the transaction rolls back). */
class Stop {
  readonly reason: EventStore.EventStoreErrorReason | Retry
  constructor(reason: EventStore.EventStoreErrorReason | Retry) {
    this.reason = reason
  }
}

const stopped = (stop: Stop): Effect.Effect<never, EventStore.EventStoreError | Retry> =>
  stop.reason instanceof Retry ? Effect.fail(stop.reason) : EventStore.fail(stop.reason)

/** An append's body: asks for statements, ends with the appends' results or a {@link Stop}. */
type Body = Generator<Ask, ReadonlyArray<EventStore.AppendResult> | Stop, unknown>

/**
 * Run a body on `conn`: every statement synchronously where the connection can (an error thrown
 * there is the failure), else one Effect per step; an effect already complete (an `Exit`, such
 * as SQLite's positions) is used at once. A {@link Stop} fails with its error.
 */
const drive = (
  conn: SqlConnection.Connection,
  body: Body,
  input?: unknown
): Effect.Effect<ReadonlyArray<EventStore.AppendResult>, SqlError.SqlError | EventStore.EventStoreError | Retry> =>
  Effect.suspend((): Effect.Effect<ReadonlyArray<EventStore.AppendResult>, SqlError.SqlError | EventStore.EventStoreError | Retry> => {
    const sync = isSync(conn) ? conn : undefined
    for (;;) {
      const next = body.next(input)
      if (next.done) return next.value instanceof Stop ? stopped(next.value) : Effect.succeed(next.value)
      const ask = next.value
      if (sync !== undefined && ask._tag !== "Effect") {
        try {
          input = ask._tag === "Rows" ? sync.executeSync(ask.sql, ask.params) : sync.executeEachSync(ask.sql, ask.rows)
        } catch (error) {
          return SqlError.isSqlError(error) ? Effect.fail(error) : Effect.die(error)
        }
        continue
      }
      const effect: Effect.Effect<unknown, SqlError.SqlError | EventStore.EventStoreError> = ask._tag === "Effect"
        ? ask.effect
        : ask._tag === "Rows"
        ? conn.execute(ask.sql, ask.params, undefined)
        : (conn as EachRowConnection).executeEach(ask.sql, ask.rows)
      if (Exit.isExit(effect)) {
        const exit = effect as Exit.Exit<unknown, SqlError.SqlError | EventStore.EventStoreError>
        if (Exit.isFailure(exit)) return Effect.failCause(exit.cause)
        input = exit.value
        continue
      }
      return Effect.flatMap(effect, (value) => drive(conn, body, value))
    }
  })

const RETRIES = 50

const EVENT_COLUMNS = "position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash"

/** A stream's state as the append reads it: its head, and the idempotency key's first result (SQL nulls when absent). */
export type StateRow = {
  readonly version: number | bigint | null
  readonly hash: string | null
  readonly request_hash: string | null
  readonly key_stream: string | null
  readonly next_expected_version: number | bigint | null
  readonly first_position: number | bigint | string | null
  readonly last_position: number | bigint | string | null
}

/** One stream's part of a transaction, decided and its head moved. */
interface Decided {
  readonly stream: string
  readonly events: ReadonlyArray<EventBatch.EncodedEvent>
  readonly fromVersion: number
  readonly prevHash: string
  readonly hashes: ReadonlyArray<string>
  readonly state: Record<string, unknown>
  readonly head: Record<string, unknown>
}

/** A stream's head as last seen: its version and last hash. */
export interface Head {
  readonly version: number
  readonly hash: string
}

/**
 * Stream heads as last seen by this store (its appends and reads), bounded. A hint, never the
 * truth: an append that uses one must check it against the stored head in the same statement.
 */
export interface HeadCache {
  readonly get: (stream: string) => Head | undefined
  readonly remember: (stream: string, head: Head) => void
  readonly forget: (stream: string) => void
}

/** A {@link HeadCache} of at most `size` streams (the oldest seen is dropped first). */
export const makeHeadCache = (size = 10_000): HeadCache => {
  const heads = new Map<string, Head>()
  return {
    get: (stream) => heads.get(stream),
    remember: (stream, head) => {
      heads.delete(stream)
      if (heads.size >= size) heads.delete(heads.keys().next().value!)
      heads.set(stream, head)
    },
    forget: (stream) => {
      heads.delete(stream)
    }
  }
}

/** Which stored event id a refused batch repeats (the driver's message may not say): a `DuplicateEvent`. */
export const duplicateOf = (
  sql: SqlClient.SqlClient,
  eventsTable: string,
  encoded: ReadonlyArray<EventBatch.EncodedEvent>
): Effect.Effect<never, EventStore.EventStoreError> =>
  sql<{ readonly event_id: string }>`SELECT event_id FROM ${sql(eventsTable)} WHERE ${
    sql.in("event_id", encoded.map((e) => e.eventId))
  } LIMIT 1`.pipe(
    Effect.catchTag("SqlError", () => Effect.succeed([])),
    Effect.flatMap((rows) => {
      const eventId = rows[0]?.event_id ?? "unknown"
      return EventStore.fail(new EventStore.DuplicateEvent({ message: `event ${eventId} already stored`, eventId }))
    })
  )

/** `append` and `appendMany` over `sql` (see the module notes). */
export const make = (sql: SqlClient.SqlClient, config: Config): {
  readonly append: EventStore.EventStoreShape["append"]
  readonly appendMany: NonNullable<EventStore.EventStoreShape["appendMany"]>
} => {
  const { digest, positions } = config
  const events = sql(config.tables.events)
  const streams = sql(config.tables.streams)
  const idempotency = sql(config.tables.idempotency)
  const rowsPerInsert = Math.max(1, Math.floor(config.maxParameters / 10))
  const text = (statement: Statement.Statement<object>) => statement.compile()[0]
  // The append's fixed statements, compiled once for this client's dialect.
  const readState = text(sql`SELECT h.version, h.hash, k.request_hash, k.stream AS key_stream, k.next_expected_version, k.first_position, k.last_position${
    sql.literal(positions.stateColumns ?? "")
  } FROM (SELECT 1 AS one) o LEFT JOIN ${streams} h ON h.stream = ${""} LEFT JOIN ${idempotency} k ON k.idempotency_key = ${""}`)
  const returning = sql.literal(`RETURNING version${positions.headReturning ?? ""}`)
  const insertHead = text(
    sql`INSERT INTO ${streams} (stream, version, hash) VALUES (${""}, ${0}, ${""}) ON CONFLICT (stream) DO NOTHING ${returning}`
  )
  const updateHead = text(sql`UPDATE ${streams} SET version = ${0}, hash = ${""} WHERE stream = ${""} AND version = ${0} ${returning}`)
  // A dialect that needs nothing from the state row to allocate positions lets a new stream skip reading it.
  const blindNew = positions.stateColumns === undefined
  const insertKey = text(
    sql`INSERT INTO ${idempotency} (idempotency_key, stream, request_hash, next_expected_version, first_position, last_position) VALUES (${""}, ${""}, ${""}, ${0}, ${0}, ${0})`
  )

  // Multi-row INSERT text per row count, built once: compiling a 1,000-parameter statement
  // through the template on every append costs as much as SQLite takes to run it.
  const [insertPrefix] = sql`INSERT INTO ${events} (${sql.literal(EVENT_COLUMNS)}) VALUES `.compile()
  const numbered = sql`${0}`.compile()[0] !== "?"
  const insertTexts = new Map<number, string>()
  const insertEvents = (rows: number): string => {
    let cached = insertTexts.get(rows)
    if (cached === undefined) {
      const tuples = new Array<string>(rows)
      for (let r = 0; r < rows; r++) {
        const p = new Array<string>(10)
        for (let c = 0; c < 10; c++) p[c] = numbered ? `$${r * 10 + c + 1}` : "?"
        tuples[r] = `(${p.join(",")})`
      }
      cached = insertPrefix + tuples.join(",")
      if (insertTexts.size >= 64) insertTexts.delete(insertTexts.keys().next().value!)
      insertTexts.set(rows, cached)
    }
    return cached
  }

  // One transaction on one connection. Commit on success, roll back on failure or
  // interruption before the connection goes back; join the caller's transaction if any.
  const withAppendTransaction = <A, E>(
    body: (conn: SqlConnection.Connection, joined: boolean) => Effect.Effect<A, E>
  ): Effect.Effect<A, E | SqlError.SqlError> =>
    Effect.flatMap(Effect.serviceOption(sql.transactionService), (outer) =>
      outer._tag === "Some"
        ? sql.withTransaction(Effect.flatMap(
          Effect.serviceOption(sql.transactionService),
          (inner) => inner._tag === "Some" ? body(inner.value[0], true) : Effect.die("withTransaction provided no connection")
        ))
        : Effect.uninterruptibleMask((restore) =>
          Effect.scoped(Effect.gen(function*() {
            const conn = yield* restore(sql.reserve)
            yield* conn.execute(config.begin, [], undefined)
            const exit = yield* Effect.exit(restore(body(conn, false)))
            if (exit._tag === "Success") {
              const committed = yield* Effect.exit(conn.execute("COMMIT", [], undefined))
              if (committed._tag === "Success") return exit.value
              yield* Effect.ignore(conn.execute("ROLLBACK", [], undefined))
              return yield* Effect.failCause(committed.cause)
            }
            yield* Effect.ignore(conn.execute("ROLLBACK", [], undefined))
            return yield* exit
          }))
        ))

  // Read a stream's state, decide, hash the new events onto its chain and move its head.
  // Returns the replayed result instead when the idempotency key was seen with this request.
  function* decide(
    part: EventBatch.EncodedAppend,
    recordedAt: string,
    key: string | undefined,
    request: string
  ): Generator<Ask, Decided | EventStore.AppendResult | Stop, unknown> {
    // A new stream, no key: nothing to read first. Create the head; if the stream exists
    // after all, no row comes back and the state read below reports the conflict.
    if (blindNew && key === undefined && (part.expectedVersion === "no_stream" || part.expectedVersion === 0)) {
      const hashes = EventHash.chainEncoded("", part.stream, 0, recordedAt, part.events, digest)
      const created = (yield rowsOf(insertHead, [part.stream, part.events.length, hashes[hashes.length - 1]!])) as ReadonlyArray<Record<string, unknown>>
      const head = created[0]
      if (head !== undefined) return { stream: part.stream, events: part.events, fromVersion: 0, prevHash: "", hashes, state: {}, head } satisfies Decided
    }
    const state = ((yield rowsOf(readState, [part.stream, key ?? null])) as ReadonlyArray<StateRow>)[0]!
    if (key !== undefined && state.request_hash !== null) {
      if (state.request_hash !== request) {
        return new Stop(new EventStore.IdempotencyConflict({ message: "idempotency key reused with different events", idempotencyKey: key }))
      }
      return {
        stream: state.key_stream!,
        nextExpectedVersion: Number(state.next_expected_version),
        firstPosition: Number(state.first_position),
        lastPosition: Number(state.last_position),
        replayed: true
      } satisfies EventStore.AppendResult
    }
    const fromVersion = state.version === null ? 0 : Number(state.version)
    const prevHash = state.hash ?? ""
    const conflict = EventBatch.versionConflict(part.stream, part.expectedVersion, fromVersion)
    if (conflict !== undefined) return new Stop(conflict)
    const hashes = EventHash.chainEncoded(prevHash, part.stream, fromVersion, recordedAt, part.events, digest)
    const prev = hashes[hashes.length - 1]!
    const nextVersion = fromVersion + part.events.length
    const moved = (yield fromVersion === 0
      ? rowsOf(insertHead, [part.stream, nextVersion, prev])
      : rowsOf(updateHead, [nextVersion, prev, part.stream, fromVersion])) as ReadonlyArray<Record<string, unknown>>
    const head = moved[0]
    if (head === undefined) return new Stop(new Retry())
    return { stream: part.stream, events: part.events, fromVersion, prevHash, hashes, state: state as Record<string, unknown>, head } satisfies Decided
  }

  const insertOne = insertEvents(1)

  // The events' rows, parameters in EVENT_COLUMNS order.
  const eventRows = (decided: ReadonlyArray<Decided>, firstPosition: number, recordedAt: string): Array<ReadonlyArray<unknown>> => {
    const rows: Array<ReadonlyArray<unknown>> = []
    let position = firstPosition
    for (const d of decided) {
      for (let i = 0; i < d.events.length; i++) {
        const e = d.events[i]!
        rows.push([position++, d.stream, d.fromVersion + i + 1, e.eventId, e.type, e.payload, e.metadata, recordedAt, i === 0 ? d.prevHash : d.hashes[i - 1], d.hashes[i]])
      }
    }
    return rows
  }

  // The transaction's body (see the module notes): every stream decided and its head moved, the
  // positions, the events (one single-row statement each where the connection runs a statement
  // for many rows in one call; else `rowsPerInsert` to a statement), the key.
  function* body(
    conn: SqlConnection.Connection,
    joined: boolean,
    parts: ReadonlyArray<EventBatch.EncodedAppend>,
    key: string | undefined,
    request: string,
    recordedAt: string
  ): Body {
    const decided: Array<Decided> = []
    for (const part of parts) {
      const outcome = yield* decide(part, recordedAt, key, request)
      if (outcome instanceof Stop) return outcome
      if ("replayed" in outcome) return [outcome]
      decided.push(outcome)
    }
    const total = decided.reduce((n, d) => n + d.events.length, 0)
    const firstPosition = (yield { _tag: "Effect", effect: positions.allocate(conn, total, decided[0]!.state, decided[0]!.head, joined) }) as number
    const rows = eventRows(decided, firstPosition, recordedAt)
    if (isEachRow(conn)) yield { _tag: "Each", sql: insertOne, rows }
    else {
      for (let from = 0; from < rows.length; from += rowsPerInsert) {
        const chunk = rows.slice(from, from + rowsPerInsert)
        yield rowsOf(insertEvents(chunk.length), chunk.flat())
      }
    }
    let position = firstPosition
    const results = decided.map((d): EventStore.AppendResult => {
      const first = position
      position += d.events.length
      return {
        stream: d.stream,
        nextExpectedVersion: d.fromVersion + d.events.length,
        firstPosition: first,
        lastPosition: position - 1,
        replayed: false
      }
    })
    if (key !== undefined) {
      const r = results[0]!
      yield rowsOf(insertKey, [key, r.stream, request, r.nextExpectedVersion, r.firstPosition, r.lastPosition])
    }
    return results
  }

  const transact = (parts: ReadonlyArray<EventBatch.EncodedAppend>, key: string | undefined, request: string) =>
    withAppendTransaction((conn, joined) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => drive(conn, body(conn, joined, parts, key, request, new Date(now).toISOString())))
    ).pipe(
      Effect.catchTag("SqlError", (error): Effect.Effect<never, EventStore.EventStoreError | Retry> => {
        const reason = classify(error, { stream: parts.length === 1 ? parts[0]!.stream : undefined, idempotencyKey: key })
        // A unique violation on (stream, version) or on the key means a concurrent writer
        // committed first: roll back (done) and decide again against what it wrote.
        if (reason._tag === "VersionConflict" || reason._tag === "IdempotencyConflict") return Effect.fail(new Retry())
        if (reason._tag === "DuplicateEvent") return duplicateOf(sql, config.tables.events, parts.flatMap((p) => p.events))
        return EventStore.fail(reason)
      })
    )

  // A writer that lost a race decides again (at most RETRIES times); the retry is set up only
  // once a race was lost.
  const run = (
    parts: ReadonlyArray<EventBatch.EncodedAppend>,
    key: string | undefined,
    request: string,
    attempt = 0
  ): Effect.Effect<ReadonlyArray<EventStore.AppendResult>, EventStore.EventStoreError> =>
    Effect.catchIf(transact(parts, key, request), (failure): failure is Retry => failure instanceof Retry, () =>
      attempt >= RETRIES
        ? EventStore.fail(new EventStore.ConnectionFailure({ message: `still contended after ${RETRIES} attempts; retry` }))
        : run(parts, key, request, attempt + 1))

  const append: EventStore.EventStoreShape["append"] = (stream, expectedVersion, batch, appendOptions) =>
    Effect.gen(function*() {
      const encoded = yield* EventBatch.validateBatch(stream, batch)
      const key = appendOptions?.idempotencyKey
      const request = key === undefined ? "" : EventHash.hashRequestEncoded(stream, encoded)
      const results = yield* run([{ stream, expectedVersion, events: encoded }], key, request)
      return results[0]!
    })

  const appendMany: NonNullable<EventStore.EventStoreShape["appendMany"]> = (appends) =>
    Effect.flatMap(EventBatch.validateMany(appends), (parts) => run(parts, undefined, ""))

  return { append, appendMany }
}
