/**
 * The SQL implementation of the {@link EventStore} port that the SQLite and PostgreSQL adapters
 * share (AUD-1). It is written against `effect/sql`'s `SqlClient` and uses only SQL both
 * dialects accept; what differs (how an append transaction begins, how positions are chosen,
 * which rows the global feed may show yet, the table DDL) comes in as a {@link Dialect} from
 * the adapter package.
 *
 * Layout (column names are part of the contract with the adapters' migrations):
 * - `events`: `position` (global feed order), `stream`, `version` (unique per stream),
 *   `event_id` (unique), `type`, `payload` and `metadata` (canonical JSON text, exactly what was
 *   hashed), `recorded_at` (ISO-8601 text), `prev_hash`, `hash`;
 * - `streams`: one row per stream with its head `version` and `hash`, the optimistic-
 *   concurrency guard and the anchor that shows a cut-off tail;
 * - `idempotency`: `idempotency_key` (primary key), `stream`, `request_hash` and the first
 *   result.
 *
 * Storage failures are classified here, at the adapter boundary, by {@link classify}.
 *
 * @module
 */
import { Clock, Effect, Option, Stream } from "effect"
import { Migrator, SqlClient, SqlError } from "effect/sql"
import type { SqlConnection, Statement } from "effect/sql"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"

/** Table names, optionally schema-qualified (`"schema.table"`). */
export interface Tables {
  readonly events: string
  readonly streams: string
  readonly idempotency: string
  /** The table `effect/sql/Migrator` records applied migrations in. */
  readonly migrations: string
}

/** The default table names. */
export const defaultTables: Tables = {
  events: "event_store_events",
  streams: "event_store_streams",
  idempotency: "event_store_idempotency",
  migrations: "event_store_migrations"
}

/** Qualify the default table names with a schema (PostgreSQL). */
export const tablesIn = (schema: string): Tables => ({
  events: `${schema}.${defaultTables.events}`,
  streams: `${schema}.${defaultTables.streams}`,
  idempotency: `${schema}.${defaultTables.idempotency}`,
  migrations: `${schema}.${defaultTables.migrations}`
})

/** What an adapter tells the shared implementation about its database. */
export interface Dialect {
  /**
   * Statement that opens an append transaction, when the client's `BEGIN` is not enough
   * (SQLite: `BEGIN IMMEDIATE`, so the write lock is taken up front and appends serialise).
   */
  readonly beginAppend?: string | undefined
  /** Statement that opens the consistent read `verify` runs in (PostgreSQL: REPEATABLE READ). */
  readonly beginSnapshot?: string | undefined
  /**
   * An extra condition on the global feed: only rows no running transaction can still precede
   * (PostgreSQL's xmin rule). Omit when commits are already serialised (SQLite).
   */
  readonly feedFilter?: ((sql: SqlClient.SqlClient) => Statement.Fragment) | undefined
  /**
   * How positions are handed out; called once with the client and tables (to prepare SQL).
   * Positions must increase in the order events become visible to the feed (with
   * `feedFilter` applied).
   */
  readonly positions: (sql: SqlClient.SqlClient, tables: Tables) => Positions
  /** Most bound parameters one statement may carry. */
  readonly maxParameters: number
}

/** A dialect's way of choosing positions (see {@link Dialect.positions}). */
export interface Positions {
  /**
   * Extra columns for the statement that moves the stream head to return (`, expr AS name`),
   * saving a round trip — PostgreSQL returns the transaction id there.
   */
  readonly headReturning?: string | undefined
  /**
   * The first of `count` consecutive positions, inside the append transaction on its
   * connection, after the head moved. `head` is the row the head statement returned; `joined`
   * is true when the append runs inside a caller's own transaction (other appends may have
   * come before it in that transaction).
   */
  readonly allocate: (
    conn: SqlConnection.Connection,
    count: number,
    head: Record<string, unknown>,
    joined: boolean
  ) => Effect.Effect<number, SqlError.SqlError | EventStore.EventStoreError>
}

/** Options of {@link make}. */
export interface Options {
  readonly dialect: Dialect
  readonly tables?: Tables | undefined
}

// ---------------------------------------------------------------------------------------------
// Error classification at the adapter boundary
// ---------------------------------------------------------------------------------------------

/** Which unique constraint a violation hit, told by the table/column/constraint names in it. */
export type UniqueTarget = "version" | "event_id" | "idempotency" | "unknown"

