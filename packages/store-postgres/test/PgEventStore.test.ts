import { describe, expect, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import { PgClient } from "@effect/sql-pg"
import { EventStore } from "@kitakami-juso/core"
import { EventStoreSql } from "@kitakami-juso/core/adapter"
import { PgEventStore } from "@kitakami-juso/store-postgres"
import { Context, Deferred, Effect, Exit, Fiber, Layer, Redacted, Stream } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient } from "effect/sql"
import * as PgAppend from "../src/PgAppend.ts"
import { admin, schema, withPostgres } from "./fixtures.ts"

const ev = (eventId: string) => ({ eventId, type: "Recorded", payload: { n: 1 } })

describe("PgEventStore without a database", () => {
  it.live("a refused connection is a retryable ConnectionFailure, classified at the adapter boundary", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.scoped(Layer.build(PgEventStore.layer({ url: "postgres://postgres@127.0.0.1:1/test", connectTimeout: "2 seconds" })))
      )
      expect(EventStore.isEventStoreError(error)).toBe(true)
      expect((error as EventStore.EventStoreError).reason._tag).toBe("ConnectionFailure")
      expect((error as EventStore.EventStoreError).isRetryable).toBe(true)
    }))

  it("released migrations keep their text: the conditional append function's body (migrations 4 and 5) is as released", () => {
    // Stores that applied a migration never run it again: changing its text would leave them on
    // another function than new stores get. A change to the body is a new migration.
    const names = { fn: "\"s\".\"f\"", events: "\"s\".\"e\"", streams: "\"s\".\"h\"", idempotency: "\"s\".\"k\"" }
    const digest = (shape: PgAppend.Shape) => createHash("sha256").update(PgAppend.conditionalFunction(names, 1024, shape)).digest("hex")
    expect(digest("batch")).toBe("8fa91c522d6caf0cbe4d6ad074692d453133a547ba42ad5bc688127ac361630e")
    expect(digest("one")).toBe("647cdd83fe57f07ab97751ce2a5a7151146a89ddd6b739702343e345d613cfb7")
  })
})

