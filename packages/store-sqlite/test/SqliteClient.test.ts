import { assert, describe, expect, it } from "@effect/vitest"
import { EventStoreSqlError as EventStoreSql } from "@kitakami-juso/core/adapter"
import { SqliteClient } from "@kitakami-juso/store-sqlite"
import { Context, Effect, Exit, Fiber, Layer } from "effect"
import { SqlClient, SqlError } from "effect/sql"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { tempFile } from "./fixtures.ts"

const tempDir = Effect.map(tempFile, dirname)

// A client open for the rest of the test's scope.
const client = (config: SqliteClient.SqliteClientConfig) =>
  Effect.map(Layer.build(SqliteClient.layer(config)), Context.get(SqliteClient.SqliteClient))

// node:sqlite throws errors shaped like this: a code, the SQLite result code, its text.
const nodeError = (errcode: number, message: string) =>
  Object.assign(new Error(message), { code: "ERR_SQLITE_ERROR", errcode, errstr: "x" })

describe("SqliteClient.classifyError (no database needed)", () => {
  it("SQLITE_BUSY and its extended codes are retryable lock timeouts, and ConnectionFailure at the store", () => {
    for (const errcode of [5, 261, 517]) {
      const reason = SqliteClient.classifyError(nodeError(errcode, "database is locked"), "m", "execute")
      expect(reason._tag).toBe("LockTimeoutError")
      expect(reason.isRetryable).toBe(true)
      const store = EventStoreSql.classify(new SqlError.SqlError({ reason }))
      expect(store._tag).toBe("ConnectionFailure")
      expect(store.isRetryable).toBe(true)
    }
  })

  it("a unique violation on (stream, version) names the columns and becomes a VersionConflict", () => {
    const reason = SqliteClient.classifyError(
      nodeError(2067, "UNIQUE constraint failed: event_store_events.stream, event_store_events.version"),
      "m",
      "execute"
    )
    assert(reason._tag === "UniqueViolation")
    expect(reason.constraint).toBe("event_store_events.stream, event_store_events.version")
    expect(EventStoreSql.classify(new SqlError.SqlError({ reason }))._tag).toBe("VersionConflict")
    const duplicate = SqliteClient.classifyError(nodeError(2067, "UNIQUE constraint failed: event_store_events.event_id"), "m", "execute")
    expect(EventStoreSql.classify(new SqlError.SqlError({ reason: duplicate }))._tag).toBe("DuplicateEvent")
  })

  it("cannot-open is a retryable ConnectionError; other failures are not retryable", () => {
    expect(SqliteClient.classifyError(nodeError(14, "unable to open database file"), "m", "open")._tag).toBe("ConnectionError")
    expect(SqliteClient.classifyError(nodeError(1, "no such table: x"), "m", "execute").isRetryable).toBe(false)
    expect(SqliteClient.classifyError(nodeError(1811, "trigger raised"), "m", "execute").isRetryable).toBe(false)
  })
})

