// Issue 14: a SQLite append runs three statements between BEGIN and COMMIT (it was six), four
// with an idempotency key, two to a new stream without a key — counted on the connection the
// append holds.
import { describe, expect, it } from "@effect/vitest"
import { SqliteClient, SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Effect } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient, type SqlConnection } from "effect/sql"

const counted = Effect.gen(function*() {
  const client = yield* SqliteClient.make({ filename: ":memory:" })
  const statements: Array<string> = []
  const count = (conn: SqlConnection.Connection): SqlConnection.Connection => ({
    ...conn,
    execute: (sql, params, transform) => {
      statements.push(sql.split(" ")[0]!)
      return conn.execute(sql, params, transform)
    }
  })
  const spied = new Proxy(client, {
    get: (target, property, receiver) =>
      property === "reserve" ? Effect.map(target.reserve, count) : Reflect.get(target, property, receiver)
  })
  const store = yield* Effect.provideService(SqliteEventStore.makeWith({ chainKey: "k" }), SqlClient.SqlClient, spied)
  return { statements, store }
}).pipe(Effect.provide(Reactivity.layer))

describe("SqliteEventStore statements per append (issue 14)", () => {
  it.live("BEGIN, one read (head, key), move the head (returning the last position), insert the events, COMMIT; + the key when given; a new stream without a key skips the read", () =>
    Effect.scoped(Effect.gen(function*() {
      const { statements, store } = yield* counted
      yield* store.append("case-1", "no_stream", [{ eventId: "e1", type: "T", payload: 1 }, { eventId: "e2", type: "T", payload: 2 }])
      expect(statements).toEqual(["BEGIN", "INSERT", "INSERT", "COMMIT"])
      statements.length = 0
      // The stream exists after all: the head is not created, the read follows and reports the conflict.
      const conflict = yield* Effect.flip(store.append("case-1", "no_stream", [{ eventId: "x1", type: "T", payload: 0 }]))
      expect(conflict.reason).toMatchObject({ _tag: "VersionConflict", actual: 2 })
      expect(statements).toEqual(["BEGIN", "INSERT", "SELECT", "ROLLBACK"])
      statements.length = 0
      yield* store.append("case-2", 0, [{ eventId: "f1", type: "T", payload: 1 }], { idempotencyKey: "k0" })
      expect(statements).toEqual(["BEGIN", "SELECT", "INSERT", "INSERT", "INSERT", "COMMIT"])
      statements.length = 0
      yield* store.append("case-1", 2, [{ eventId: "e3", type: "T", payload: 3 }])
      expect(statements).toEqual(["BEGIN", "SELECT", "UPDATE", "INSERT", "COMMIT"])
      statements.length = 0
      yield* store.append("case-1", 3, [{ eventId: "e4", type: "T", payload: 4 }], { idempotencyKey: "k1" })
      expect(statements).toEqual(["BEGIN", "SELECT", "UPDATE", "INSERT", "INSERT", "COMMIT"])
      expect((yield* store.readStream("case-1")).map((e) => e.version)).toEqual([1, 2, 3, 4])
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 5 })
    })))
})
