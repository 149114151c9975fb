import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { EventStoreSqlError as EventStoreSql } from "@kitakami-juso/core/adapter"
import { SqlError } from "effect/sql"

const wrap = (reason: SqlError.SqlErrorReason) => new SqlError.SqlError({ reason })
// Driver errors can quote stored values (PostgreSQL's DETAIL does); none may reach our messages.
const leaky = Object.assign(new Error("duplicate key value"), { detail: "Key (event_id)=(Yamada Taro) already exists." })

const unique = (constraint: string) =>
  EventStoreSql.classify(wrap(new SqlError.UniqueViolation({ cause: leaky, constraint, message: "m", operation: "execute" })), { stream: "case-1" })

describe("EventStoreSql.classify (storage failures at the adapter boundary, no database needed)", () => {
  it("AUD-1: a unique violation on (stream, version) is a VersionConflict, on SQLite and PostgreSQL names", () => {
    for (const constraint of ["event_store_events.stream, event_store_events.version", "event_store_events_stream_version_key", "event_store_streams.stream", "event_store_streams_pkey"]) {
      const reason = unique(constraint)
      expect(reason._tag, constraint).toBe("VersionConflict")
      expect(reason.isRetryable).toBe(false)
    }
  })

  it("a unique violation on event_id is DuplicateEvent; on the idempotency key IdempotencyConflict", () => {
    expect(unique("event_store_events.event_id")._tag).toBe("DuplicateEvent")
    expect(unique("event_store_events_event_id_key")._tag).toBe("DuplicateEvent")
    expect(unique("event_store_idempotency.idempotency_key")._tag).toBe("IdempotencyConflict")
    expect(unique("event_store_idempotency_pkey")._tag).toBe("IdempotencyConflict")
    expect(unique("some_other_index")._tag).toBe("UnknownFailure")
  })

  it("locks, deadlocks, serialization failures, timeouts and lost connections are retryable ConnectionFailures", () => {
    const transient = [
      new SqlError.LockTimeoutError({ cause: { errcode: 5, message: "database is locked" } }), // SQLITE_BUSY
      new SqlError.SerializationError({ cause: { code: "40001" } }),
      new SqlError.DeadlockError({ cause: { code: "40P01" } }),
      new SqlError.StatementTimeoutError({ cause: { code: "57014" } }),
      new SqlError.ConnectionError({ cause: { code: "ECONNREFUSED" } })
    ]
    for (const reason of transient) {
      const classified = EventStoreSql.classify(wrap(reason))
      expect(classified._tag, reason._tag).toBe("ConnectionFailure")
      expect(new EventStore.EventStoreError({ reason: classified }).isRetryable).toBe(true)
    }
    expect(EventStoreSql.classify(wrap(new SqlError.LockTimeoutError({ cause: { errcode: 5 } }))).message).toContain("SQLite 5")
    expect(EventStoreSql.classify(wrap(new SqlError.SerializationError({ cause: { code: "40001" } }))).message).toContain("SQLSTATE 40001")
  })

  it("syntax and unknown failures are UnknownFailure, not retryable (authentication: Misconfigured, below)", () => {
    for (const reason of [
      new SqlError.SqlSyntaxError({ cause: { code: "42601" } }),
      new SqlError.UnknownError({ cause: leaky })
    ]) {
      const classified = EventStoreSql.classify(wrap(reason))
      expect(classified._tag).toBe("UnknownFailure")
      expect(classified.isRetryable).toBe(false)
    }
  })

  it("AUD-2: messages carry the failure kind and native code, never the driver's message or detail", () => {
    for (const reason of [unique("event_store_events_event_id_key"), EventStoreSql.classify(wrap(new SqlError.UnknownError({ cause: leaky, message: "Yamada Taro" })))]) {
      expect(reason.message).not.toContain("Yamada")
      expect(JSON.stringify(reason)).not.toContain("Yamada")
    }
  })

  it("uniqueTarget reads the constraint names both dialects produce", () => {
    expect(EventStoreSql.uniqueTarget("event_store_events.event_id")).toBe("event_id")
    expect(EventStoreSql.uniqueTarget("event_store_events.stream, event_store_events.version")).toBe("version")
    expect(EventStoreSql.uniqueTarget("event_store_idempotency_pkey")).toBe("idempotency")
  })

  it("configuration problems are Misconfigured and not retryable: missing database (3D000), permission, authentication, a directory, read-only", () => {
    const cases: Array<[SqlError.SqlErrorReason, string]> = [
      [new SqlError.ConnectionError({ cause: { code: "3D000" } }), "database-missing"],
      [new SqlError.UnknownError({ cause: { code: "3F000" } }), "database-missing"],
      [new SqlError.AuthorizationError({ cause: { code: "42501" } }), "permission-denied"],
      [new SqlError.AuthenticationError({ cause: { code: "28P01" } }), "authentication-failed"],
      [new SqlError.UnknownError({ cause: { code: "25006" } }), "read-only"],
      [new SqlError.UnknownError({ cause: { code: "EISDIR" } }), "not-a-file"],
      [new SqlError.ConnectionError({ cause: { code: "ENOENT" } }), "not-found"],
      [new SqlError.ConnectionError({ cause: { code: "EACCES" } }), "permission-denied"],
      [new SqlError.UnknownError({ cause: { code: "EPERM" } }), "permission-denied"],
      [new SqlError.AuthorizationError({ cause: { errcode: 3 } }), "permission-denied"],
      [new SqlError.UnknownError({ cause: { errcode: 8 | (1 << 8) } }), "read-only"]
    ]
    for (const [reason, problem] of cases) {
      const classified = EventStoreSql.classify(wrap(reason))
      expect(classified, problem).toMatchObject({ _tag: "Misconfigured", problem })
      expect(classified.isRetryable).toBe(false)
    }
  })

  it("a file that is not a SQLite database, or a damaged one, is Corrupt (named, not UnknownFailure)", () => {
    for (const errcode of [26, 11, 11 | (1 << 8)]) {
      const classified = EventStoreSql.classify(wrap(new SqlError.UnknownError({ cause: { errcode } })))
      expect(classified._tag).toBe("Corrupt")
      expect(classified.message).toMatch(errcode === 26 ? /not a SQLite database/ : /corrupt/)
      expect(classified.isRetryable).toBe(false)
    }
  })

  it("an id reused with other content is bad input, not a storage failure", () => {
    const error = (reason: EventStore.EventStoreErrorReason) => new EventStore.EventStoreError({ reason })
    expect(EventStore.isBadInput(error(new EventStore.IdempotencyConflict({ message: "m", idempotencyKey: "k" })))).toBe(true)
    expect(EventStore.isBadInput(error(new EventStore.DuplicateEvent({ message: "m", eventId: "e" })))).toBe(true)
    expect(EventStore.isBadInput(error(new EventStore.InvalidEvent({ message: "m" })))).toBe(true)
    expect(EventStore.isBadInput(error(new EventStore.ConnectionFailure({ message: "m" })))).toBe(false)
    expect(EventStore.isBadInput(error(new EventStore.Misconfigured({ message: "m", problem: "not-a-file" })))).toBe(false)
  })
})
