/**
 * Read models on PostgreSQL: core's `ReadModelStore` port (AUD-1, read side) in the same schema
 * as the events, in their own tables (`read_model_docs`, `read_model_checkpoints`,
 * `read_model_leases`, migrations in `read_model_migrations`). The SQL is core's shared
 * `ReadModelSql`; this module adds PostgreSQL's dialect:
 *
 * - a commit is one READ COMMITTED transaction whose checkpoint move is
 *   `UPDATE … WHERE position = from`: a second runner's update waits on the row lock, then finds
 *   the checkpoint moved and rolls back, so two runners never both apply a batch; the lease row
 *   keeps the second one from starting at all;
 * - filters read the JSON document as `jsonb`, so a field holding an array matches on any element;
 * - keys are ordered and paged `COLLATE "C"` (code-point order, whatever the database's locale),
 *   on an index of that order (`read_model_docs_key_c`).
 *
 * @module
 */
import { PgClient } from "@effect/sql-pg"
import { type EventStore, ReadModelStore } from "@kitakami-juso/core"
import { ReadModelSql } from "@kitakami-juso/core/adapter"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as PgEventStore from "./PgEventStore.ts"

/** PostgreSQL's dialect of the shared read-model SQL. */
export const dialect: ReadModelSql.Dialect = {
  fieldIn: (sql, field, values) =>
    sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(doc::jsonb -> ${field}::text) = 'array'
      THEN doc::jsonb -> ${field}::text ELSE jsonb_build_array(doc::jsonb -> ${field}::text) END) AS v(x)
      WHERE v.x IN ${sql.in(values.map(String))})`,
  keyOrder: (sql) => sql`key COLLATE "C"`
}

/** The read models' tables in `schema`. */
export const tables = (schema = "public"): ReadModelSql.Tables => ReadModelSql.tablesIn(schema)

/** The read-model migrations (recorded in `<schema>.read_model_migrations`; each runs once). */
export const migrations = (schema = "public"): Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>> => ({
  "1_create_tables": ReadModelSql.createTables(tables(schema)),
  // Keyset paging reads keys in code-point order whatever the database's locale: index that order.
  "2_docs_key_order": Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE INDEX IF NOT EXISTS read_model_docs_key_c ON ${sql(tables(schema).docs)} (projection, key COLLATE "C")`
  })
})

/** Run the migrations (the schema exists: the event store creates it), then build the store. */
export const make = (options?: PgEventStore.Options): Effect.Effect<ReadModelStore.ReadModelStoreShape, ReadModelStore.ReadModelError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const schema = options?.schema ?? "public"
    yield* ReadModelSql.migrate(migrations(schema), { dialect, tables: tables(schema) })
    return yield* ReadModelSql.make({ dialect, tables: tables(schema) })
  })

/** The read-model store on a `PgClient` provided from outside. */
export const layerFromClient = (
  options?: PgEventStore.Options
): Layer.Layer<ReadModelStore.ReadModelStore, ReadModelStore.ReadModelError, PgClient.PgClient> =>
  Layer.effect(
    ReadModelStore.ReadModelStore,
    Effect.flatMap(Effect.service(PgClient.PgClient), (client) => Effect.provideService(make(options), SqlClient.SqlClient, client))
  )

/** The event store and the read models on one pool, in one schema: what the runner and `ReadSide` need. */
export const layer = (
  config: PgEventStore.Config
): Layer.Layer<
  EventStore.EventStore | ReadModelStore.ReadModelStore | PgClient.PgClient,
  EventStore.EventStoreError | ReadModelStore.ReadModelError
> => Layer.provideMerge(layerFromClient({ schema: config.schema }), PgEventStore.layer(config))
