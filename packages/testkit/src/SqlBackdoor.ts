/**
 * A {@link RawEvent.RawAccess} for stores that use core's `EventStoreSql` table layout
 * (the SQLite and PostgreSQL adapters, or a vendor's own SQL adapter): it reads and tampers
 * with the events table through an `effect/sql` client.
 *
 * @module
 */
import { EventStoreSql } from "@kitakami-juso/core/adapter"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql"
import type * as RawEvent from "./RawEvent.ts"

/** Options of {@link make}. */
export interface Options<R, T = never> {
  /** The client the store writes with (e.g. `Effect.service(SqliteClient.SqliteClient)`). */
  readonly client: Effect.Effect<SqlClient.SqlClient, never, R>
  /** The store's tables (default: core's default names); an effect when they vary per store. */
  readonly tables?: EventStoreSql.Tables | Effect.Effect<EventStoreSql.Tables, never, T> | undefined
  /**
   * Switch off whatever makes the table append-only before a tamper write (SQLite: drop the
   * triggers; PostgreSQL: `ALTER TABLE … DISABLE TRIGGER USER`).
   */
  readonly unlock?: ((sql: SqlClient.SqlClient, tables: EventStoreSql.Tables) => Effect.Effect<void, unknown>) | undefined
  /** Switch the guards `unlock` switched off back on after a tamper write (so `verify` sees them). */
  readonly relock?: ((sql: SqlClient.SqlClient, tables: EventStoreSql.Tables) => Effect.Effect<void, unknown>) | undefined
  /** Remove the store's guards for good (SQLite: `DROP TRIGGER`; PostgreSQL: `DROP TRIGGER`). */
  readonly dropGuards?: ((sql: SqlClient.SqlClient, tables: EventStoreSql.Tables) => Effect.Effect<void, unknown>) | undefined
}

const COLUMNS: Record<keyof RawEvent.RawPatch, string> = {
  stream: "stream",
  version: "version",
  eventId: "event_id",
  type: "type",
  payload: "payload",
  metadata: "metadata",
  recordedAt: "recorded_at",
  prevHash: "prev_hash",
  hash: "hash"
}

/** Raw access to an `EventStoreSql` events table. */
export const make = <R, T = never>(options: Options<R, T>): RawEvent.RawAccess<R | T> => {
  const tables: Effect.Effect<EventStoreSql.Tables, never, T> = options.tables === undefined
    ? Effect.succeed(EventStoreSql.defaultTables)
    : Effect.isEffect(options.tables)
    ? options.tables
    : Effect.succeed(options.tables)
  const unlock = (sql: SqlClient.SqlClient, names: EventStoreSql.Tables) =>
    options.unlock === undefined ? Effect.void : options.unlock(sql, names)
  const relock = (sql: SqlClient.SqlClient, names: EventStoreSql.Tables) =>
    options.relock === undefined ? Effect.void : options.relock(sql, names)
  // A write behind the store's back: guards off, the write, guards on again.
  const tamper = <A, E>(sql: SqlClient.SqlClient, names: EventStoreSql.Tables, write: Effect.Effect<A, E>) =>
    Effect.andThen(Effect.andThen(unlock(sql, names), write), relock(sql, names))
  const withClient = <A, E>(f: (sql: SqlClient.SqlClient, names: EventStoreSql.Tables) => Effect.Effect<A, E>) =>
    Effect.flatMap(Effect.all([options.client, tables]), ([sql, names]) => f(sql, names))
  return {
    read: withClient((sql, names) =>
      Effect.map(
        sql<EventStoreSql.EventRow>`SELECT position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash FROM ${
          sql(names.events)
        } ORDER BY position`,
        (rows) =>
          rows.map((row): RawEvent.RawEvent => ({
            position: Number(row.position),
            stream: row.stream,
            version: Number(row.version),
            eventId: row.event_id,
            type: row.type,
            payload: row.payload,
            metadata: row.metadata,
            recordedAt: row.recorded_at,
            prevHash: row.prev_hash,
            hash: row.hash
          }))
      )),
    update: (position, patch) =>
      withClient((sql, names) => {
        const set: Record<string, unknown> = {}
        for (const [key, column] of Object.entries(COLUMNS)) {
          const value = patch[key as keyof RawEvent.RawPatch]
          if (value !== undefined) set[column] = value
        }
        return tamper(sql, names, sql`UPDATE ${sql(names.events)} SET ${sql.update(set)} WHERE position = ${position}`)
      }),
    delete: (position) =>
      withClient((sql, names) =>
        tamper(sql, names, sql`DELETE FROM ${sql(names.events)} WHERE position = ${position}`)),
    insert: (row) =>
      withClient((sql, names) =>
        sql`INSERT INTO ${sql(names.events)} ${
          sql.insert({
            position: row.position,
            stream: row.stream,
            version: row.version,
            event_id: row.eventId,
            type: row.type,
            payload: row.payload,
            metadata: row.metadata,
            recorded_at: row.recordedAt,
            prev_hash: row.prevHash,
            hash: row.hash
          })
        }`),
    setHead: (stream, head) =>
      withClient((sql, names) =>
        Effect.andThen(
          sql`DELETE FROM ${sql(names.streams)} WHERE stream = ${stream}`,
          head === undefined
            ? Effect.void
            : sql`INSERT INTO ${sql(names.streams)} ${sql.insert({ stream, version: head.version, hash: head.hash })}`
        )),
    ...(options.dropGuards === undefined ? {} : {
      dropGuards: withClient((sql, names) => options.dropGuards!(sql, names))
    })
  }
}
