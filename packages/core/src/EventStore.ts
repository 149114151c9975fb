/**
 * The event-store port (AUD-1): append-only case history behind one small interface.
 *
 * Core depends only on this port; adapters (in-memory in core, SQLite, PostgreSQL, vendors'
 * own) implement it and prove it with `@kitakami-juso/testkit`'s conformance suite.
 *
 * The store is schema-agnostic: an event is an envelope `{ eventId, type, payload, metadata }`
 * whose payload is JSON produced by the domain's `effect/Schema` encoders.
 *
 * @module
 */
import { Context, Effect, Predicate, Schema, Stream } from "effect"

/** A stream id: one aggregate's history, e.g. `case-0001` or `meeting-2025-04-10`. */
export type StreamId = string

/** Largest encoded size of one event (payload + metadata), in bytes. Bigger is refused. */
export const MAX_EVENT_BYTES = 64 * 1024

/** Most events in one append. */
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
  /** 1-based position in the global feed; strictly increasing in commit-visible order. */
  readonly position: number
  readonly eventId: string
  readonly type: string
  readonly payload: Schema.Json
  readonly metadata: Schema.Json | null
  /** ISO-8601 instant the store recorded the event. */
  readonly recordedAt: string
  /** Hash of the previous event in the same stream (`""` for version 1). */
  readonly prevHash: string
  /** SHA-256 over `prevHash` and the event's canonical content (see {@link EventHash}). */
  readonly hash: string
}

/**
 * What the writer believes the stream's version is:
 * a number (0 = the stream has no events yet), or one of the markers.
 */
export type ExpectedVersion = number | "any" | "no_stream" | "stream_exists"

export interface AppendOptions {
  /** Replaying a key writes nothing and returns the first result; new content under a used key fails. */
  readonly idempotencyKey?: string | undefined
}

export interface AppendResult {
  readonly stream: StreamId
  /** The stream's version after the append (pass it as the next expected version). */
  readonly nextExpectedVersion: number
  readonly firstPosition: number
  readonly lastPosition: number
  /** True when the idempotency key had been seen and nothing was written. */
  readonly replayed: boolean
}

