// PostgreSQL test fixtures: every store location is a fresh schema, dropped afterwards, so
// concurrent and repeated runs never meet. The tests run when JUSO_PG_URL is set (CI always
// sets it); locally without it they are skipped with a message, in CI its absence fails.
import { describe, it } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import { PgEventStore } from "@kitakami-juso/store-postgres"
import { EventStoreConformance, SqlBackdoor } from "@kitakami-juso/testkit"
import { Context, Effect, Layer, Redacted, type Scope } from "effect"
import { randomUUID } from "node:crypto"
import { chainKey } from "./chain-key.ts"

export { chainKey }

export const url = process.env.JUSO_PG_URL

if (url === undefined && process.env.CI !== undefined) {
  throw new Error("JUSO_PG_URL is not set: CI must run the PostgreSQL tests (./.ci/run sets it)")
}

/** Register `body` when PostgreSQL is configured; otherwise one skipped test saying why. */
export const withPostgres = (name: string, body: (url: string) => void): void => {
  if (url === undefined) {
    describe(name, () => {
      it.skip("skipped: JUSO_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test); CI always sets it", () => {})
    })
  } else {
    body(url)
  }
}

/** A client for set-up and clean-up, open for the scope. */
export const admin = (pgUrl: string): Effect.Effect<PgClient.PgClient, unknown, Scope.Scope> =>
  Effect.map(Layer.build(PgClient.layer({ url: Redacted.make(pgUrl), maxConnections: 2 })), Context.get(PgClient.PgClient))

/** A fresh schema name, dropped with everything in it when the scope closes. */
export const schema = (pgUrl: string): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => `juso_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`),
    (name) => Effect.scoped(Effect.flatMap(admin(pgUrl), (sql) => sql`DROP SCHEMA IF EXISTS ${sql(name)} CASCADE`)).pipe(Effect.ignore)
  )

/** Which schema the store under test uses (test-only service, read by the raw backdoor). */
export class TestSchema extends Context.Service<TestSchema, string>()("store-postgres/test/TestSchema") {}

export const durable = (pgUrl: string): EventStoreConformance.Durable<string, PgClient.PgClient | TestSchema> => ({
  location: schema(pgUrl),
  open: (name) =>
    Layer.merge(PgEventStore.layer({ url: pgUrl, schema: name, maxConnections: 5, chainKey }), Layer.succeed(TestSchema, name))
})

/** Reads and tampers with the events table; switches its append-only triggers off first and on again after. */
export const raw = SqlBackdoor.make({
  client: Effect.service(PgClient.PgClient),
  tables: Effect.map(Effect.service(TestSchema), PgEventStore.tables),
  unlock: (sql, tables) => sql`ALTER TABLE ${sql(tables.events)} DISABLE TRIGGER USER`,
  relock: (sql, tables) => sql`ALTER TABLE ${sql(tables.events)} ENABLE TRIGGER USER`,
  dropGuards: (sql, tables) =>
    Effect.andThen(
      sql`DROP TRIGGER event_store_events_no_change ON ${sql(tables.events)}`,
      sql`DROP TRIGGER event_store_events_no_truncate ON ${sql(tables.events)}`
    )
})

/** Run `append` in a transaction held open until `release` completes. */
export const slowWriter = <A, E, R>(append: Effect.Effect<A, E, R>, release: Effect.Effect<void>) =>
  Effect.flatMap(Effect.service(PgClient.PgClient), (sql) => sql.withTransaction(Effect.tap(append, () => release)))
