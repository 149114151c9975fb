/**
 * The embedded event store: the core `EventStore` port (AUD-1) on SQLite through
 * {@link SqliteClient}. The append, read, feed and verify logic is core's shared
 * `EventStoreSql`; this module adds SQLite's schema, migrations and dialect:
 *
 * - an append is one `BEGIN IMMEDIATE` transaction, so appends from every connection and
 *   process serialise on SQLite's write lock and a batch is all-or-nothing, crash included;
 * - positions are the events table's `INTEGER PRIMARY KEY`, assigned in commit order, so the
 *   global feed needs no visibility filter;
 * - triggers refuse `UPDATE` and `DELETE` on stored events: history is append-only, and the
 *   hash chain shows it if someone goes around the triggers.
 *
 * @module
 */
import { type EventHash, EventStore } from "@kitakami-juso/core"
import { EventStoreSql } from "@kitakami-juso/core/adapter"
import { Effect, Layer } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient } from "effect/sql"
import * as SqliteClient from "./SqliteClient.ts"

/** Where the store keeps its tables (the defaults of core's `EventStoreSql`). */
export const tables: EventStoreSql.Tables = EventStoreSql.defaultTables

/**
 * What the shared SQL implementation needs to know about SQLite. Appends hold the write lock
 * (`BEGIN IMMEDIATE`), so the next position is simply the largest one plus one and positions
 * become visible in order.
 */
