/**
 * The event-store port (AUD-1): append-only case history behind one small interface.
 *
 * Core depends only on this port; adapters (in-memory in core, SQLite, PostgreSQL, vendors'
 * own) implement it and prove it with `@kitakami-juso/testkit`'s conformance suite.
 *
 * The store is schema-agnostic: an event is an envelope `{ eventId, type, payload, metadata }`
 * whose payload is JSON produced by the domain's `effect/Schema` encoders.
 *
 * The contract every adapter keeps (the kit's README spells out how each point is tested):
 * - `append` is all-or-nothing. A wrong expected version fails with `VersionConflict` and
 *   writes nothing. Replaying an idempotency key writes nothing and returns the first result
 *   (`replayed: true`); the same key with different events fails with `IdempotencyConflict`.
 *   Invalid input is refused before any write (`EventBatch.validateBatch` in
 *   `@kitakami-juso/core/adapter`). `appendMany` does the same for several streams in one
 *   transaction, where the adapter declares it.
 * - `readStream` returns a stream's events in version order; `readAll` is the global feed in
 *   position order and never skips a committed event, even when a slower transaction commits
 *   a lower position later (positions may have gaps; they never go backwards). Given a `types`
 *   hint it may leave out events of other types, but never the last event it read.
 * - Every stored event carries `prevHash` and `hash` ({@link EventHash}, keyed with the chain
 *   key where one is configured); `verify` recomputes every chain, reports the first problem,
 *   and returns a {@link Checkpoint} to keep outside the store; given an earlier checkpoint it
 *   proves the history only grew since (AUD-1).
 * - Every failure is one {@link EventStoreError} whose `reason` says what happened and whether
 *   retrying can help; messages carry ids and counts, never payload data (AUD-2).
 *
 * @module
 */
import { Context, Effect, Predicate, Schema, Stream } from "effect"

/** A stream id: one aggregate's history, e.g. `case-0001` or `meeting-2025-04-10`. */
export type StreamId = string

/** Largest encoded size of one event (payload + metadata), in bytes. Bigger is refused. */
export const MAX_EVENT_BYTES = 64 * 1024

/** Most events in one append (in an `appendMany`, over all its streams together). */
export const MAX_BATCH = 1000

/** An event to append. `eventId` is unique store-wide. */
export interface NewEvent {
  readonly eventId: string
  readonly type: string
  readonly payload: Schema.Json
  readonly metadata?: Schema.Json | undefined
}

/** An event as stored: its place in its stream, in the global feed, and its hash-chain link. */
export interface StoredEvent {
  readonly stream: StreamId
  /** 1-based version within the stream. */
  readonly version: number
  /**
   * Position in the global feed (≥ 1): strictly increasing in the order events become visible
   * to `readAll`. Adapters may leave gaps (e.g. PostgreSQL sequence values of rolled-back writes).
   */
  readonly position: number
  readonly eventId: string
  readonly type: string
  readonly payload: Schema.Json
  readonly metadata: Schema.Json | null
  /** ISO-8601 instant the store recorded the event. */
  readonly recordedAt: string
  /** Hash of the previous event in the same stream (`""` for version 1). */
  readonly prevHash: string
  /** HMAC-SHA-256 (or SHA-256, unkeyed) over `prevHash` and the event's canonical content (`EventHash`). */
  readonly hash: string
}

/**
 * What the writer believes the stream's version is:
 * a number (0 = the stream has no events yet), or one of the markers.
 */
export type ExpectedVersion = number | "any" | "no_stream" | "stream_exists"

/** Options of {@link EventStoreShape.append}. */
export interface AppendOptions {
  /** Replaying a key writes nothing and returns the first result; new content under a used key fails. */
  readonly idempotencyKey?: string | undefined
}

/** One stream's part of an {@link EventStoreShape.appendMany}. */
export interface StreamAppend {
  readonly stream: StreamId
  readonly expectedVersion: ExpectedVersion
  readonly events: ReadonlyArray<NewEvent>
}

/** What an append did: the stream's new version and the global positions of the events written. */
export interface AppendResult {
  readonly stream: StreamId
  /** The stream's version after the append (pass it as the next expected version). */
  readonly nextExpectedVersion: number
  readonly firstPosition: number
  readonly lastPosition: number
  /** True when the idempotency key had been seen and nothing was written. */
  readonly replayed: boolean
}

