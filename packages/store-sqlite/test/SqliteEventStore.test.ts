import { assert, describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { EventStoreSql } from "@kitakami-juso/core/adapter"
import { SqliteClient, SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Context, Effect, Layer } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient } from "effect/sql"
import { tempFile } from "./fixtures.ts"

const open = (filename: string) =>
  Effect.map(Layer.build(Layer.fresh(SqliteEventStore.layer({ filename }))), (context) => ({
    store: Context.get(context, EventStore.EventStore),
    sql: Context.get(context, SqliteClient.SqliteClient)
  }))

const ev = (eventId: string) => ({ eventId, type: "Recorded", payload: { n: 1 } })

describe("SqliteEventStore", () => {
  it.live("the tip: the last event committed, read through the client (any SQLite SqlClient) or straight from the connection; none inside a transaction", () =>
    Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(SqliteEventStore.layer({ filename: yield* tempFile, chainKey: null }))
      const client = yield* Effect.provide(Effect.service(SqliteClient.SqliteClient), context)
      const direct = yield* Effect.provide(Effect.service(EventStore.EventStore), context)
      const generic = yield* Effect.provideService(SqliteEventStore.makeWith({ chainKey: null }), SqlClient.SqlClient, client)
      for (const store of [direct, generic]) expect(yield* store.tip!).toEqual({ position: 0, eventId: "", hash: "" })
      yield* direct.append("s-1", "no_stream", [ev("t-1"), ev("t-2")])
      const last = (yield* direct.readStream("s-1")).at(-1)!
      for (const store of [direct, generic]) {
        expect(yield* store.tip!).toEqual({ position: last.position, eventId: "t-2", hash: last.hash })
        // Inside a transaction (which may still roll back) the tip is not known; rolled back, it is where it was.
        let inside: EventStore.Tip | undefined | "not read" = "not read"
        yield* Effect.exit(client.withTransaction(Effect.gen(function*() {
          yield* direct.append("s-2", "no_stream", [ev("in-transaction")])
          inside = yield* store.tip!
          return yield* Effect.fail("roll back")
        })))
        expect(inside).toBeUndefined()
        expect(yield* store.tip!).toEqual({ position: last.position, eventId: "t-2", hash: last.hash })
      }
      expect(client.readCommitted("SELECT 1")).toEqual([1])
    })))

  it.live("migrations are versioned, run on start and are safe to run again (and concurrently)", () =>
    Effect.scoped(Effect.gen(function*() {
      const filename = yield* tempFile
      const [first, second] = yield* Effect.all([open(filename), open(filename)], { concurrency: 2 })
      const third = yield* open(filename)
      const applied = yield* third.sql`SELECT migration_id, name FROM ${third.sql(EventStoreSql.defaultTables.migrations)} ORDER BY migration_id`
      expect(applied).toEqual([{ migration_id: 1, name: "create_tables" }, { migration_id: 2, name: "append_only" }])
      yield* first.store.append("case-1", "no_stream", [ev("e1")])
      yield* second.store.append("case-1", 1, [ev("e2")])
      expect((yield* third.store.readStream("case-1")).map((e) => e.eventId)).toEqual(["e1", "e2"])
    })))

  it.live("AUD-1: stored events are append-only: UPDATE and DELETE are refused by the database", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sql, store } = yield* open(yield* tempFile)
      yield* store.append("case-1", "no_stream", [ev("e1")])
      const events = sql(EventStoreSql.defaultTables.events)
      for (const statement of [sql`UPDATE ${events} SET type = 'Forged'`, sql`DELETE FROM ${events}`]) {
        const error = yield* Effect.flip(statement)
        expect(String(error.reason.cause)).toContain("append-only")
      }
      expect((yield* store.readStream("case-1"))[0]!.type).toBe("Recorded")
    })))

  it.live("AUD-1: a history written by one connection verifies from another, and survives reopening", () =>
    Effect.scoped(Effect.gen(function*() {
      const filename = yield* tempFile
      yield* Effect.scoped(Effect.gen(function*() {
        const { store } = yield* open(filename)
        yield* store.append("case-1", "no_stream", [ev("e1"), ev("e2")])
      }))
      const { store } = yield* open(filename)
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 2 })
      expect((yield* store.append("case-1", 2, [ev("e3")])).nextExpectedVersion).toBe(3)
    })))

  it.live("a client that begins DEFERRED still appends under BEGIN IMMEDIATE", () =>
    Effect.scoped(Effect.gen(function*() {
      const filename = yield* tempFile
      const layer = SqliteEventStore.layerFromClient.pipe(
        Layer.provideMerge(Layer.effect(SqliteClient.SqliteClient, SqliteClient.make({ filename, transactionMode: "DEFERRED" }))),
        Layer.provide(Reactivity.layer)
      )
      const store = Context.get(yield* Layer.build(layer), EventStore.EventStore)
      const other = (yield* open(filename)).store
      const results = yield* Effect.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : other).append(`case-${i % 3}`, "any", [ev(`e${i}`)])),
        { concurrency: "unbounded" }
      )
      expect(results.length).toBe(10)
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 10 })
    })))

  it.live("an unreadable stored payload is a Corrupt error on read and 'unreadable' in verify", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sql, store } = yield* open(yield* tempFile)
      yield* store.append("case-1", "no_stream", [ev("e1")])
      for (const trigger of SqliteEventStore.appendOnlyTriggers) yield* sql`DROP TRIGGER ${sql(trigger)}`
      yield* sql`UPDATE ${sql(EventStoreSql.defaultTables.events)} SET payload = ${"{not json"}`
      const error = yield* Effect.flip(store.readStream("case-1"))
      expect(error.reason._tag).toBe("Corrupt")
      const verified = yield* store.verify()
      assert(!verified.ok)
      expect(verified.problem).toBe("unreadable")
    })))
})