export const dialect: EventStoreSql.Dialect = {
  beginAppend: "BEGIN IMMEDIATE",
  // A deferred read transaction: one WAL snapshot for the whole walk, without the write lock.
  beginSnapshot: "BEGIN DEFERRED",
  positions: (sql, tables) => ({
    // Returned by the statement that moves the stream head (the rightmost key of the table):
    // no statement of its own, and none at all before a new stream's head is created.
    headReturning: `, (SELECT max(position) FROM ${sql`${sql(tables.events)}`.compile()[0]}) AS last_position_all`,
    allocate: (_conn, _count, _state, head) => Effect.succeed(Number(head.last_position_all ?? 0) + 1)
  }),
  guards: (sql, tables) =>
    Effect.map(
      sql<{ readonly n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${tables.events} AND ${
        sql.in("name", appendOnlyTriggers)
      }`,
      (rows) => Number(rows[0]?.n ?? 0) === appendOnlyTriggers.length
    ),
  // Positions are taken one after another under the write lock, so the last one is the last
  // committed: the handler's kept states can skip their reads while the tip stays put.
  tip: true,
  // SQLITE_MAX_VARIABLE_NUMBER is 32766 since SQLite 3.32.
  maxParameters: 32766
}

/** The append-only triggers, by name (tests drop them to simulate tampering). */
export const appendOnlyTriggers: ReadonlyArray<string> = [
  `${tables.events}_no_update`,
  `${tables.events}_no_delete`
]

/** Create the append-only triggers (migration 2; tests put them back after tampering). */
export const createAppendOnlyTriggers: Effect.Effect<void, unknown, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TRIGGER ${sql(appendOnlyTriggers[0]!)} BEFORE UPDATE ON ${sql(tables.events)}
    BEGIN SELECT RAISE(ABORT, 'stored events are append-only'); END`
  yield* sql`CREATE TRIGGER ${sql(appendOnlyTriggers[1]!)} BEFORE DELETE ON ${sql(tables.events)}
    BEGIN SELECT RAISE(ABORT, 'stored events are append-only'); END`
})

/**
 * The store's schema migrations, applied in order by `effect/sql/Migrator` and recorded in
 * `event_store_migrations`; each runs once, so opening a database again is safe.
 */
export const migrations: Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>> = {
  "1_create_tables": Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE ${sql(tables.events)} (
      position INTEGER PRIMARY KEY,
      stream TEXT NOT NULL,
      version INTEGER NOT NULL CHECK (version >= 1),
      event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      metadata TEXT,
      recorded_at TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (stream, version)
    ) STRICT`
    yield* sql`CREATE TABLE ${sql(tables.streams)} (
      stream TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      hash TEXT NOT NULL
    ) STRICT, WITHOUT ROWID`
    yield* sql`CREATE TABLE ${sql(tables.idempotency)} (
      idempotency_key TEXT PRIMARY KEY,
      stream TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      next_expected_version INTEGER NOT NULL,
      first_position INTEGER NOT NULL,
      last_position INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID`
  }),
  "2_append_only": createAppendOnlyTriggers
}

/** Store options beside the connection's. */
export interface StoreOptions {
  /**
   * The chain key (AUD-1), held outside the database. Omitted: `JUSO_CHAIN_KEY` from the
   * environment; `null`: unkeyed on purpose. Without a key the store logs a warning.
   */
  readonly chainKey?: EventHash.ChainKey | null | undefined
  /**
   * The database is opened read-only (an evidence copy to verify): no migrations run, and
   * appends fail. Set from the client's `readonly` by the layers.
   */
  readonly readonly?: boolean | undefined
}

/**
 * Run the migrations (unless read-only), then build the store on the `SqlClient` in context. Any SQLite
 * `SqlClient` works; appends begin with `BEGIN IMMEDIATE` whatever the client's default.
 */
export const makeWith = (
  options?: StoreOptions
): Effect.Effect<EventStore.EventStoreShape, EventStore.EventStoreError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    if (options?.readonly !== true) yield* EventStoreSql.migrate(migrations, { dialect, tables })
    // On this package's client the tip is read straight from the connection (`readCommitted`).
    const sql = yield* SqlClient.SqlClient
    const readCommitted = SqliteClient.TypeId in sql ? (sql as SqliteClient.SqliteClient).readCommitted : undefined
    return yield* EventStoreSql.make({ dialect, tables, chainKey: options?.chainKey, readCommitted })
  })

/** {@link makeWith} with the chain key from `JUSO_CHAIN_KEY`. */
export const make: Effect.Effect<EventStore.EventStoreShape, EventStore.EventStoreError, SqlClient.SqlClient> = makeWith()

/** The store on a {@link SqliteClient.SqliteClient} provided from outside (migrations run on build). */
export const layerFromClientWith = (
  options?: StoreOptions
): Layer.Layer<EventStore.EventStore, EventStore.EventStoreError, SqliteClient.SqliteClient> =>
  Layer.effect(
    EventStore.EventStore,
    Effect.flatMap(Effect.service(SqliteClient.SqliteClient), (client) =>
      Effect.provideService(
        makeWith({ ...options, readonly: options?.readonly ?? client.config.readonly }),
        SqlClient.SqlClient,
        client
      ))
  )

/** {@link layerFromClientWith} with the chain key from `JUSO_CHAIN_KEY`. */
export const layerFromClient: Layer.Layer<EventStore.EventStore, EventStore.EventStoreError, SqliteClient.SqliteClient> =
  layerFromClientWith()

/**
 * The store on its own SQLite connection: `layer({ filename: "juso.sqlite" })` (or
 * `":memory:"`; `readonly: true` to verify an evidence copy without writing to it). Provides the store and the {@link SqliteClient.SqliteClient} it runs on (not
 * the generic `SqlClient` key, so it cannot shadow an application's own database).
 */
export const layer = (
  config: SqliteClient.SqliteClientConfig & StoreOptions
): Layer.Layer<EventStore.EventStore | SqliteClient.SqliteClient, EventStore.EventStoreError> => {
  const { chainKey, ...client } = config
  return layerFromClientWith({ chainKey }).pipe(
    Layer.provideMerge(
      Layer.effect(SqliteClient.SqliteClient, Effect.mapError(SqliteClient.make(client), EventStoreSql.classifyStartup)).pipe(
        Layer.provide(Reactivity.layer)
      )
    )
  )
}