/**
 * What {@link EventStoreShape.verify} found wrong first (AUD-1):
 * - `hash-mismatch`: the event's content no longer gives its stored hash (a flipped byte; with
 *   the chain key, also an event forged or re-hashed by a writer without the key);
 * - `broken-link`: its `prevHash` is not the previous event's hash (a row replaced or moved);
 * - `version-gap`: its version does not follow the previous one (a row deleted or reordered);
 * - `position-order`: global positions do not increase;
 * - `head-mismatch`: the stream's recorded head (last version and hash) is not the chain's
 *   last event — the tail was cut off or rewritten;
 * - `unreadable`: the stored row cannot be decoded (corrupt data);
 * - `history-shrunk`: fewer events up to the given checkpoint's position than it counted —
 *   events or whole streams deleted, the tail cut, or the store rolled back to an older copy;
 * - `history-changed`: as many events, but not the same ones (rewritten, forged or inserted
 *   before the checkpoint);
 * - `guard-missing`: the store's own guards (e.g. append-only triggers) were removed.
 */
export type VerifyProblem =
  | "hash-mismatch"
  | "broken-link"
  | "version-gap"
  | "position-order"
  | "head-mismatch"
  | "unreadable"
  | "history-shrunk"
  | "history-changed"
  | "guard-missing"

/**
 * What to keep outside the store after a clean {@link EventStoreShape.verify} (AUD-1): the
 * global feed's last position covered, how many events it holds up to there, and the running
 * digest (keyed with the chain key) over every event's position and hash in feed order. Passing
 * it back as `since` proves the history up to `position` is exactly what it was.
 */
export interface Checkpoint {
  readonly position: number
  readonly count: number
  readonly root: string
}

/** Options of {@link EventStoreShape.verify}. */
export interface VerifyOptions {
  /** A checkpoint from an earlier verify: the history up to its position must be unchanged. */
  readonly since?: Checkpoint | undefined
}

/** Result of {@link EventStoreShape.verify}. */
export type VerifyResult =
  | {
    readonly ok: true
    readonly checked: number
    /** What to keep outside the store (see {@link Checkpoint}). */
    readonly checkpoint: Checkpoint
    /** Whether the chain is keyed (HMAC under the chain key) or plain SHA-256. */
    readonly keyed: boolean
  }
  | {
    readonly ok: false
    readonly checked: number
    /** The stream where the problem is (`""` for problems of the whole store). */
    readonly stream: StreamId
    /** The version where the chain breaks (for `head-mismatch`: the recorded head version). */
    readonly version: number
    /** The global position of the offending event (0 when there is no such event). */
    readonly position: number
    readonly problem: VerifyProblem
  }

/** A stream's recorded head: its last version and that event's hash. */
export interface StreamHead {
  readonly stream: StreamId
  readonly version: number
  readonly hash: string
}

// ---------------------------------------------------------------------------------------------
// Errors: one error type whose `reason` is a tagged union (shape of effect/sql's SqlError).
// ---------------------------------------------------------------------------------------------

const reasonFields = { message: Schema.String }

/** The expected version did not match; nothing was written. */
export class VersionConflict extends Schema.TaggedError<VersionConflict>("@kitakami-juso/core/EventStore/VersionConflict")(
  "VersionConflict",
  { ...reasonFields, stream: Schema.String, expected: Schema.Union([Schema.Number, Schema.String]), actual: Schema.Number }
) {
  get isRetryable(): boolean {
    return false
  }
}

/** An idempotency key was reused with different events. */
export class IdempotencyConflict
  extends Schema.TaggedError<IdempotencyConflict>("@kitakami-juso/core/EventStore/IdempotencyConflict")(
    "IdempotencyConflict",
    { ...reasonFields, idempotencyKey: Schema.String }
  )
{
  get isRetryable(): boolean {
    return false
  }
}

/** An event id already exists in the store. */
export class DuplicateEvent extends Schema.TaggedError<DuplicateEvent>("@kitakami-juso/core/EventStore/DuplicateEvent")(
  "DuplicateEvent",
  { ...reasonFields, eventId: Schema.String }
) {
  get isRetryable(): boolean {
    return false
  }
}

