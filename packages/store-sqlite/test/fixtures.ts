// A temporary SQLite file per store location, deleted with its directory afterwards.
import { SqliteClient, SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { EventStoreConformance, SqlBackdoor } from "@kitakami-juso/testkit"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chainKey } from "./chain-key.ts"

export { chainKey }

export const tempFile: Effect.Effect<string, never, import("effect").Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "juso-sqlite-"))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  ),
  (dir) => join(dir, "events.sqlite")
)

export const durable: EventStoreConformance.Durable<string, SqliteClient.SqliteClient> = {
  location: tempFile,
  open: (filename) => SqliteEventStore.layer({ filename, chainKey })
}

const dropTriggers = (sql: SqlClient.SqlClient) =>
  Effect.forEach(SqliteEventStore.appendOnlyTriggers, (name) => sql`DROP TRIGGER IF EXISTS ${sql(name)}`)

/** Reads and tampers with the events table; drops the append-only triggers first and puts them back after. */
export const raw = SqlBackdoor.make({
  client: Effect.service(SqliteClient.SqliteClient),
  unlock: dropTriggers,
  relock: (sql) => Effect.provideService(SqliteEventStore.createAppendOnlyTriggers, SqlClient.SqlClient, sql),
  dropGuards: dropTriggers
})