/** Result of {@link EventStoreShape.verify}. */
export type VerifyResult =
  | { readonly ok: true; readonly checked: number }
  | {
    readonly ok: false
    readonly checked: number
    readonly stream: StreamId
    readonly version: number
    readonly position: number
    readonly problem: "hash-mismatch" | "broken-link" | "version-gap" | "position-order" | "unreadable"
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

/** The batch was refused before any write (empty, oversized, malformed, bad stream id). */
export class InvalidEvent extends Schema.TaggedError<InvalidEvent>("@kitakami-juso/core/EventStore/InvalidEvent")(
  "InvalidEvent",
  { ...reasonFields, index: Schema.optional(Schema.Number) }
) {
  get isRetryable(): boolean {
    return false
  }
}

/** The store could not be reached (network, locked file, pool closed). */
export class ConnectionFailure extends Schema.TaggedError<ConnectionFailure>("@kitakami-juso/core/EventStore/ConnectionFailure")(
  "ConnectionFailure",
  { ...reasonFields, cause: Schema.optional(Schema.Defect()) }
) {
  get isRetryable(): boolean {
    return true
  }
}

/** Stored data could not be read back as an event. */
export class Corrupt extends Schema.TaggedError<Corrupt>("@kitakami-juso/core/EventStore/Corrupt")(
  "Corrupt",
  { ...reasonFields, cause: Schema.optional(Schema.Defect()) }
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

export const EventStoreErrorReason = Schema.Union([
  VersionConflict,
  IdempotencyConflict,
  DuplicateEvent,
  InvalidEvent,
  ConnectionFailure,
  Corrupt,
  UnknownFailure
])
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

export const isEventStoreError = (u: unknown): u is EventStoreError =>
  Predicate.isTagged(u, "EventStoreError")

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

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
   * event already returned.
   */
  readonly readAll: (
    fromPosition?: number,
    options?: { readonly batchSize?: number }
  ) => Stream.Stream<StoredEvent, EventStoreError>
  /** Recompute every stream's hash chain and report the first broken link (AUD-1). */
  readonly verify: () => Effect.Effect<VerifyResult, EventStoreError>
}

/** The event-store service key. */
export class EventStore extends Context.Service<EventStore, EventStoreShape>()("@kitakami-juso/core/EventStore") {}

// ---------------------------------------------------------------------------------------------
// Helpers every adapter shares, so the contract is decided in one place.
// ---------------------------------------------------------------------------------------------

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/

/**
 * Refuse a batch before any write: bad stream id, empty or too large batch, duplicate ids
 * within the batch, non-JSON or oversized payloads. Returns the encoded JSON of each event.
 */
export const validateBatch = (
  stream: StreamId,
  events: ReadonlyArray<NewEvent>
): Effect.Effect<ReadonlyArray<{ readonly payload: string; readonly metadata: string | null }>, EventStoreError> =>
  Effect.suspend(() => {
    if (typeof stream !== "string" || !STREAM_ID.test(stream)) {
      return fail(new InvalidEvent({ message: "stream id must match [A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}" }))
    }
    if (!Array.isArray(events) || events.length === 0) {
      return fail(new InvalidEvent({ message: "an append needs at least one event" }))
    }
    if (events.length > MAX_BATCH) {
      return fail(new InvalidEvent({ message: `an append takes at most ${MAX_BATCH} events, got ${events.length}` }))
    }
    const seen = new Set<string>()
    const encoded: Array<{ payload: string; metadata: string | null }> = []
    for (let index = 0; index < events.length; index++) {
      const e = events[index]!
      if (!Predicate.isObject(e) || typeof e.eventId !== "string" || e.eventId.length === 0 || e.eventId.length > 200) {
        return fail(new InvalidEvent({ message: "eventId must be a non-empty string of at most 200 characters", index }))
      }
      if (typeof e.type !== "string" || e.type.length === 0 || e.type.length > 200) {
        return fail(new InvalidEvent({ message: "type must be a non-empty string of at most 200 characters", index }))
      }
      if (seen.has(e.eventId)) {
        return fail(new InvalidEvent({ message: `eventId ${e.eventId} appears twice in the batch`, index }))
      }
      seen.add(e.eventId)
      let payload: string | undefined
      let metadata: string | null = null
      try {
        payload = JSON.stringify(e.payload)
        if (e.metadata !== undefined && e.metadata !== null) metadata = JSON.stringify(e.metadata)
      } catch {
        return fail(new InvalidEvent({ message: "payload or metadata is not JSON-serialisable", index }))
      }
      if (payload === undefined) {
        return fail(new InvalidEvent({ message: "payload is not JSON-serialisable", index }))
      }
      const size = Buffer.byteLength(payload) + (metadata === null ? 0 : Buffer.byteLength(metadata))
      if (size > MAX_EVENT_BYTES) {
        return fail(new InvalidEvent({ message: `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES}`, index }))
      }
      encoded.push({ payload, metadata })
    }
    return Effect.succeed(encoded)
  })

/** Compare an expected version with the stream's current one (0 = no events). */
export const checkExpectedVersion = (
  stream: StreamId,
  expected: ExpectedVersion,
  actual: number
): Effect.Effect<void, EventStoreError> => {
  const ok = expected === "any"
    || (expected === "no_stream" && actual === 0)
    || (expected === "stream_exists" && actual > 0)
    || expected === actual
  return ok ? Effect.void : fail(
    new VersionConflict({
      message: `stream ${stream}: expected version ${String(expected)}, actual ${actual}`,
      stream,
      expected,
      actual
    })
  )
}

/**
 * Walk events in global order and check every stream's chain: versions gap-free from 1,
 * positions increasing, each `prevHash` equal to the previous hash, each hash recomputed.
 * Adapters feed it their rows; the first problem found is reported.
 */
export const makeChainVerifier = (
  recompute: (prevHash: string, e: StoredEvent) => string
): {
  readonly check: (e: StoredEvent) => VerifyResult | undefined
  readonly result: () => VerifyResult
} => {
  const heads = new Map<string, { version: number; hash: string }>()
  let lastPosition = 0
  let checked = 0
  const broken = (e: StoredEvent, problem: Extract<VerifyResult, { ok: false }>["problem"]): VerifyResult => ({
    ok: false,
    checked,
    stream: e.stream,
    version: e.version,
    position: e.position,
    problem
  })
  return {
    check: (e) => {
      if (e.position <= lastPosition) return broken(e, "position-order")
      lastPosition = e.position
      const head = heads.get(e.stream) ?? { version: 0, hash: "" }
      if (e.version !== head.version + 1) return broken(e, "version-gap")
      if (e.prevHash !== head.hash) return broken(e, "broken-link")
      if (recompute(e.prevHash, e) !== e.hash) return broken(e, "hash-mismatch")
      heads.set(e.stream, { version: e.version, hash: e.hash })
      checked++
      return undefined
    },
    result: () => ({ ok: true, checked })
  }
}
