/**
 * The core `EventStore` port (AUD-1) on PostgreSQL through `@effect/sql-pg`. The append, read,
 * feed and verify logic is core's shared `EventStoreSql`; this module adds PostgreSQL's
 * schema, migrations and dialect.
 *
 * **The global feed never skips.** Positions taken from a sequence are handed out before
 * commit, so a reader polling "position > last" can pass a slower transaction's lower
 * positions before they commit, and never see them. Here every row also stores the writing
 * transaction's id (`transaction_id xid8 DEFAULT pg_current_xact_id()`), a position is that
 * id times {@link POSITIONS_PER_TRANSACTION} plus the event's index in the transaction, and
 * readers only see rows with `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`, i.e.
 * below the oldest transaction still running. Every row a reader has not seen yet belongs to a
 * transaction at or above that bound, so it has a higher position than every row the reader
 * has seen: nothing committed late is skipped. (With sequence positions the xmin filter alone
 * is not enough: a transaction can take its id before another and its positions after.)
 * The cost: a long-running transaction anywhere in the cluster holds the feed back until it
 * ends — it delays readers, it never loses events.
 *
 * An append is one round trip: a stored function ({@link PgAppend}) at READ COMMITTED.
 * Concurrent writers to one stream meet on the stream's head row (a conditional `UPDATE`
 * takes its lock): the loser finds the head moved and the append is decided again. `appendMany` is core's shared path. Triggers refuse `UPDATE`, `DELETE` and `TRUNCATE` on stored
 * events.
 *
 * @module
 */
import { PgClient } from "@effect/sql-pg"
import { type EventHash, EventStore } from "@kitakami-juso/core"
import { EventStoreSql } from "@kitakami-juso/core/adapter"
import { Effect, Layer, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient } from "effect/sql"
import * as PgAppend from "./PgAppend.ts"

/** How many events one transaction can append: positions are `transaction id × this + index`. */
export const POSITIONS_PER_TRANSACTION = 1024

/** Connection settings (those of `@effect/sql-pg`'s pool) plus where the tables live. */
export interface Config extends Omit<PgClient.PgPoolConfig, "url"> {
  /** `postgres://user@host:5432/db`; a plain string is wrapped in `Redacted`. */
  readonly url?: string | Redacted.Redacted | undefined
  /** The schema holding the store's tables (default `public`); created when missing. */
  readonly schema?: string | undefined
  /** See {@link Options.chainKey}. */
  readonly chainKey?: EventHash.ChainKey | null | undefined
}

/** Options of the store over a client provided from outside. */
export interface Options {
  /** The schema holding the store's tables (default `public`). */
  readonly schema?: string | undefined
  /**
   * The chain key (AUD-1), held outside the database. Omitted: `JUSO_CHAIN_KEY` from the
   * environment; `null`: unkeyed on purpose. Without a key the store logs a warning.
   */
  readonly chainKey?: EventHash.ChainKey | null | undefined
}

/** The store's tables in `schema`. */
export const tables = (schema = "public"): EventStoreSql.Tables => EventStoreSql.tablesIn(schema)

/** The append-only triggers' function, by name (tests disable the triggers to tamper). */
export const appendOnlyFunction = (schema = "public") => `${schema}.event_store_append_only`