/** Which of the store's unique constraints a `UniqueViolation` names (SQLite columns or PostgreSQL constraint names). */
export const uniqueTarget = (constraint: string): UniqueTarget =>
  constraint.includes("idempotency")
    ? "idempotency"
    : constraint.includes("event_id")
    ? "event_id"
    : constraint.includes("version") || constraint.includes("streams")
    ? "version"
    : "unknown"

const nativeCode = (cause: unknown): string | undefined => {
  if (typeof cause !== "object" || cause === null) return undefined
  const c = cause as { readonly code?: unknown; readonly errcode?: unknown; readonly errno?: unknown }
  if (typeof c.errcode === "number") return `SQLite ${c.errcode}`
  if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return `SQLSTATE ${c.code}`
  if (typeof c.code === "string") return c.code
  if (typeof c.errno === "number") return `errno ${c.errno}`
  return undefined
}

/**
 * Map an `effect/sql` error to the port's error reason. Locks, deadlocks, serialization
 * failures, timeouts and lost connections are `ConnectionFailure` (retryable); a unique
 * violation on (stream, version) is `VersionConflict`, on `event_id` `DuplicateEvent`, on the
 * idempotency key `IdempotencyConflict`; the rest is `UnknownFailure`.
 *
 * Messages name the kind of failure and the native code only: driver messages and details can
 * quote stored values, so they are left out (AUD-2).
 */
export const classify = (
  error: SqlError.SqlError,
  context?: { readonly stream?: string | undefined; readonly idempotencyKey?: string | undefined }
): EventStore.EventStoreErrorReason => {
  const reason = error.reason
  const code = nativeCode(reason.cause)
  const what = `${reason._tag}${code === undefined ? "" : ` (${code})`}${
    reason.operation === undefined ? "" : ` during ${reason.operation}`
  }`
  switch (reason._tag) {
    case "ConnectionError":
    case "LockTimeoutError":
    case "DeadlockError":
    case "SerializationError":
    case "StatementTimeoutError":
      return new EventStore.ConnectionFailure({ message: `transient storage failure: ${what}` })
    case "UniqueViolation":
      return uniqueReason(uniqueTarget(reason.constraint), what, context)
    default:
      return new EventStore.UnknownFailure({ message: `storage failure: ${what}` })
  }
}

const uniqueReason = (
  target: UniqueTarget,
  what: string,
  context: { readonly stream?: string | undefined; readonly idempotencyKey?: string | undefined } | undefined
): EventStore.EventStoreErrorReason => {
  const stream = context?.stream ?? "unknown"
  switch (target) {
    case "version":
      return new EventStore.VersionConflict({
        message: `stream ${stream}: a concurrent append took the version`,
        stream,
        expected: "any",
        actual: -1
      })
    case "event_id":
      return new EventStore.DuplicateEvent({ message: "an event id in the batch is already stored", eventId: "unknown" })
    case "idempotency":
      return new EventStore.IdempotencyConflict({
        message: "idempotency key taken by a concurrent append",
        idempotencyKey: context?.idempotencyKey ?? "unknown"
      })
    case "unknown":
      return new EventStore.UnknownFailure({ message: `unexpected unique violation: ${what}` })
  }
}

/** Map any failure raised while opening or migrating a store to the port's error. */
export const classifyStartup = (error: SqlError.SqlError | Migrator.MigrationError): EventStore.EventStoreError =>
  new EventStore.EventStoreError({
    reason: SqlError.isSqlError(error)
      ? classify(error)
      : SqlError.isSqlError(error.cause)
      ? classify(error.cause)
      : new EventStore.UnknownFailure({ message: `migration failed (${error.kind})` })
  })

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/** An events row as the database returns it. */
export interface EventRow {
  readonly position: number | bigint | string
  readonly stream: string
  readonly version: number | bigint | string
  readonly event_id: string
  readonly type: string
  readonly payload: string
  readonly metadata: string | null
  readonly recorded_at: string
  readonly prev_hash: string
  readonly hash: string
}

const EVENT_COLUMNS = "position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash"

// Reads fetch rows as arrays in EVENT_COLUMNS order: drivers build them much faster than
// objects, which halves the time to rehydrate a long stream.
type EventValues = ReadonlyArray<unknown>

const decodeValues = (row: EventValues): EventStore.StoredEvent => ({
  stream: row[1] as string,
  version: Number(row[2]),
  position: Number(row[0]),
  eventId: row[3] as string,
  type: row[4] as string,
  payload: JSON.parse(row[5] as string),
  metadata: row[6] === null ? null : JSON.parse(row[6] as string),
  recordedAt: row[7] as string,
  prevHash: row[8] as string,
  hash: row[9] as string
})

