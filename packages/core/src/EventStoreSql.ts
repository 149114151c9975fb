/**
 * The SQL implementation of the {@link EventStore} port that the SQLite and PostgreSQL adapters
 * share (AUD-1). It is written against `effect/sql`'s `SqlClient` and uses only SQL both
 * dialects accept; what differs (how an append transaction begins, how positions are chosen,
 * which rows the global feed may show yet, the store's guards, the table DDL) comes in as a
 * {@link Dialect} from the adapter package. Part of `@kitakami-juso/core/adapter`.
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
 * Hashes are keyed with the chain key when one is given (`Options.chainKey`, AUD-1); without
 * one the store logs {@link EventHash.UNKEYED_WARNING} once when it starts.
 *
 * Storage failures are classified at the adapter boundary by {@link EventStoreSqlError}.
 *
 * @module
 */
import { Effect, Option, Stream } from "effect"
import { Migrator, SqlClient } from "effect/sql"
import type { SqlConnection, SqlError, Statement } from "effect/sql"
import * as ChainVerifier from "./ChainVerifier.ts"
import * as EventBatch from "./EventBatch.ts"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"
import { classify, classifyStartup } from "./EventStoreSqlError.ts"
import * as SqlAppend from "./SqlAppend.ts"

export {
  /** See {@link EventStoreSqlError.classify}. */
  classify,
  /** See {@link EventStoreSqlError.classifyStartup}. */
  classifyStartup
} from "./EventStoreSqlError.ts"

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
   * A boolean SQL expression over an events row: whether the feed shows it already (the
   * `feedFilter` as a column). `verify` leaves rows where it is false out of the checkpoint.
   */
  readonly settled?: string | undefined
  /**
   * How positions are handed out; called once with the client and tables (to prepare SQL).
   * Positions must increase in the order events become visible to the feed (with
   * `feedFilter` applied).
   */
  readonly positions: (sql: SqlClient.SqlClient, tables: Tables) => SqlAppend.Positions
  /**
   * Whether the store's own guards (append-only triggers) are all in place; `verify` reports
   * `guard-missing` when not (AUD-1).
   */
  readonly guards?: ((sql: SqlClient.SqlClient, tables: Tables) => Effect.Effect<boolean, SqlError.SqlError>) | undefined
  /**
   * Whether the store may offer {@link EventStore.EventStoreShape.tip} (read through
   * `Options.readCommitted`): only where positions are handed out one after another in commit
   * order (SQLite, under the write lock). Omit where a lower position can become visible after
   * a higher one (PostgreSQL).
   */
  readonly tip?: boolean | undefined
  /** Most bound parameters one statement may carry. */
  readonly maxParameters: number
  /**
   * A faster `append` of the dialect's own (PostgreSQL: one round trip through a stored
   * function), built once; `appendMany` stays the shared one.
   */
  readonly append?: ((context: AppendContext) => EventStore.EventStoreShape["append"]) | undefined
}

/** What a dialect's own `append` is built from (see {@link Dialect.append}). */
export interface AppendContext {
  readonly sql: SqlClient.SqlClient
  readonly tables: Tables
  readonly digest: EventHash.Digest
  /** Heads this store has seen; `readStream` from version 1 fills it in. */
  readonly heads: SqlAppend.HeadCache
}

/** Options of {@link make}. */
export interface Options {
  readonly dialect: Dialect
  readonly tables?: Tables | undefined
  /**
   * The chain key (AUD-1). Omitted: read from `JUSO_CHAIN_KEY` ({@link EventHash.chainKeyConfig});
   * `null`: unkeyed on purpose. Without a key the chain is plain SHA-256 and the store warns.
   */
  readonly chainKey?: EventHash.ChainKey | null | undefined
  /**
   * A synchronous read of committed data on the store's own connection (its first row as an
   * array, `[]` when none; `undefined` when it cannot tell now, e.g. inside a transaction):
   * how the tip is read, on a dialect that allows one (SQLite: `SqliteClient.readCommitted`).
   */
  readonly readCommitted?: ((sql: string) => ReadonlyArray<unknown> | undefined) | undefined
}


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
 * Appends (and `appendMany`, several streams in one transaction) are {@link SqlAppend}'s;
 * reads, the feed and `verify` are here.
 */