/** What the shared SQL implementation needs to know about PostgreSQL. */
export const dialect: EventStoreSql.Dialect = {
  // No `tip`: positions come from transaction ids and a sequence and commit out of order, so a
  // lower position can become visible after a higher one; an unchanged last position does not
  // show that nothing was written (the handler's kept states read every stream on every use).
  // verify walks one consistent snapshot.
  beginSnapshot: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
  feedFilter: (sql) => sql`AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
  settled: "transaction_id < pg_snapshot_xmin(pg_current_snapshot())",
  // Both append-only triggers present and enabled (AUD-1).
  guards: (sql, names) =>
    Effect.map(
      sql<{ readonly n: number | string }>`SELECT count(*) AS n FROM pg_trigger WHERE tgrelid = to_regclass(${names.events}) AND NOT tgisinternal AND tgenabled <> 'D' AND tgname IN ('event_store_events_no_change', 'event_store_events_no_truncate')`,
      (rows) => Number(rows[0]?.n ?? 0) === 2
    ),
  positions: (sql, names) => {
    // Inside a caller's transaction earlier appends may have used some of its positions.
    const [used] = sql`SELECT count(*) AS used FROM ${sql(names.events)} WHERE position >= ${0} AND position < ${0}`.compile()
    return {
      // The statement that moves the stream head also says which transaction this is.
      headReturning: ", pg_current_xact_id()::text AS xid",
      allocate: (conn, count, _state, head, joined) => {
        const base = Number(head.xid) * POSITIONS_PER_TRANSACTION
        if (!joined) return Effect.succeed(base)
        return Effect.flatMap(conn.execute(used, [base, base + POSITIONS_PER_TRANSACTION], undefined), (rows) => {
          const taken = Number(rows[0]!.used)
          return taken + count > POSITIONS_PER_TRANSACTION
            ? EventStore.fail(
              new EventStore.InvalidEvent({ message: `one transaction can append at most ${POSITIONS_PER_TRANSACTION} events` })
            )
            : Effect.succeed(base + taken)
        })
      }
    }
  },
  // The protocol's limit on bound parameters.
  maxParameters: 65535
}

/**
 * The store's schema migrations, applied in order by `effect/sql/Migrator` and recorded in
 * `<schema>.event_store_migrations`; each runs once, so starting again is safe, and concurrent
 * starts serialise on the migrations table's lock.
 */
export const migrations = (schema = "public"): Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>> => {
  const names = tables(schema)
  return {
    "1_create_tables": Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE ${sql(names.events)} (
        position bigint PRIMARY KEY,
        stream text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        event_id text NOT NULL CONSTRAINT event_store_events_event_id_key UNIQUE,
        type text NOT NULL,
        payload text NOT NULL,
        metadata text,
        recorded_at text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT event_store_events_stream_version_key UNIQUE (stream, version)
      )`
      yield* sql`CREATE TABLE ${sql(names.streams)} (
        stream text PRIMARY KEY,
        version integer NOT NULL,
        hash text NOT NULL
      )`
      yield* sql`CREATE TABLE ${sql(names.idempotency)} (
        idempotency_key text PRIMARY KEY,
        stream text NOT NULL,
        request_hash text NOT NULL,
        next_expected_version integer NOT NULL,
        first_position bigint NOT NULL,
        last_position bigint NOT NULL
      )`
    }),
    "2_append_only": Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const fn = sql(appendOnlyFunction(schema))
      yield* sql`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'stored events are append-only' USING ERRCODE = 'restrict_violation'; END $$`
      yield* sql`CREATE TRIGGER event_store_events_no_change BEFORE UPDATE OR DELETE ON ${sql(names.events)}
        FOR EACH ROW EXECUTE FUNCTION ${fn}()`
      yield* sql`CREATE TRIGGER event_store_events_no_truncate BEFORE TRUNCATE ON ${sql(names.events)}
        FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`
    }),
    // The one-round-trip append (its own module; read-model migrations go beside, as their own entries).
    "3_append_function": PgAppend.migration(schema, names, POSITIONS_PER_TRANSACTION),
    // The same function with a conditional head update and no position count for a fresh transaction.
    "4_append_function_conditional": PgAppend.conditionalMigration(schema, names, POSITIONS_PER_TRANSACTION),
    // The same function taking one event's fields instead of arrays (a command's usual append).
    "5_append_one_function": PgAppend.conditionalMigration(schema, names, POSITIONS_PER_TRANSACTION, "one")
  }
}

/** Create the schema (when missing), run the migrations, then build the store. */
export const make = (options?: Options): Effect.Effect<EventStore.EventStoreShape, EventStore.EventStoreError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const schema = options?.schema ?? "public"
    const sql = yield* SqlClient.SqlClient
    // Two processes creating the same schema at once can collide in the catalog: fine if it exists after.
    yield* sql`CREATE SCHEMA IF NOT EXISTS ${sql(schema)}`.pipe(
      Effect.catchTag("SqlError", (error) =>
        Effect.flatMap(
          sql`SELECT 1 FROM pg_namespace WHERE nspname = ${schema}`,
          (rows) => rows.length > 0 ? Effect.void : Effect.fail(error)
        )),
      Effect.mapError(EventStoreSql.classifyStartup)
    )
    const names = tables(schema)
    yield* EventStoreSql.migrate(migrations(schema), { dialect, tables: names })
    return yield* EventStoreSql.make({ dialect: { ...dialect, append: PgAppend.make(schema) }, tables: names, chainKey: options?.chainKey })
  })

/** The store on a `PgClient` provided from outside (migrations run on build). */
export const layerFromClient = (options?: Options): Layer.Layer<EventStore.EventStore, EventStore.EventStoreError, PgClient.PgClient> =>
  Layer.effect(
    EventStore.EventStore,
    Effect.flatMap(Effect.service(PgClient.PgClient), (client) => Effect.provideService(make(options), SqlClient.SqlClient, client))
  )

/**
 * The store with its own connection pool: `layer({ url: "postgres://…" })`, or any
 * `@effect/sql-pg` pool settings, plus `schema`. Provides the store and the `PgClient` it runs
 * on (not the generic `SqlClient` key, so it cannot shadow an application's own database).
 */
export const layer = (config: Config): Layer.Layer<EventStore.EventStore | PgClient.PgClient, EventStore.EventStoreError> => {
  const { chainKey, schema, url, ...pool } = config
  const client = PgClient.make({
    ...pool,
    ...(url === undefined ? {} : { url: typeof url === "string" ? Redacted.make(url) : url })
  })
  return layerFromClient({ schema, chainKey }).pipe(
    Layer.provideMerge(
      Layer.effect(PgClient.PgClient, Effect.mapError(client, EventStoreSql.classifyStartup)).pipe(
        Layer.provide(Reactivity.layer)
      )
    )
  )
}