const decodeRows = (rows: ReadonlyArray<EventValues>): Effect.Effect<Array<EventStore.StoredEvent>, EventStore.EventStoreError> =>
  Effect.suspend(() => {
    const out = new Array<EventStore.StoredEvent>(rows.length)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      try {
        out[i] = decodeValues(row)
      } catch {
        return EventStore.fail(
          new EventStore.Corrupt({ message: `stored event at position ${String(row[0])} is not readable JSON` })
        )
      }
    }
    return Effect.succeed(out)
  })

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

/** A concurrent writer won a race the store can resolve by trying again (never escapes). */
class Retry {
  readonly _tag = "Retry"
}

const RETRIES = 20

/**
 * Run the store's migrations with `effect/sql/Migrator` (versioned; each applies once, so
 * running twice is safe; concurrent starts serialise on the migrations table).
 */
export const migrate = (
  migrations: Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>>,
  options: Options
): Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, EventStore.EventStoreError, SqlClient.SqlClient> => {
  const run = Migrator.make({})({
    loader: Migrator.fromRecord(migrations),
    table: (options.tables ?? defaultTables).migrations
  })
  const begin = options.dialect.beginAppend
  return (begin === undefined ? run : Effect.provideService(run, SqlClient.BeginTransaction, begin)).pipe(
    Effect.mapError(classifyStartup)
  )
}

/**
 * The port over an `SqlClient` whose database has the store's tables (see {@link migrate}).
 *
 * An append is one transaction: look up the idempotency key, read the stream head, check the
 * expected version, move the head with a conditional `UPDATE … WHERE version = old` (or an
 * `INSERT … ON CONFLICT DO NOTHING` for a new stream), insert the events with their hash chain
 * at the positions the dialect allocates (multi-row `INSERT`) and record the key. A writer
 * that lost a race to a concurrent one (head moved, key taken) rolls back and tries again, so
 * it ends with the same answer a serial execution gives.
 *
 * The append holds one connection from `BEGIN` to `COMMIT` and runs statements compiled once
 * at start-up on it directly: going through the tagged-template client for each statement
 * (span, compile, acquire) costs more than SQLite takes to run it. Inside a caller's own
 * `withTransaction` the append runs in a savepoint on that transaction's connection.
 */
