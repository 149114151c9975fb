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
  if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return `SQLSTATE ${c.code}`
  if (typeof c.code === "string") return c.code
  if (typeof c.errno === "number") return `errno ${c.errno}`
  return undefined
}

/**
 * Map an `effect/sql` error to the port's error reason. Locks, deadlocks, serialization
 * failures, timeouts and lost connections are `ConnectionFailure` (retryable); a unique
 * violation on (stream, version) is `VersionConflict`, on `event_id` `DuplicateEvent`, on the
 * idempotency key `IdempotencyConflict`; the rest is `UnknownFailure`.
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