describe("SqliteClient", () => {
  it.live("opens a file with WAL, synchronous=NORMAL and foreign keys on", () =>
    Effect.scoped(Effect.gen(function*() {
      const sql = yield* client({ filename: yield* tempFile })
      expect(sql.pragmas).toEqual({ journalMode: "wal", synchronous: 1, foreignKeys: true })
      expect(sql.driver).toBe("sqlite-node-sync")
    })))

  it.live("synchronous is a setting; :memory: has no WAL", () =>
    Effect.scoped(Effect.gen(function*() {
      expect((yield* client({ filename: yield* tempFile, synchronous: "FULL" })).pragmas.synchronous).toBe(2)
      expect((yield* client({ filename: ":memory:" })).pragmas.journalMode).toBe("memory")
    })))

  it.live("a path whose directories do not exist fails (ENOENT; the store calls it Misconfigured, not retryable) and creates nothing", () =>
    Effect.scoped(Effect.gen(function*() {
      const missing = join(yield* tempDir, "no-such-dir", "x", "events.sqlite")
      const exit = yield* Effect.exit(Effect.scoped(client({ filename: missing })))
      assert(Exit.isFailure(exit))
      const error = exit.cause.reasons.find((r) => r._tag === "Fail")
      assert(error !== undefined && error._tag === "Fail")
      const reason = (error.error as SqlError.SqlError).reason
      expect(reason.cause).toEqual({ code: "ENOENT" })
      expect(EventStoreSql.classify(new SqlError.SqlError({ reason }))).toMatchObject({ _tag: "Misconfigured", problem: "not-found" })
      expect(existsSync(join(missing, "..", ".."))).toBe(false)
    })))

  it.live("transactions commit, roll back on failure, and run statements in order", () =>
    Effect.scoped(Effect.gen(function*() {
      const sql = yield* client({ filename: ":memory:" })
      yield* sql`CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL)`
      yield* sql.withTransaction(sql`INSERT INTO t (b) VALUES (${"kept"})`)
      const failed = yield* Effect.exit(sql.withTransaction(Effect.andThen(sql`INSERT INTO t (b) VALUES (${"lost"})`, Effect.fail("boom"))))
      expect(Exit.isFailure(failed)).toBe(true)
      expect(yield* sql`SELECT b FROM t ORDER BY a`).toEqual([{ b: "kept" }])
      expect(yield* sql`SELECT b FROM t WHERE a = ${1}`.values).toEqual([["kept"]])
    })))

  it.live("a connection waiting for another's write lock waits asynchronously: the event loop keeps running", () =>
    Effect.scoped(Effect.gen(function*() {
      const filename = yield* tempFile
      const a = yield* client({ filename })
      const b = yield* client({ filename })
      yield* a`CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)`
      let ticks = 0
      const ticker = yield* Effect.forkChild(Effect.forever(Effect.andThen(Effect.sleep("5 millis"), Effect.sync(() => ticks++))))
      // A holds the write lock for 150 ms; B's insert (outside a transaction) has to wait.
      const holder = yield* Effect.forkChild(a.withTransaction(Effect.andThen(a`INSERT INTO t (b) VALUES (${"a"})`, Effect.sleep("150 millis"))))
      yield* Effect.sleep("20 millis")
      const started = Date.now()
      yield* b`INSERT INTO t (b) VALUES (${"b"})`
      const waited = Date.now() - started
      yield* Fiber.join(holder)
      yield* Fiber.interrupt(ticker)
      expect(waited).toBeGreaterThan(50)
      // SQLite's own busy handler would have frozen the thread, and with it A and the ticker.
      expect(ticks).toBeGreaterThan(5)
      expect(yield* a`SELECT b FROM t ORDER BY a`).toEqual([{ b: "a" }, { b: "b" }])
    })))

  it.live("when busyTimeout runs out the statement fails with a retryable LockTimeoutError", () =>
    Effect.scoped(Effect.gen(function*() {
      const filename = yield* tempFile
      const a = yield* client({ filename })
      const b = yield* client({ filename, busyTimeout: "30 millis" })
      yield* a`CREATE TABLE t (a INTEGER PRIMARY KEY)`
      const holder = yield* Effect.forkChild(a.withTransaction(Effect.andThen(a`INSERT INTO t DEFAULT VALUES`, Effect.sleep("200 millis"))))
      yield* Effect.sleep("20 millis")
      const error = yield* Effect.flip(b.withTransaction(b`INSERT INTO t DEFAULT VALUES`))
      assert(SqlError.isSqlError(error))
      expect(error.reason._tag).toBe("LockTimeoutError")
      expect(error.isRetryable).toBe(true)
      yield* Fiber.join(holder)
    })))

  it.live("an interrupted transaction is rolled back and the connection stays usable", () =>
    Effect.scoped(Effect.gen(function*() {
      const sql = yield* client({ filename: ":memory:" })
      yield* sql`CREATE TABLE t (a INTEGER PRIMARY KEY)`
      const fiber = yield* Effect.forkChild(sql.withTransaction(Effect.andThen(sql`INSERT INTO t DEFAULT VALUES`, Effect.never)))
      yield* Effect.sleep("10 millis")
      yield* Fiber.interrupt(fiber)
      expect(yield* sql`SELECT count(*) AS n FROM t`).toEqual([{ n: 0 }])
      yield* sql.withTransaction(sql`INSERT INTO t DEFAULT VALUES`)
      expect(yield* sql`SELECT count(*) AS n FROM t`).toEqual([{ n: 1 }])
    })))

  it.live("the generic SqlClient key is provided by layer, for effect/sql code", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT 1 AS one`).toEqual([{ one: 1 }])
    }).pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" }))))
})