withPostgres("PgEventStore", (url) => {
  const open = (name: string) =>
    Effect.map(Layer.build(Layer.fresh(PgEventStore.layer({ url, schema: name, maxConnections: 4 }))), (context) => ({
      store: Context.get(context, EventStore.EventStore),
      sql: Context.get(context, PgClient.PgClient)
    }))
  const streams = (feed: ReadonlyArray<EventStore.StoredEvent>) => feed.map((e) => e.stream)
  const feed = (store: EventStore.EventStoreShape, from = 0) => Stream.runCollect(store.readAll(from))
  // Poll until the feed holds `n` events: other transactions in the cluster may hold it back a moment.
  const feedOf = (store: EventStore.EventStoreShape, n: number, from = 0) =>
    Effect.gen(function*() {
      for (let i = 0; i < 500; i++) {
        const events = yield* feed(store, from)
        if (events.length >= n) return events
        yield* Effect.sleep("20 millis")
      }
      return yield* feed(store, from)
    })

  it.live("AUD-1: the feed stops below a long-open transaction, then delivers what committed meanwhile, nothing skipped", () =>
    Effect.scoped(Effect.gen(function*() {
      const { store } = yield* open(yield* schema(url))
      yield* store.append("before", "no_stream", [ev("e0")])
      expect(streams(yield* feedOf(store, 1))).toEqual(["before"])
      // A transaction elsewhere takes a transaction id and stays open.
      const started = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const other = yield* admin(url)
      const holder = yield* Effect.forkChild(other.withTransaction(
        Effect.andThen(other`SELECT pg_current_xact_id()::text AS xid`, Effect.andThen(Deferred.succeed(started, undefined), Deferred.await(release)))
      ))
      yield* Deferred.await(started)
      // Commits after it are held back from every reader…
      yield* store.append("during", "no_stream", [ev("e1"), ev("e2")])
      const meanwhile = yield* feed(store)
      expect(streams(meanwhile)).toEqual(["before"])
      // …but they are stored, and verify (which reads committed rows) sees them.
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 3 })
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(holder)
      const after = yield* feedOf(store, 2, meanwhile.at(-1)!.position)
      expect(streams(after)).toEqual(["during", "during"])
    })))

  it.live("a transaction that took its id later but wrote first is not skipped when it commits last (the sequence-position trap)", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sql, store } = yield* open(yield* schema(url))
      // T takes its transaction id first; U takes a later one and appends; T appends and
      // commits; a reader polls; U commits last. With positions from a sequence, U's rows
      // would sit below T's and a reader that moved past T would never see them.
      const tHasId = yield* Deferred.make<void>()
      const tGo = yield* Deferred.make<void>()
      const uAppended = yield* Deferred.make<void>()
      const uGo = yield* Deferred.make<void>()
      const t = yield* Effect.forkChild(sql.withTransaction(Effect.gen(function*() {
        yield* sql`SELECT pg_current_xact_id()::text AS xid`
        yield* Deferred.succeed(tHasId, undefined)
        yield* Deferred.await(tGo)
        return yield* store.append("t", "no_stream", [ev("t1")])
      })))
      yield* Deferred.await(tHasId)
      const u = yield* Effect.forkChild(sql.withTransaction(Effect.gen(function*() {
        const result = yield* store.append("u", "no_stream", [ev("u1")])
        yield* Deferred.succeed(uAppended, undefined)
        yield* Deferred.await(uGo)
        return result
      })))
      yield* Deferred.await(uAppended)
      yield* Deferred.succeed(tGo, undefined)
      const tResult = yield* Fiber.join(t)
      // The reader polls while U is still open: it may see T, and moves its cursor past T.
      const polled = yield* feedOf(store, 1)
      expect(streams(polled)).toEqual(["t"])
      yield* Deferred.succeed(uGo, undefined)
      const uResult = yield* Fiber.join(u)
      expect(uResult.firstPosition).toBeGreaterThan(tResult.firstPosition)
      expect(streams(yield* feedOf(store, 1, polled.at(-1)!.position))).toEqual(["u"])
    })))

  it.live("positions are transaction id × 1024 + index: safe integers, consecutive within an append, distinct for appends in one transaction", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sql, store } = yield* open(yield* schema(url))
      const [first, second] = yield* sql.withTransaction(Effect.all([
        store.append("s", "no_stream", [ev("x1"), ev("x2"), ev("x3")]),
        store.append("t", "no_stream", [ev("y1")])
      ]))
      expect(first.lastPosition - first.firstPosition).toBe(2)
      expect(second.firstPosition).toBe(first.lastPosition + 1)
      expect(Math.floor(first.firstPosition / PgEventStore.POSITIONS_PER_TRANSACTION)).toBe(Math.floor(second.firstPosition / PgEventStore.POSITIONS_PER_TRANSACTION))
      expect(Number.isSafeInteger(first.firstPosition)).toBe(true)
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 4 })
    })))

  it.live("migrations are versioned, create the schema, and are safe to run again and concurrently", () =>
    Effect.scoped(Effect.gen(function*() {
      const name = yield* schema(url)
      const [a, b] = yield* Effect.all([open(name), open(name)], { concurrency: 2 })
      const c = yield* open(name)
      const applied = yield* c.sql`SELECT migration_id, name FROM ${c.sql(PgEventStore.tables(name).migrations)} ORDER BY migration_id`
      expect(applied).toEqual([
        { migration_id: 1, name: "create_tables" },
        { migration_id: 2, name: "append_only" },
        { migration_id: 3, name: "append_function" },
        { migration_id: 4, name: "append_function_conditional" },
        { migration_id: 5, name: "append_one_function" }
      ])
      yield* a.store.append("s", "no_stream", [ev("m1")])
      yield* b.store.append("s", 1, [ev("m2")])
      expect((yield* c.store.readStream("s")).map((e) => e.eventId)).toEqual(["m1", "m2"])
    })))

  it.live("a store written by the previous append function (migrations 1–3) is upgraded in place: appends, keys and the chain carry on", () =>
    Effect.scoped(Effect.gen(function*() {
      const name = yield* schema(url)
      const tables = PgEventStore.tables(name)
      const sql = yield* admin(url)
      const { "4_append_function_conditional": added, "5_append_one_function": one, ...previous } = PgEventStore.migrations(name)
      expect(added).toBeDefined()
      expect(one).toBeDefined()
      const old = yield* Effect.provideService(
        Effect.gen(function*() {
          yield* sql`CREATE SCHEMA ${sql(name)}`
          yield* EventStoreSql.migrate(previous, { dialect: PgEventStore.dialect, tables })
          return yield* EventStoreSql.make({ dialect: { ...PgEventStore.dialect, append: PgAppend.make(name) }, tables })
        }),
        SqlClient.SqlClient,
        sql
      )
      const definition = sql<{ readonly body: string }>`SELECT pg_get_functiondef(to_regproc(${PgAppend.functionName(name)})) AS body`
      expect((yield* definition)[0]!.body).toContain("FOR UPDATE")
      // Batches only: the one-event function (migration 5) is not there yet.
      yield* old.append("s", "no_stream", [ev("o1"), ev("o2")])
      const first = yield* old.append("s", 2, [ev("o3"), ev("o4")], { idempotencyKey: "k-old" })

      const { store } = yield* open(name)
      expect((yield* definition)[0]!.body).not.toContain("FOR UPDATE")
      expect(yield* store.append("s", 4, [ev("o3"), ev("o4")], { idempotencyKey: "k-old" })).toEqual({ ...first, replayed: true })
      const next = yield* store.append("s", 4, [ev("n1")], { idempotencyKey: "k-new" })
      expect(next).toMatchObject({ nextExpectedVersion: 5, replayed: false })
      expect(yield* Effect.flip(store.append("s", 4, [ev("n2")]))).toMatchObject({ reason: { _tag: "VersionConflict", actual: 5 } })
      expect((yield* store.readStream("s")).map((e) => e.eventId)).toEqual(["o1", "o2", "o3", "o4", "n1"])
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 5 })
    })))

  // Both append functions, called as the client calls them: the batch one with arrays, the one-event one with one event's fields.
  const functions = [
    { label: "the batch append function", name: PgAppend.functionName, event: (id: string, payload: string, hash: string) => `ARRAY['${id}'], ARRAY['Recorded'], ARRAY['${payload}'], ARRAY[''], ARRAY['${hash}']` },
    { label: "the one-event append function", name: PgAppend.oneFunctionName, event: (id: string, payload: string, hash: string) => `'${id}', 'Recorded', '${payload}', '', '${hash}'` }
  ] as const

  it.live.each(functions)("$label refuses a head that moved in one statement: it answers the actual head and writes nothing, key included", (fn) =>
    Effect.scoped(Effect.gen(function*() {
      const name = yield* schema(url)
      const tables = PgEventStore.tables(name)
      const { sql, store } = yield* open(name)
      const stored = yield* store.append("s", "no_stream", [ev("h1")])
      const head = (yield* store.readStream("s"))[0]!
      const call = (fromVersion: number, prevHash: string, key: string | null) =>
        sql.unsafe<{ readonly status: string; readonly version: number | null; readonly hash: string | null }>(
          `SELECT status, version, hash FROM ${fn.name(name)}($1::text, $2::integer, $3::text, ${fn.event("x1", '{"n":1}', "0".repeat(64))}, $4::text, $5::text, $6::text)`,
          ["s", fromVersion, prevHash, new Date().toISOString(), key, key === null ? null : "request"]
        )
      // A stale version (the stream exists), a forged previous hash, a new stream that is not new, with and without a key.
      for (const [fromVersion, prevHash, key] of [[0, "", null], [1, "f".repeat(64), null], [0, "", "k1"], [2, head.hash, "k2"]] as const) {
        expect(yield* call(fromVersion, prevHash, key)).toEqual([{ status: "moved", version: 1, hash: head.hash }])
      }
      // A stream that does not exist, called as if it had events: the head is version 0.
      expect(yield* sql.unsafe(`SELECT status, version, hash FROM ${fn.name(name)}('none', 1, 'x', ${fn.event("x2", "{}", "h")}, 'now', NULL, NULL)`))
        .toEqual([{ status: "moved", version: 0, hash: "" }])
      const counts = yield* sql<{ readonly events: number | string; readonly keys: number | string; readonly streams: number | string }>`SELECT
        (SELECT count(*) FROM ${sql(tables.events)}) AS events,
        (SELECT count(*) FROM ${sql(tables.idempotency)}) AS keys,
        (SELECT count(*) FROM ${sql(tables.streams)}) AS streams`
      expect(counts.map((c) => [Number(c.events), Number(c.keys), Number(c.streams)])).toEqual([[1, 0, 1]])
      expect(yield* store.append("s", 1, [ev("h2")])).toMatchObject({ nextExpectedVersion: 2, firstPosition: expect.any(Number) })
      expect(stored.nextExpectedVersion).toBe(1)
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 2 })
    })))

  it.live("one transaction takes at most 1024 events: a further append in it, of one event or a batch, is refused with InvalidEvent and writes nothing", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sql, store } = yield* open(yield* schema(url))
      // An append takes at most 1000 events: two appends fill the transaction's 1024 positions.
      const events = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev(`f${from + i}`))
      const [first, last, one, batch] = yield* sql.withTransaction(Effect.all([
        store.append("full", "no_stream", events(0, 1000)),
        store.append("full", 1000, events(1000, PgEventStore.POSITIONS_PER_TRANSACTION - 1000)),
        Effect.flip(store.append("one", "no_stream", [ev("over")])),
        Effect.flip(store.append("batch", "no_stream", [ev("over1"), ev("over2")]))
      ]))
      expect(last.lastPosition - first.firstPosition).toBe(PgEventStore.POSITIONS_PER_TRANSACTION - 1)
      for (const refused of [one, batch]) {
        expect(refused).toMatchObject({ reason: { _tag: "InvalidEvent", message: "one transaction can append at most 1024 events" } })
      }
      expect((yield* store.readStream("one")).length + (yield* store.readStream("batch")).length).toBe(0)
      expect(yield* store.append("one", "no_stream", [ev("over")])).toMatchObject({ nextExpectedVersion: 1 })
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: PgEventStore.POSITIONS_PER_TRANSACTION + 1 })
    })))

  it.live("an append after other writes in the caller's transaction takes the positions after them (appendMany first, then append)", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sql, store } = yield* open(yield* schema(url))
      const [many, single] = yield* sql.withTransaction(Effect.all([
        store.appendMany!([{ stream: "a", expectedVersion: "no_stream", events: [ev("a1"), ev("a2")] }]),
        store.append("b", "no_stream", [ev("b1")])
      ]))
      expect(single.firstPosition).toBe(many[0]!.lastPosition + 1)
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 3 })
    })))

  it.live("AUD-1: stored events are append-only: UPDATE, DELETE and TRUNCATE are refused by the database", () =>
    Effect.scoped(Effect.gen(function*() {
      const name = yield* schema(url)
      const { sql, store } = yield* open(name)
      yield* store.append("s", "no_stream", [ev("p1")])
      const events = sql(PgEventStore.tables(name).events)
      for (const statement of [sql`UPDATE ${events} SET type = 'Forged'`, sql`DELETE FROM ${events}`, sql`TRUNCATE ${events}`]) {
        const exit = yield* Effect.exit(statement)
        expect(Exit.isFailure(exit)).toBe(true)
      }
      expect((yield* store.readStream("s"))[0]!.type).toBe("Recorded")
    })))

  it.live("racing appends to a new stream: exactly one wins, the others get a VersionConflict with the actual version", () =>
    Effect.scoped(Effect.gen(function*() {
      const { store } = yield* open(yield* schema(url))
      const exits = yield* Effect.all(
        Array.from({ length: 8 }, (_, i) => Effect.exit(store.append("race", "no_stream", [ev(`r${i}`)]))),
        { concurrency: "unbounded" }
      )
      expect(exits.filter(Exit.isSuccess).length).toBe(1)
      for (const exit of exits.filter(Exit.isFailure)) {
        const reason = Exit.isFailure(exit) ? exit.cause.reasons.find((r) => r._tag === "Fail") : undefined
        expect(reason?._tag === "Fail" && (reason.error as EventStore.EventStoreError).reason).toMatchObject({ _tag: "VersionConflict", actual: 1 })
      }
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 1 })
    })))

  it.live("errors from PostgreSQL are classified: a unique violation by constraint name, SQLSTATEs never their details", () =>
    Effect.scoped(Effect.gen(function*() {
      const name = yield* schema(url)
      const { sql } = yield* open(name)
      const duplicate = yield* Effect.flip(
        sql`INSERT INTO ${sql(PgEventStore.tables(name).idempotency)} (idempotency_key, stream, request_hash, next_expected_version, first_position, last_position)
            VALUES ('k', 's', 'h', 1, 1, 1), ('k', 's', 'h', 1, 1, 1)`
      )
      const reason = EventStoreSql.classify(duplicate)
      expect(reason._tag).toBe("IdempotencyConflict")
      const syntax = EventStoreSql.classify(yield* Effect.flip(sql`SELEC 1`))
      expect(syntax).toMatchObject({ _tag: "UnknownFailure" })
      expect(syntax.message).toContain("SQLSTATE 42601")
    })))

  it.live("a database that does not exist (SQLSTATE 3D000) is Misconfigured database-missing, not retryable", () =>
    Effect.gen(function*() {
      const missing = new URL(url)
      missing.pathname = "/juso_no_such_database"
      const error = yield* Effect.flip(Effect.scoped(Layer.build(PgEventStore.layer({ url: missing.href, maxConnections: 1 }))))
      expect(EventStore.isEventStoreError(error) && error.reason).toMatchObject({ _tag: "Misconfigured", problem: "database-missing" })
      expect((error as EventStore.EventStoreError).isRetryable).toBe(false)
      expect((error as EventStore.EventStoreError).message).toContain("3D000")
    }))

  it.live("a role without the right to create the store's schema gets Misconfigured permission-denied, not retryable", () =>
    Effect.scoped(Effect.gen(function*() {
      const role = `juso_noperm_${Date.now().toString(36)}`
      const sql = yield* admin(url)
      yield* Effect.acquireRelease(sql`CREATE ROLE ${sql(role)} LOGIN`, () => Effect.ignore(sql`DROP ROLE ${sql(role)}`))
      const asRole = new URL(url)
      asRole.username = role
      const error = yield* Effect.flip(
        Effect.scoped(Layer.build(PgEventStore.layer({ url: asRole.href, schema: `${role}_schema`, maxConnections: 1 })))
      )
      expect(EventStore.isEventStoreError(error) && error.reason).toMatchObject({ _tag: "Misconfigured", problem: "permission-denied" })
      expect((error as EventStore.EventStoreError).isRetryable).toBe(false)
    })))

  it.live("on an application's PgClient that renames result columns (camelCase), appends, key replays and reads work as on the store's own pool", () =>
    Effect.scoped(Effect.gen(function*() {
      const name = yield* schema(url)
      const client = Layer.effect(PgClient.PgClient, PgClient.make({ url: Redacted.make(url), maxConnections: 2, transformResultNames: (s) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) }))
      const context = yield* Layer.build(PgEventStore.layerFromClient({ schema: name, chainKey: null }).pipe(Layer.provide(client), Layer.provide(Reactivity.layer)))
      const store = Context.get(context, EventStore.EventStore)
      const first = yield* store.append("renamed", "no_stream", [ev("n0")], { idempotencyKey: "k-renamed" })
      expect(first).toMatchObject({ stream: "renamed", nextExpectedVersion: 1, replayed: false })
      expect(first.lastPosition).toBe(first.firstPosition)
      const second = yield* store.append("renamed", 1, [ev("n1"), ev("n2")])
      expect(second).toMatchObject({ nextExpectedVersion: 3, replayed: false })
      expect(second.lastPosition - second.firstPosition).toBe(1)
      expect(yield* store.append("renamed", "no_stream", [ev("n0")], { idempotencyKey: "k-renamed" })).toEqual({ ...first, replayed: true })
      expect((yield* store.readStream("renamed")).map((e) => e.eventId)).toEqual(["n0", "n1", "n2"])
      expect((yield* store.verify()).ok).toBe(true)
    })))
})