export const make = (options: Options): Effect.Effect<EventStore.EventStoreShape, never, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { dialect } = options
    const tables = options.tables ?? defaultTables
    const events = sql(tables.events)
    const streams = sql(tables.streams)
    const idempotency = sql(tables.idempotency)
    const columns = sql.literal(EVENT_COLUMNS)
    const noFilter = sql.literal("")
    const rowsPerInsert = Math.max(1, Math.floor(dialect.maxParameters / 10))

    // The append's fixed statements, compiled once for this client's dialect.
    const text = (statement: Statement.Statement<object>) => statement.compile()[0]
    const selectKey = text(
      sql`SELECT request_hash, stream, next_expected_version, first_position, last_position FROM ${idempotency} WHERE idempotency_key = ${""}`
    )
    const selectHead = text(sql`SELECT version, hash FROM ${streams} WHERE stream = ${""}`)
    const positions = dialect.positions(sql, tables)
    const returning = sql.literal(`RETURNING version${positions.headReturning ?? ""}`)
    const insertHead = text(
      sql`INSERT INTO ${streams} (stream, version, hash) VALUES (${""}, ${0}, ${""}) ON CONFLICT (stream) DO NOTHING ${returning}`
    )
    const updateHead = text(
      sql`UPDATE ${streams} SET version = ${0}, hash = ${""} WHERE stream = ${""} AND version = ${0} ${returning}`
    )
    const insertKey = text(
      sql`INSERT INTO ${idempotency} (idempotency_key, stream, request_hash, next_expected_version, first_position, last_position) VALUES (${""}, ${""}, ${""}, ${0}, ${0}, ${0})`
    )
    const begin = dialect.beginAppend ?? "BEGIN"

    // Multi-row INSERT text per row count, built once: compiling a 1,000-parameter statement
    // through the template on every append costs as much as SQLite takes to run it.
    const [insertPrefix] = sql`INSERT INTO ${events} (${sql.literal(EVENT_COLUMNS)}) VALUES `.compile()
    const numbered = sql`${0}`.compile()[0] !== "?"
    const insertTexts = new Map<number, string>()
    const insertEvents = (rows: number): string => {
      let text = insertTexts.get(rows)
      if (text === undefined) {
        const tuples = new Array<string>(rows)
        for (let r = 0; r < rows; r++) {
          const p = new Array<string>(10)
          for (let c = 0; c < 10; c++) p[c] = numbered ? `$${r * 10 + c + 1}` : "?"
          tuples[r] = `(${p.join(",")})`
        }
        text = insertPrefix + tuples.join(",")
        if (insertTexts.size >= 64) insertTexts.delete(insertTexts.keys().next().value!)
        insertTexts.set(rows, text)
      }
      return text
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
              yield* conn.execute(begin, [], undefined)
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

    type KeyRow = {
      readonly request_hash: string
      readonly stream: string
      readonly next_expected_version: number | bigint
      readonly first_position: number | bigint
      readonly last_position: number | bigint
    }

    const appendOnce = (
      stream: string,
      expectedVersion: EventStore.ExpectedVersion,
      encoded: ReadonlyArray<EventStore.EncodedEvent>,
      key: string | undefined,
      request: string
    ) =>
      withAppendTransaction((conn, joined) =>
        Effect.gen(function*() {
          if (key !== undefined) {
            const row = (yield* conn.execute(selectKey, [key], undefined) as Effect.Effect<ReadonlyArray<KeyRow>, SqlError.SqlError>)[0]
            if (row !== undefined) {
              if (row.request_hash !== request) {
                return yield* EventStore.fail(
                  new EventStore.IdempotencyConflict({ message: "idempotency key reused with different events", idempotencyKey: key })
                )
              }
              return {
                stream: row.stream,
                nextExpectedVersion: Number(row.next_expected_version),
                firstPosition: Number(row.first_position),
                lastPosition: Number(row.last_position),
                replayed: true
              } satisfies EventStore.AppendResult
            }
          }
          const headRow = (yield* conn.execute(selectHead, [stream], undefined))[0] as
            | { readonly version: number | bigint; readonly hash: string }
            | undefined
          const head = headRow === undefined ? { version: 0, hash: "" } : { version: Number(headRow.version), hash: headRow.hash }
          const conflict = EventStore.versionConflict(stream, expectedVersion, head.version)
          if (conflict !== undefined) return yield* EventStore.fail(conflict)

          const recordedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
          const nextVersion = head.version + encoded.length
          // Hash the chain first: the head row needs the last hash.
          const hashes = new Array<string>(encoded.length)
          let prevHash = head.hash
          for (let i = 0; i < encoded.length; i++) {
            const e = encoded[i]!
            prevHash = hashes[i] = EventHash.hashEncoded(prevHash, {
              stream,
              version: head.version + i + 1,
              eventId: e.eventId,
              type: e.type,
              payload: e.payload,
              metadata: e.metadata,
              recordedAt
            })
          }
          const moved = head.version === 0
            ? yield* conn.execute(insertHead, [stream, nextVersion, prevHash], undefined)
            : yield* conn.execute(updateHead, [nextVersion, prevHash, stream, head.version], undefined)
          const movedHead = moved[0] as Record<string, unknown> | undefined
          if (movedHead === undefined) return yield* Effect.fail(new Retry())

          const firstPosition = yield* positions.allocate(conn, encoded.length, movedHead, joined)
          const lastPosition = firstPosition + encoded.length - 1
          for (let start = 0; start < encoded.length; start += rowsPerInsert) {
            const end = Math.min(encoded.length, start + rowsPerInsert)
            const params = new Array<unknown>((end - start) * 10)
            let j = 0
            for (let i = start; i < end; i++) {
              const e = encoded[i]!
              params[j++] = firstPosition + i
              params[j++] = stream
              params[j++] = head.version + i + 1
              params[j++] = e.eventId
              params[j++] = e.type
              params[j++] = e.payload
              params[j++] = e.metadata
              params[j++] = recordedAt
              params[j++] = i === 0 ? head.hash : hashes[i - 1]
              params[j++] = hashes[i]
            }
            yield* conn.execute(insertEvents(end - start), params, undefined)
          }
          if (key !== undefined) {
            yield* conn.execute(insertKey, [key, stream, request, nextVersion, firstPosition, lastPosition], undefined)
          }
          return {
            stream,
            nextExpectedVersion: nextVersion,
            firstPosition,
            lastPosition,
            replayed: false
          } satisfies EventStore.AppendResult
        })
      ).pipe(
        Effect.catchTag("SqlError", (error): Effect.Effect<never, EventStore.EventStoreError | Retry> => {
          const reason = classify(error, { stream, idempotencyKey: key })
          // A unique violation on (stream, version) or on the key means a concurrent writer
          // committed first: roll back (done) and decide again against what it wrote.
          if (reason._tag === "VersionConflict" || reason._tag === "IdempotencyConflict") return Effect.fail(new Retry())
          if (reason._tag === "DuplicateEvent") return duplicateOf(encoded)
          return EventStore.fail(reason)
        })
      )

    // Which stored event id the batch repeats (the driver's message may not say).
    const duplicateOf = (encoded: ReadonlyArray<EventStore.EncodedEvent>): Effect.Effect<never, EventStore.EventStoreError> =>
      sql<{ readonly event_id: string }>`SELECT event_id FROM ${events} WHERE ${
        sql.in("event_id", encoded.map((e) => e.eventId))
      } LIMIT 1`.pipe(
        Effect.catchTag("SqlError", () => Effect.succeed([])),
        Effect.flatMap((rows) => {
          const eventId = rows[0]?.event_id ?? "unknown"
          return EventStore.fail(new EventStore.DuplicateEvent({ message: `event ${eventId} already stored`, eventId }))
        })
      )

    const append: EventStore.EventStoreShape["append"] = (stream, expectedVersion, batch, appendOptions) =>
      Effect.gen(function*() {
        const encoded = yield* EventStore.validateBatch(stream, batch)
        const key = appendOptions?.idempotencyKey
        const request = key === undefined ? "" : EventHash.hashRequestEncoded(stream, encoded)
        for (let attempt = 0;; attempt++) {
          const outcome = yield* Effect.result(appendOnce(stream, expectedVersion, encoded, key, request))
          if (outcome._tag === "Success") return outcome.success
          const failure = outcome.failure
          if (!(failure instanceof Retry)) return yield* Effect.fail(failure)
          if (attempt >= RETRIES) {
            return yield* EventStore.fail(
              new EventStore.ConnectionFailure({ message: `stream ${stream}: still contended after ${RETRIES} attempts` })
            )
          }
        }
      })

    const readStream: EventStore.EventStoreShape["readStream"] = (stream, readOptions) =>
      sql`SELECT ${columns} FROM ${events} WHERE stream = ${stream} AND version >= ${
        readOptions?.fromVersion ?? 1
      } ORDER BY version`.values.pipe(
        Effect.mapError((error) => new EventStore.EventStoreError({ reason: classify(error, { stream }) })),
        Effect.flatMap(decodeRows)
      )

    const feedFilter = dialect.feedFilter === undefined ? noFilter : dialect.feedFilter(sql)

    const readAll: EventStore.EventStoreShape["readAll"] = (fromPosition = 0, readOptions) => {
      const batchSize = Math.max(1, Math.floor(readOptions?.batchSize ?? 500))
      return Stream.paginate(Math.max(0, fromPosition), (after: number) =>
        sql`SELECT ${columns} FROM ${events} WHERE position > ${after} ${feedFilter} ORDER BY position LIMIT ${batchSize}`.values
          .pipe(
            Effect.mapError((error) => new EventStore.EventStoreError({ reason: classify(error) })),
            Effect.flatMap(decodeRows),
            Effect.map((page) => {
              const last = page.at(-1)
              return [page, page.length === batchSize && last !== undefined ? Option.some(last.position) : Option.none()] as const
            })
          ))
    }

    const verify: EventStore.EventStoreShape["verify"] = () =>
      Effect.gen(function*() {
        const verifier = EventStore.makeChainVerifier(EventHash.hashEvent)
        let after = 0
        for (;;) {
          const rows = yield* sql`SELECT ${columns} FROM ${events} WHERE position > ${after} ORDER BY position LIMIT 1000`.values
          for (const row of rows) {
            let event: EventStore.StoredEvent
            try {
              event = decodeValues(row)
            } catch {
              return {
                ok: false,
                checked: 0,
                stream: String(row[1]),
                version: Number(row[2]),
                position: Number(row[0]),
                problem: "unreadable"
              } satisfies EventStore.VerifyResult
            }
            const problem = verifier.check(event)
            if (problem !== undefined) return problem
            after = event.position
          }
          if (rows.length < 1000) break
        }
        const heads = yield* sql<{ readonly stream: string; readonly version: number | bigint; readonly hash: string }>`SELECT stream, version, hash FROM ${streams} ORDER BY stream`
        return verifier.result(heads.map((h) => ({ stream: h.stream, version: Number(h.version), hash: h.hash })))
      }).pipe(
        (effect) =>
          dialect.beginSnapshot === undefined
            ? sql.withTransaction(effect)
            : Effect.provideService(sql.withTransaction(effect), SqlClient.BeginTransaction, dialect.beginSnapshot),
        Effect.mapError((error) => new EventStore.EventStoreError({ reason: classify(error) }))
      )

    return EventStore.EventStore.of({ append, readStream, readAll, verify })
  })
