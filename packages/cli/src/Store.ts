/**
 * Which event store the CLI uses: SQLite (the embedded default, `--db <file>`) or PostgreSQL
 * (`--pg <url>`, or the `JUSO_PG_URL` environment variable with `--pg` alone; `--pg-schema` picks
 * the schema holding the tables, default `public`).
 *
 * @module
 */
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import type { EventStore } from "@kitakami-juso/core"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Effect, Layer } from "effect"

/** Where the history lives. */
export type Location =
  | { readonly _tag: "Sqlite"; readonly filename: string }
  | { readonly _tag: "Postgres"; readonly url: string; readonly schema?: string | undefined }

/** The default SQLite file, relative to the working directory. */
export const DEFAULT_DB = ".juso/juso.sqlite"

/** A human-readable name for messages (a PostgreSQL URL loses its password). */
export const describe = (location: Location): string => {
  if (location._tag === "Sqlite") return `SQLite ${location.filename}`
  try {
    const u = new URL(location.url)
    if (u.password) u.password = "***"
    return `PostgreSQL ${u.toString()}`
  } catch {
    return "PostgreSQL"
  }
}

/** The store layer for a location; the SQLite file's folder is created when missing. */
export const layer = (location: Location): Layer.Layer<EventStore.EventStore, EventStore.EventStoreError> => {
  if (location._tag === "Postgres") {
    // Loaded only when asked for, so SQLite runs never load the PostgreSQL driver.
    return Layer.unwrap(
      Effect.map(Effect.promise(() => import("@kitakami-juso/store-postgres")), (pg) => pg.PgEventStore.layer({ url: location.url, schema: location.schema }))
    )
  }
  if (location.filename !== ":memory:") mkdirSync(dirname(location.filename), { recursive: true })
  return Layer.fresh(SqliteEventStore.layer({ filename: location.filename }))
}
