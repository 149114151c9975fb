/**
 * Storage failures classified at the adapter boundary (AUD-1, AUD-2): an `effect/sql` error
 * becomes one of the {@link EventStore} port's reasons, with the right `isRetryable` and a
 * message that names the kind of failure and the native code only — driver messages and
 * details can quote stored values, so they are left out.
 *
 * Part of `@kitakami-juso/core/adapter`.
 *
 * @module
 */
import type { Migrator } from "effect/sql"
import { SqlError } from "effect/sql"
import * as EventStore from "./EventStore.ts"


/** Which unique constraint a violation hit, told by the table/column/constraint names in it. */
export type UniqueTarget = "version" | "event_id" | "idempotency" | "unknown"

/** Which of the store's unique constraints a `UniqueViolation` names (SQLite columns or PostgreSQL constraint names). */
export const uniqueTarget = (constraint: string): UniqueTarget =>
  constraint.includes("idempotency")
    ? "idempotency"
    : constraint.includes("event_id")
    ? "event_id"
    : constraint.includes("version") || constraint.includes("streams")
    ? "version"
    : "unknown"

const nativeCode = (cause: unknown): string | undefined => {
  if (typeof cause !== "object" || cause === null) return undefined
  const c = cause as { readonly code?: unknown; readonly errcode?: unknown; readonly errno?: unknown }
  if (typeof c.errcode === "number") return `SQLite ${c.errcode}`
  if (typeof c.code === "string" && FILE_SYSTEM[c.code] !== undefined) return c.code
  if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return `SQLSTATE ${c.code}`
  if (typeof c.code === "string") return c.code
  if (typeof c.errno === "number") return `errno ${c.errno}`
  return undefined
}

// File-system codes (a SQLite path) and what they mean for the store.
const FILE_SYSTEM: Record<string, EventStore.MisconfiguredProblem> = {
  EISDIR: "not-a-file",
  ENOTDIR: "not-found",
  ENOENT: "not-found",
  EACCES: "permission-denied",
  EPERM: "permission-denied",
  EROFS: "read-only"
}

// Native codes that say the configuration is wrong, not that the store is busy or down.
const MISCONFIGURED: Record<string, EventStore.MisconfiguredProblem> = {
  "SQLSTATE 3D000": "database-missing",
  "SQLSTATE 3F000": "database-missing",
  "SQLSTATE 42501": "permission-denied",
  "SQLSTATE 28000": "authentication-failed",
  "SQLSTATE 28P01": "authentication-failed",
  "SQLSTATE 25006": "read-only",
  "SQLite 3": "permission-denied",
  "SQLite 23": "authentication-failed",
  "SQLite 8": "read-only"
}

const MISCONFIGURED_TEXT: Record<EventStore.MisconfiguredProblem, string> = {
  "database-missing": "the database (or schema) does not exist",
  "permission-denied": "permission denied",
  "not-a-file": "the path is a directory, not a database file",
  "not-found": "the database file or its directory does not exist",
  "read-only": "the database is read-only",
  "authentication-failed": "authentication failed"
}

// SQLite result codes (primary, low byte) that mean the file is damaged or not a database.
const SQLITE_CORRUPT = 11
const SQLITE_NOTADB = 26

const sqlitePrimary = (cause: unknown): number | undefined => {
  const errcode = (cause as { readonly errcode?: unknown } | null)?.errcode
  return typeof errcode === "number" ? errcode & 0xff : undefined
}

/**
 * Map an `effect/sql` error to the port's error reason. Locks, deadlocks, serialization
 * failures, timeouts and lost connections are `ConnectionFailure` (retryable); a unique
 * violation on (stream, version) is `VersionConflict`, on `event_id` `DuplicateEvent`, on the
 * idempotency key `IdempotencyConflict`; a damaged file or one that is not a SQLite database
 * is `Corrupt`; a missing database, refused permission or authentication, a path that is a
 * directory and a read-only database are `Misconfigured` (not retryable); the rest is
 * `UnknownFailure`.
 *
 * Messages name the kind of failure and the native code only: driver messages and details can
 * quote stored values, so they are left out (AUD-2).
 */
export const classify = (
  error: SqlError.SqlError,
  context?: { readonly stream?: string | undefined; readonly idempotencyKey?: string | undefined }
): EventStore.EventStoreErrorReason => {
  const reason = error.reason
  const code = nativeCode(reason.cause)
  const what = `${reason._tag}${code === undefined ? "" : ` (${code})`}${
    reason.operation === undefined ? "" : ` during ${reason.operation}`
  }`
  const primary = sqlitePrimary(reason.cause)
  if (primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB) {
    return new EventStore.Corrupt({
      message: `the database file is ${primary === SQLITE_NOTADB ? "not a SQLite database" : "corrupt"}: ${what}`
    })
  }
  const misconfigured = code === undefined
    ? undefined
    : FILE_SYSTEM[code] ?? MISCONFIGURED[code] ?? MISCONFIGURED[`SQLite ${primary}`]
  if (misconfigured !== undefined) {
    return new EventStore.Misconfigured({ message: `${MISCONFIGURED_TEXT[misconfigured]}: ${what}`, problem: misconfigured })
  }
  switch (reason._tag) {
    case "ConnectionError":
    case "LockTimeoutError":
    case "DeadlockError":
    case "SerializationError":
    case "StatementTimeoutError":
      return new EventStore.ConnectionFailure({ message: `transient storage failure: ${what}` })
    case "UniqueViolation":
      return uniqueReason(uniqueTarget(reason.constraint), what, context)
    default:
      return new EventStore.UnknownFailure({ message: `storage failure: ${what}` })
  }
}

const uniqueReason = (
  target: UniqueTarget,
  what: string,
  context: { readonly stream?: string | undefined; readonly idempotencyKey?: string | undefined } | undefined
): EventStore.EventStoreErrorReason => {
  const stream = context?.stream ?? "unknown"
  switch (target) {
    case "version":
      return new EventStore.VersionConflict({
        message: `stream ${stream}: a concurrent append took the version`,
        stream,
        expected: "any",
        actual: -1
      })
    case "event_id":
      return new EventStore.DuplicateEvent({ message: "an event id in the batch is already stored", eventId: "unknown" })
    case "idempotency":
      return new EventStore.IdempotencyConflict({
        message: "idempotency key taken by a concurrent append",
        idempotencyKey: context?.idempotencyKey ?? "unknown"
      })
    case "unknown":
      return new EventStore.UnknownFailure({ message: `unexpected unique violation: ${what}` })
  }
}

/** Map any failure raised while opening or migrating a store to the port's error. */
export const classifyStartup = (error: SqlError.SqlError | Migrator.MigrationError): EventStore.EventStoreError =>
  new EventStore.EventStoreError({
    reason: SqlError.isSqlError(error)
      ? classify(error)
      : SqlError.isSqlError(error.cause)
      ? classify(error.cause)
      : new EventStore.UnknownFailure({ message: `migration failed (${error.kind})` })
  })

