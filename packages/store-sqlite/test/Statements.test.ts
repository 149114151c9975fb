// Issue 14: a SQLite append runs, between BEGIN and COMMIT, one read (head and key), the head's
// move, the events and the key when given (it was six statements and a max(position) read); to a
// new stream without a key, no read. The events go in as one prepared single-row INSERT each, run
// in one call (`executeEach`: about 5–10% less CPU than one multi-row INSERT for 100 events); a
// connection without that call gets the multi-row INSERT. The client's own connection also runs
// them synchronously (`executeSync`, `executeEachSync`: the whole body in one call, about 5% of a
// whole command); the same statements go through Effect on a connection without that. Counted on
// the connection the append holds.
import { describe, expect, it } from "@effect/vitest"
import { SqliteClient, SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Effect } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient, type SqlConnection } from "effect/sql"

type Rows = ReadonlyArray<ReadonlyArray<unknown>>
type Extra = {
  readonly executeEach: (sql: string, rows: Rows) => Effect.Effect<void, unknown>
  readonly executeSync: (sql: string, params: ReadonlyArray<unknown>) => ReadonlyArray<unknown>
  readonly executeEachSync: (sql: string, rows: Rows) => void
}

/** What the counted connection offers: the client's own (synchronous too), `executeEach` only, or plain `execute`. */
type Kind = "sync" | "each" | "plain"

const countedWith = (kind: Kind) => Effect.gen(function*() {
  const client = yield* SqliteClient.make({ filename: ":memory:" })
  const statements: Array<string> = []
  const word = (sql: string) => sql.split(" ")[0]!
  const count = (conn: SqlConnection.Connection & Extra): SqlConnection.Connection => {
    const { executeEach, executeEachSync, executeSync, ...plain } = conn
    const counting: SqlConnection.Connection = {
      ...plain,
      execute: (sql, params, transform) => {
        statements.push(word(sql))
        return conn.execute(sql, params, transform)
      }
    }
    if (kind === "plain") return counting
    const each = {
      executeEach: (sql: string, rows: Rows) => {
        for (const _ of rows) statements.push(`${word(sql)} (one row)`)
        return executeEach(sql, rows)
      }
    }
    if (kind === "each") return Object.assign(counting, each)
    return Object.assign(counting, each, {
      executeSync: (sql: string, params: ReadonlyArray<unknown>) => {
        statements.push(`${word(sql)} (sync)`)
        return executeSync(sql, params)
      },
      executeEachSync: (sql: string, rows: Rows) => {
        for (const _ of rows) statements.push(`${word(sql)} (one row, sync)`)
        return executeEachSync(sql, rows)
      }
    })
  }
  const spied = new Proxy(client, {
    get: (target, property, receiver) =>
      property === "reserve" ? Effect.map(target.reserve, (conn) => count(conn as SqlConnection.Connection & Extra)) : Reflect.get(target, property, receiver)
  })
  const store = yield* Effect.provideService(SqliteEventStore.makeWith({ chainKey: "k" }), SqlClient.SqlClient, spied)
  return { statements, store }
}).pipe(Effect.provide(Reactivity.layer))

describe("SqliteEventStore statements per append (issue 14)", () => {
  for (const kind of ["sync", "each"] as const) {
    it.live(`BEGIN, one read (head, key), move the head (returning the last position), insert the events, COMMIT; + the key when given; a new stream without a key skips the read (${kind === "sync" ? "the client's connection: the body's statements synchronously" : "a connection with executeEach only: the same statements through Effect"})`, () =>
      Effect.scoped(Effect.gen(function*() {
        const { statements, store } = yield* countedWith(kind)
        // The synchronous statements are marked as such.
        const sync = kind === "sync" ? " (sync)" : ""
        const row = kind === "sync" ? "INSERT (one row, sync)" : "INSERT (one row)"
        yield* store.append("case-1", "no_stream", [{ eventId: "e1", type: "T", payload: 1 }, { eventId: "e2", type: "T", payload: 2 }])
        expect(statements).toEqual(["BEGIN", `INSERT${sync}`, row, row, "COMMIT"])
        statements.length = 0
        // The stream exists after all: the head is not created, the read follows and reports the conflict.
        const conflict = yield* Effect.flip(store.append("case-1", "no_stream", [{ eventId: "x1", type: "T", payload: 0 }]))
        expect(conflict.reason).toMatchObject({ _tag: "VersionConflict", actual: 2 })
        expect(statements).toEqual(["BEGIN", `INSERT${sync}`, `SELECT${sync}`, "ROLLBACK"])
        statements.length = 0
        yield* store.append("case-2", 0, [{ eventId: "f1", type: "T", payload: 1 }], { idempotencyKey: "k0" })
        expect(statements).toEqual(["BEGIN", `SELECT${sync}`, `INSERT${sync}`, row, `INSERT${sync}`, "COMMIT"])
        statements.length = 0
        yield* store.append("case-1", 2, [{ eventId: "e3", type: "T", payload: 3 }])
        expect(statements).toEqual(["BEGIN", `SELECT${sync}`, `UPDATE${sync}`, row, "COMMIT"])
        statements.length = 0
        yield* store.append("case-1", 3, [{ eventId: "e4", type: "T", payload: 4 }], { idempotencyKey: "k1" })
        expect(statements).toEqual(["BEGIN", `SELECT${sync}`, `UPDATE${sync}`, row, `INSERT${sync}`, "COMMIT"])
        statements.length = 0
        // The same key and events again: the recorded result, nothing written.
        const again = yield* store.append("case-1", 3, [{ eventId: "e4", type: "T", payload: 4 }], { idempotencyKey: "k1" })
        expect(again).toMatchObject({ replayed: true, nextExpectedVersion: 4 })
        expect(statements).toEqual(["BEGIN", `SELECT${sync}`, "COMMIT"])
        expect((yield* store.readStream("case-1")).map((e) => e.version)).toEqual([1, 2, 3, 4])
        expect(yield* store.verify()).toMatchObject({ ok: true, checked: 5 })
      })))
  }

  it.live("a connection without executeEach gets one multi-row INSERT for the events, with the same result", () =>
    Effect.scoped(Effect.gen(function*() {
      const { statements, store } = yield* countedWith("plain")
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
      const { store } = yield* countedWith("sync")
      yield* store.append("case-1", "no_stream", [{ eventId: "taken", type: "T", payload: 1 }])
      const error = yield* Effect.flip(store.append("case-2", "no_stream", [{ eventId: "new-1", type: "T", payload: 1 }, { eventId: "taken", type: "T", payload: 2 }]))
      expect(error.reason).toMatchObject({ _tag: "DuplicateEvent", eventId: "taken" })
      expect(yield* store.readStream("case-2")).toEqual([])
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 1 })
    })))
})