/**
 * The batch was refused before any write (empty, oversized, malformed, bad stream id).
 * `index` is the event's index in its append; `append` the append's index in an `appendMany`.
 */
export class InvalidEvent extends Schema.TaggedError<InvalidEvent>("@kitakami-juso/core/EventStore/InvalidEvent")(
  "InvalidEvent",
  { ...reasonFields, index: Schema.optional(Schema.Number), append: Schema.optional(Schema.Number) }
) {
  get isRetryable(): boolean {
    return false
  }
}

/**
 * A transient storage failure: the store could not be reached (network, pool closed), or the
 * write met a lock, deadlock, serialization failure or timeout. Nothing was written; retry.
 */
export class ConnectionFailure extends Schema.TaggedError<ConnectionFailure>("@kitakami-juso/core/EventStore/ConnectionFailure")(
  "ConnectionFailure",
  { ...reasonFields, cause: Schema.optional(Schema.Defect()) }
) {
  get isRetryable(): boolean {
    return true
  }
}

/** Stored data is corrupt: rows that cannot be read back, or a file that is not the store's database. */
export class Corrupt extends Schema.TaggedError<Corrupt>("@kitakami-juso/core/EventStore/Corrupt")(
  "Corrupt",
  { ...reasonFields, cause: Schema.optional(Schema.Defect()) }
) {
  get isRetryable(): boolean {
    return false
  }
}

/** Why a store cannot be used as configured (see {@link Misconfigured}). */
export const MisconfiguredProblem = Schema.Literals([
  "database-missing",
  "permission-denied",
  "not-a-file",
  "not-found",
  "read-only",
  "authentication-failed"
])
/** The type of {@link MisconfiguredProblem}. */
export type MisconfiguredProblem = typeof MisconfiguredProblem.Type

/**
 * The store cannot be used as configured: the PostgreSQL database does not exist (SQLSTATE
 * 3D000), permission or authentication is refused, the SQLite path is a directory or missing,
 * the database is read-only. Retrying cannot help; the configuration must change.
 */
export class Misconfigured extends Schema.TaggedError<Misconfigured>("@kitakami-juso/core/EventStore/Misconfigured")(
  "Misconfigured",
  { ...reasonFields, problem: MisconfiguredProblem }
) {
  get isRetryable(): boolean {
    return false
  }
}

/** Anything the adapter could not classify. */
export class UnknownFailure extends Schema.TaggedError<UnknownFailure>("@kitakami-juso/core/EventStore/UnknownFailure")(
  "UnknownFailure",
  { ...reasonFields, cause: Schema.optional(Schema.Defect()) }
) {
  get isRetryable(): boolean {
    return false
  }
}

/** Every reason an event-store operation can fail, one tagged class each. */
export const EventStoreErrorReason = Schema.Union([
  VersionConflict,
  IdempotencyConflict,
  DuplicateEvent,
  InvalidEvent,
  ConnectionFailure,
  Corrupt,
  Misconfigured,
  UnknownFailure
])
/** The type of {@link EventStoreErrorReason}. */
export type EventStoreErrorReason = typeof EventStoreErrorReason.Type

/** The one error type of the port. Messages carry ids, never personal data (AUD-2). */
export class EventStoreError extends Schema.TaggedError<EventStoreError>("@kitakami-juso/core/EventStore/EventStoreError")(
  "EventStoreError",
  { reason: EventStoreErrorReason }
) {
  get isRetryable(): boolean {
    return this.reason.isRetryable
  }
  override get message(): string {
    return `${this.reason._tag}: ${this.reason.message}`
  }
}

/** Shorthand used by adapters: `fail(new VersionConflict({...}))`. */
export const fail = (reason: EventStoreErrorReason): Effect.Effect<never, EventStoreError> =>
  Effect.fail(new EventStoreError({ reason }))

/**
 * Whether the failure is the caller's input (exit code "bad input", not "storage failure"):
 * an invalid event, an idempotency key or event id reused with other content.
 */
