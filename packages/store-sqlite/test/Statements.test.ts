// Issue 14: a SQLite append runs, between BEGIN and COMMIT, one read (head and key), the head's
// move, the events and the key when given (it was six statements and a max(position) read); to a
// new stream without a key, no read. The events go in as one prepared single-row INSERT each, run
// in one call (`executeEach`: about 5–10% less CPU than one multi-row INSERT for 100 events); a
// connection without that call gets the multi-row INSERT. Counted on the connection the append holds.
import { describe, expect, it } from "@effect/vitest"
import { SqliteClient, SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Effect } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient, type SqlConnection } from "effect/sql"

type EachRow = { readonly executeEach: (sql: string, rows: ReadonlyArray<ReadonlyArray<unknown>>) => Effect.Effect<void, unknown> }

const countedWith = (eachRow: boolean) => Effect.gen(function*() {
  const client = yield* SqliteClient.make({ filename: ":memory:" })
  const statements: Array<string> = []
  const count = (conn: SqlConnection.Connection & Partial<EachRow>): SqlConnection.Connection => {
    const { executeEach, ...plain } = conn
    const counting: SqlConnection.Connection = {
      ...plain,
      execute: (sql, params, transform) => {
        statements.push(sql.split(" ")[0]!)
        return conn.execute(sql, params, transform)
      }
    }
    if (!eachRow || executeEach === undefined) return counting
    return Object.assign(counting, {
      executeEach: (sql: string, rows: ReadonlyArray<ReadonlyArray<unknown>>) => {
        for (const _ of rows) statements.push(`${sql.split(" ")[0]!} (one row)`)
        return executeEach(sql, rows)
      }
    })
  }
  const spied = new Proxy(client, {
    get: (target, property, receiver) =>
      property === "reserve" ? Effect.map(target.reserve, (conn) => count(conn as SqlConnection.Connection & Partial<EachRow>)) : Reflect.get(target, property, receiver)
  })
  const store = yield* Effect.provideService(SqliteEventStore.makeWith({ chainKey: "k" }), SqlClient.SqlClient, spied)
  return { statements, store }
}).pipe(Effect.provide(Reactivity.layer))
const counted = countedWith(true)

describe("SqliteEventStore statements per append (issue 14)", () => {
  it.live("BEGIN, one read (head, key), move the head (returning the last position), insert the events, COMMIT; + the key when given; a new stream without a key skips the read", () =>
    Effect.scoped(Effect.gen(function*() {
      const { statements, store } = yield* counted
      yield* store.append("case-1", "no_stream", [{ eventId: "e1", type: "T", payload: 1 }, { eventId: "e2", type: "T", payload: 2 }])
      expect(statements).toEqual(["BEGIN", "INSERT", "INSERT (one row)", "INSERT (one row)", "COMMIT"])
      statements.length = 0
      // The stream exists after all: the head is not created, the read follows and reports the conflict.
      const conflict = yield* Effect.flip(store.append("case-1", "no_stream", [{ eventId: "x1", type: "T", payload: 0 }]))
      expect(conflict.reason).toMatchObject({ _tag: "VersionConflict", actual: 2 })
      expect(statements).toEqual(["BEGIN", "INSERT", "SELECT", "ROLLBACK"])
      statements.length = 0
      yield* store.append("case-2", 0, [{ eventId: "f1", type: "T", payload: 1 }], { idempotencyKey: "k0" })
      expect(statements).toEqual(["BEGIN", "SELECT", "INSERT", "INSERT (one row)", "INSERT", "COMMIT"])
      statements.length = 0
      yield* store.append("case-1", 2, [{ eventId: "e3", type: "T", payload: 3 }])
      expect(statements).toEqual(["BEGIN", "SELECT", "UPDATE", "INSERT (one row)", "COMMIT"])
      statements.length = 0
      yield* store.append("case-1", 3, [{ eventId: "e4", type: "T", payload: 4 }], { idempotencyKey: "k1" })
      expect(statements).toEqual(["BEGIN", "SELECT", "UPDATE", "INSERT (one row)", "INSERT", "COMMIT"])
      expect((yield* store.readStream("case-1")).map((e) => e.version)).toEqual([1, 2, 3, 4])
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 5 })
    })))

  it.live("a connection without executeEach gets one multi-row INSERT for the events, with the same result", () =>
    Effect.scoped(Effect.gen(function*() {
      const { statements, store } = yield* countedWith(false)
      yield* store.append("case-1", "no_stream", [{ eventId: "e1", type: "T", payload: 1 }, { eventId: "e2", type: "T", payload: 2 }])
      expect(statements).toEqual(["BEGIN", "INSERT", "INSERT", "COMMIT"])
      statements.length = 0
      yield* store.append("case-1", 2, [{ eventId: "e3", type: "T", payload: 3 }], { idempotencyKey: "k1" })
      expect(statements).toEqual(["BEGIN", "SELECT", "UPDATE", "INSERT", "INSERT", "COMMIT"])
      expect((yield* store.readStream("case-1")).map((e) => e.version)).toEqual([1, 2, 3])
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 3 })
    })))

  it.live("a duplicate event id in a later row of executeEach rolls back the whole append: nothing of it is stored", () =>
    Effect.scoped(Effect.gen(function*() {
      const { store } = yield* counted
      yield* store.append("case-1", "no_stream", [{ eventId: "taken", type: "T", payload: 1 }])
      const error = yield* Effect.flip(store.append("case-2", "no_stream", [{ eventId: "new-1", type: "T", payload: 1 }, { eventId: "taken", type: "T", payload: 2 }]))
      expect(error.reason).toMatchObject({ _tag: "DuplicateEvent", eventId: "taken" })
      expect(yield* store.readStream("case-2")).toEqual([])
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 1 })
    })))
})