export const make = (options: Options): Effect.Effect<EventStore.EventStoreShape, never, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { dialect } = options
    const tables = options.tables ?? defaultTables
    const key = options.chainKey === undefined
      ? Option.getOrUndefined(yield* Effect.orDie(EventHash.chainKeyConfig))
      : options.chainKey ?? undefined
    const digest = EventHash.digestFor(key)
    if (!digest.keyed) yield* Effect.logWarning(EventHash.UNKEYED_WARNING)
    const events = sql(tables.events)
    const streams = sql(tables.streams)
    const columns = sql.literal(EVENT_COLUMNS)
    const shared = SqlAppend.make(sql, {
      tables,
      digest,
      begin: dialect.beginAppend ?? "BEGIN",
      positions: dialect.positions(sql, tables),
      maxParameters: dialect.maxParameters
    })
    const heads = SqlAppend.makeHeadCache()
    const append = dialect.append === undefined ? shared.append : dialect.append({ sql, tables, digest, heads })
    const appendMany = shared.appendMany

    // A whole stream read also tells a dialect's append the head it will hash onto.
    const readStream: EventStore.EventStoreShape["readStream"] = (stream, readOptions) =>
      sql`SELECT ${columns} FROM ${events} WHERE stream = ${stream} AND version >= ${
        readOptions?.fromVersion ?? 1
      } ORDER BY version`.values.pipe(
        Effect.mapError((error) => new EventStore.EventStoreError({ reason: classify(error, { stream }) })),
        Effect.flatMap(decodeRows),
        Effect.tap((read) =>
          Effect.sync(() => {
            if (dialect.append !== undefined && (readOptions?.fromVersion ?? 1) <= 1) {
              const last = read.at(-1)
              heads.remember(stream, last === undefined ? { version: 0, hash: "" } : { version: last.version, hash: last.hash })
            }
          })
        )
      )

    // The last event by position: with positions in commit order, the last one committed. Read
    // through the connection's synchronous committed read (`undefined` inside a transaction,
    // whose writes may still roll back); a statement through the client would cost more than
    // the reads the tip lets the command handler skip, so without one there is no tip.
    const tipText = sql`SELECT position, event_id, hash FROM ${events} ORDER BY position DESC LIMIT 1`.compile()[0]
    const { readCommitted } = options
    const tip: EventStore.EventStoreShape["tip"] = dialect.tip !== true || readCommitted === undefined
      ? undefined
      : Effect.sync(() => {
        const row = readCommitted(tipText)
        if (row === undefined) return undefined
        return row.length === 0
          ? { position: 0, eventId: "", hash: "" }
          : { position: Number(row[0]), eventId: String(row[1]), hash: String(row[2]) }
      })

    const feedFilter = dialect.feedFilter === undefined ? sql.literal("") : dialect.feedFilter(sql)

    // With a `types` hint the query returns only rows of those types, plus the last row it can
    // see (found in the same statement, so from the same snapshot: with the feed filter, no row
    // below it can still appear). Other rows are skipped inside the database, never parsed.
    const page = (after: number, batchSize: number, types: ReadonlyArray<string> | undefined) =>
      types === undefined
        ? sql`SELECT ${columns} FROM ${events} WHERE position > ${after} ${feedFilter} ORDER BY position LIMIT ${batchSize}`
        : sql`SELECT ${columns} FROM ${events} WHERE position > ${after} ${feedFilter} AND (${
          types.length === 0 ? sql.literal("1 = 0") : sql.in("type", types)
        } OR position = (SELECT position FROM ${events} WHERE position > ${after} ${feedFilter} ORDER BY position DESC LIMIT 1)) ORDER BY position LIMIT ${batchSize}`

    const readAll: EventStore.EventStoreShape["readAll"] = (fromPosition = 0, readOptions) => {
      const batchSize = Math.max(1, Math.floor(readOptions?.batchSize ?? 500))
      const types = readOptions?.types === undefined ? undefined : [...new Set(readOptions.types)].sort()
      return Stream.paginate(Math.max(0, fromPosition), (after: number) =>
        page(after, batchSize, types).values
          .pipe(
            Effect.mapError((error) => new EventStore.EventStoreError({ reason: classify(error) })),
            Effect.flatMap(decodeRows),
            Effect.map((page) => {
              const last = page.at(-1)
              return [page, page.length === batchSize && last !== undefined ? Option.some(last.position) : Option.none()] as const
            })
          ))
    }

    const settled = sql.literal(dialect.settled === undefined ? "" : `, ${dialect.settled} AS settled`)
    const verify: EventStore.EventStoreShape["verify"] = (verifyOptions) =>
      Effect.gen(function*() {
        const verifier = ChainVerifier.make({ digest, since: verifyOptions?.since })
        let after = 0
        for (;;) {
          const rows = yield* sql`SELECT ${columns}${settled} FROM ${events} WHERE position > ${after} ORDER BY position LIMIT 1000`.values
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
            const problem = verifier.check(event, dialect.settled === undefined || row[10] === true || row[10] === 1)
            if (problem !== undefined) return problem
            after = event.position
          }
          if (rows.length < 1000) break
        }
        const heads = yield* sql<{ readonly stream: string; readonly version: number | bigint; readonly hash: string }>`SELECT stream, version, hash FROM ${streams} ORDER BY stream`
        const result = verifier.result(heads.map((h) => ({ stream: h.stream, version: Number(h.version), hash: h.hash })))
        if (result.ok && dialect.guards !== undefined && !(yield* dialect.guards(sql, tables))) {
          return verifier.storeProblem("guard-missing")
        }
        return result
      }).pipe(
        (effect) =>
          dialect.beginSnapshot === undefined
            ? sql.withTransaction(effect)
            : Effect.provideService(sql.withTransaction(effect), SqlClient.BeginTransaction, dialect.beginSnapshot),
        Effect.mapError((error) => new EventStore.EventStoreError({ reason: classify(error) }))
      )

    return EventStore.EventStore.of({ append, appendMany, readStream, readAll, verify, ...(tip === undefined ? {} : { tip }) })
  })
