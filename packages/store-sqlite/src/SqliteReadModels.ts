/**
 * Read models on SQLite: core's `ReadModelStore` port (AUD-1, read side) in the same database
 * file as the events, in their own tables (`read_model_docs`, `read_model_checkpoints`,
 * `read_model_leases`, migrations in `read_model_migrations`). The SQL is core's shared
 * `ReadModelSql`; this module adds SQLite's dialect:
 *
 * - a commit is one `BEGIN IMMEDIATE` transaction: the document changes and the checkpoint move
 *   together, and SQLite's single writer lock serialises runners across connections and processes;
 * - filters read the JSON document with `json_each`, so a field holding an array matches on any
 *   element.
 *
 * @module
 */
import { EventStore, ReadModelStore } from "@kitakami-juso/core"
import { ReadModelSql } from "@kitakami-juso/core/adapter"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as SqliteClient from "./SqliteClient.ts"
import * as SqliteEventStore from "./SqliteEventStore.ts"

/** SQLite's dialect of the shared read-model SQL. */
export const dialect: ReadModelSql.Dialect = {
  beginWrite: "BEGIN IMMEDIATE",
  fieldIn: (sql, field, values) => sql`EXISTS (SELECT 1 FROM json_each(doc, ${`$.${field}`}) WHERE ${sql.in("value", values)})`,
  keyOrder: (sql) => sql`key`
}

/** The read-model migrations (recorded in `read_model_migrations`; each runs once). */
export const migrations: Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>> = {
  "1_create_tables": ReadModelSql.createTables()
}

/** Run the migrations, then build the read-model store on the `SqlClient` in context. */
export const make: Effect.Effect<ReadModelStore.ReadModelStoreShape, ReadModelStore.ReadModelError, SqlClient.SqlClient> = Effect.gen(
  function*() {
    yield* ReadModelSql.migrate(migrations, { dialect })
    return yield* ReadModelSql.make({ dialect })
  }
)

/** The read-model store on a {@link SqliteClient.SqliteClient} provided from outside. */
export const layerFromClient: Layer.Layer<ReadModelStore.ReadModelStore, ReadModelStore.ReadModelError, SqliteClient.SqliteClient> =
  Layer.effect(
    ReadModelStore.ReadModelStore,
    Effect.flatMap(Effect.service(SqliteClient.SqliteClient), (client) => Effect.provideService(make, SqlClient.SqlClient, client))
  )

/**
 * The event store and the read models on one SQLite connection (`layer({ filename: "juso.sqlite" })`):
 * what the projection runner and the `ReadSide` queries need.
 */
export const layer = (
  config: SqliteClient.SqliteClientConfig
): Layer.Layer<
  EventStore.EventStore | ReadModelStore.ReadModelStore | SqliteClient.SqliteClient,
  EventStore.EventStoreError | ReadModelStore.ReadModelError
> => Layer.provideMerge(layerFromClient, SqliteEventStore.layer(config))