export const isBadInput = (error: EventStoreError): boolean =>
  error.reason._tag === "InvalidEvent" || error.reason._tag === "IdempotencyConflict" || error.reason._tag === "DuplicateEvent"

/** Whether a value is an {@link EventStoreError}. */
export const isEventStoreError = (u: unknown): u is EventStoreError =>
  Predicate.isTagged(u, "EventStoreError")

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

/** Options of {@link EventStoreShape.readAll}. */
export interface ReadAllOptions {
  /** Most events per page read from storage (default 500). */
  readonly batchSize?: number | undefined
  /**
   * A hint: the caller needs only events of these `type`s (e.g. a projection's handled tags). An
   * adapter may then leave every other event out — the SQL adapters filter in the query, so
   * those rows are never fetched or parsed — but it still returns the last event the read
   * reached (the feed's last as of the read, whatever its type), so a caller knows how far the
   * feed went. An adapter may also ignore the hint and return every event: callers filter by
   * type themselves. Order and the never-skip guarantee are those of the whole feed.
   */
  readonly types?: Iterable<string> | undefined
}

/**
 * The event-store port: append-only streams with optimistic concurrency, a global feed and a
 * hash chain per stream (AUD-1). Adapters implement it and pass the testkit's conformance suite.
 */
export interface EventStoreShape {
  /** All-or-nothing append with optimistic concurrency and optional idempotency. */
  readonly append: (
    stream: StreamId,
    expectedVersion: ExpectedVersion,
    events: ReadonlyArray<NewEvent>,
    options?: AppendOptions
  ) => Effect.Effect<AppendResult, EventStoreError>
  /** The stream's events in version order (empty array if the stream does not exist). */
  readonly readStream: (
    stream: StreamId,
    options?: { readonly fromVersion?: number }
  ) => Effect.Effect<ReadonlyArray<StoredEvent>, EventStoreError>
  /**
   * The global feed from `fromPosition` (exclusive) up to what is committed now. It never skips
   * a committed event: an event that becomes visible later always has a higher position than any
   * event already returned. See {@link ReadAllOptions} for the `types` hint.
   */
  readonly readAll: (
    fromPosition?: number,
    options?: ReadAllOptions
  ) => Stream.Stream<StoredEvent, EventStoreError>
  /**
   * Recompute every stream's hash chain, check the store's guards, and report the first
   * problem; on success return a {@link Checkpoint}. With `since`, also prove the history up to
   * that checkpoint is unchanged (AUD-1).
   */
  readonly verify: (options?: VerifyOptions) => Effect.Effect<VerifyResult, EventStoreError>
  /**
   * Capability (adapters that declare it): append to several streams in ONE transaction, each
   * with its own expected version — all or nothing. Every event of every append is validated
   * before anything is written; an `InvalidEvent` names the append (`append`) and event
   * (`index`), a `VersionConflict` the stream. Streams must be distinct. Results in input order.
   */
  readonly appendMany?:
    | ((appends: ReadonlyArray<StreamAppend>) => Effect.Effect<ReadonlyArray<AppendResult>, EventStoreError>)
    | undefined
  /**
   * Capability (adapters that declare it): the last event in commit order, as seen now
   * (position 0, id and hash `""` when the store is empty); `undefined` when that cannot be
   * relied on now — inside a caller's transaction, which may still roll back. Only for stores
   * whose positions are handed out one after another in commit order, so that seeing the same
   * tip twice shows nothing was written in between, and an append whose `firstPosition` is the
   * tip's plus one shows nobody wrote between the two (the memory and SQLite stores). A store
   * whose lower positions can become visible later (PostgreSQL's sequence) must not offer it.
   */
  readonly tip?: Effect.Effect<Tip | undefined, EventStoreError> | undefined
}

/**
 * The last event in commit order ({@link EventStoreShape.tip}): its position, id and hash. The
 * hash tells apart the same event id stored again at the same position after a rollback or a
 * restore (ids are derived from command ids; the hash covers the time recorded, AUD-1).
 */
export interface Tip {
  readonly position: number
  readonly eventId: string
  readonly hash: string
}

/** The event-store service key. */
export class EventStore extends Context.Service<EventStore, EventStoreShape>()("@kitakami-juso/core/EventStore") {}

