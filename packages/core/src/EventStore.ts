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
 *   Invalid input is refused by {@link validateBatch} before any write.
 * - `readStream` returns a stream's events in version order; `readAll` is the global feed in
 *   position order and never skips a committed event, even when a slower transaction commits
 *   a lower position later (positions may have gaps; they never go backwards).
 * - Every stored event carries `prevHash` and `hash` ({@link EventHash}); `verify` recomputes
 *   every chain and reports the first broken link (AUD-1).
 * - Every failure is one {@link EventStoreError} whose `reason` says what happened and whether
 *   retrying can help; messages carry ids and counts, never payload data (AUD-2).
 *
 * @module
 */
import { Context, Effect, Predicate, Schema, Stream } from "effect"
import * as EventHash from "./EventHash.ts"

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
  /** SHA-256 over `prevHash` and the event's canonical content (see {@link EventHash}). */
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
 * - `hash-mismatch`: the event's content no longer gives its stored hash (a flipped byte);
 * - `broken-link`: its `prevHash` is not the previous event's hash (a row replaced or moved);
 * - `version-gap`: its version does not follow the previous one (a row deleted or reordered);
 * - `position-order`: global positions do not increase;
 * - `head-mismatch`: the stream's recorded head (last version and hash) is not the chain's
 *   last event — the tail was cut off or rewritten;
 * - `unreadable`: the stored row cannot be decoded.
 */
export type VerifyProblem =
  | "hash-mismatch"
  | "broken-link"
  | "version-gap"
  | "position-order"
  | "head-mismatch"
  | "unreadable"

/** Result of {@link EventStoreShape.verify}. */
export type VerifyResult =
  | { readonly ok: true; readonly checked: number }
  | {
    readonly ok: false
    readonly checked: number
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

/** The batch was refused before any write (empty, oversized, malformed, bad stream id). */
export class InvalidEvent extends Schema.TaggedError<InvalidEvent>("@kitakami-juso/core/EventStore/InvalidEvent")(
  "InvalidEvent",
  { ...reasonFields, index: Schema.optional(Schema.Number) }
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

/** Every reason an event-store operation can fail, one tagged class each. */
export const EventStoreErrorReason = Schema.Union([
  VersionConflict,
  IdempotencyConflict,
  DuplicateEvent,
  InvalidEvent,
  ConnectionFailure,
  Corrupt,
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

/** Whether a value is an {@link EventStoreError}. */
export const isEventStoreError = (u: unknown): u is EventStoreError =>
  Predicate.isTagged(u, "EventStoreError")

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

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
// 1 to 200 characters, no C0 control or DEL (PostgreSQL text cannot hold NUL; logs mangle the
// rest), no lone surrogate. A loop over char codes: ids are short and this runs per event.
const isName = (s: unknown): s is string => {
  if (typeof s !== "string" || s.length === 0 || s.length > 200) return false
  let surrogates = false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return false
    if (c >= 0xd800 && c <= 0xdfff) surrogates = true
  }
  // Rare: only then pay for the full check (a lone surrogate is not JSON-encodable).
  return !surrogates || "json" in EventHash.encodeJson(s)
}

/** An event after {@link validateBatch}: payload and metadata as canonical JSON text (see {@link EventHash}). */
export interface EncodedEvent {
  readonly eventId: string
  readonly type: string
  /** Canonical JSON of the payload: what adapters store and hash. */
  readonly payload: string
  /** Canonical JSON of the metadata, or `null` when there is none. */
  readonly metadata: string | null
}

/**
 * Refuse a batch before any write: bad stream id, empty or too large batch, duplicate ids
 * within the batch, ids or types that are empty, too long or hold control characters,
 * payloads or metadata that would not round-trip through JSON exactly (non-finite numbers,
 * `undefined` in arrays, Dates and other non-plain objects, lone surrogates, deeper than
 * {@link EventHash.MAX_JSON_DEPTH}) or that are larger than {@link MAX_EVENT_BYTES}.
 * Returns each event encoded once as canonical JSON, ready to store and hash.
 *
 * Messages name the failing index and the kind of problem, never the data (AUD-2).
 */
export const validateBatch = (
  stream: StreamId,
  events: ReadonlyArray<NewEvent>
): Effect.Effect<ReadonlyArray<EncodedEvent>, EventStoreError> =>
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
    const encoded: Array<EncodedEvent> = []
    for (let index = 0; index < events.length; index++) {
      const candidate: unknown = events[index]
      if (!Predicate.isObject(candidate)) {
        return fail(new InvalidEvent({ message: "an event must be an object", index }))
      }
      const e = candidate as Partial<NewEvent>
      if (!isName(e.eventId)) {
        return fail(new InvalidEvent({ message: "eventId must be a string of 1 to 200 characters without control characters", index }))
      }
      const { eventId, type } = e
      if (!isName(type)) {
        return fail(new InvalidEvent({ message: "type must be a string of 1 to 200 characters without control characters", index }))
      }
      if (seen.has(eventId)) {
        return fail(new InvalidEvent({ message: `eventId ${eventId} appears twice in the batch`, index }))
      }
      seen.add(eventId)
      const payload = EventHash.encodeJson(e.payload)
      if ("problem" in payload) {
        return fail(new InvalidEvent({ message: `payload is not JSON: ${payload.problem}`, index }))
      }
      const rawMetadata = e.metadata
      let metadata: string | null = null
      if (rawMetadata !== undefined && rawMetadata !== null) {
        const m = EventHash.encodeJson(rawMetadata)
        if ("problem" in m) {
          return fail(new InvalidEvent({ message: `metadata is not JSON: ${m.problem}`, index }))
        }
        metadata = m.json
      }
      const size = Buffer.byteLength(payload.json) + (metadata === null ? 0 : Buffer.byteLength(metadata))
      if (size > MAX_EVENT_BYTES) {
        return fail(new InvalidEvent({ message: `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES}`, index }))
      }
      encoded.push({ eventId, type, payload: payload.json, metadata })
    }
    return Effect.succeed(encoded)
  })

/** The conflict, if `expected` does not admit a stream at version `actual` (0 = no events). */
export const versionConflict = (
  stream: StreamId,
  expected: ExpectedVersion,
  actual: number
): VersionConflict | undefined => {
  const ok = expected === "any"
    || (expected === "no_stream" && actual === 0)
    || (expected === "stream_exists" && actual > 0)
    || expected === actual
  return ok ? undefined : new VersionConflict({
    message: `stream ${stream}: expected version ${String(expected)}, actual ${actual}`,
    stream,
    expected,
    actual
  })
}

/** Compare an expected version with the stream's current one (0 = no events). */
export const checkExpectedVersion = (
  stream: StreamId,
  expected: ExpectedVersion,
  actual: number
): Effect.Effect<void, EventStoreError> => {
  const conflict = versionConflict(stream, expected, actual)
  return conflict === undefined ? Effect.void : fail(conflict)
}

/**
 * Walk events in global order and check every stream's chain (AUD-1): versions gap-free from
 * 1, positions increasing, each `prevHash` equal to the previous hash, each hash recomputed.
 * Then `result(heads)` compares the chain's last event per stream with the heads the store
 * recorded, which catches a tail cut off or rewritten. Adapters feed it their rows; the first
 * problem found is reported.
 */
export const makeChainVerifier = (
  recompute: (prevHash: string, e: StoredEvent) => string
): {
  readonly check: (e: StoredEvent) => VerifyResult | undefined
  readonly result: (recordedHeads?: Iterable<StreamHead>) => VerifyResult
} => {
  const heads = new Map<string, { version: number; hash: string; position: number }>()
  let lastPosition = 0
  let checked = 0
  const broken = (
    stream: StreamId,
    version: number,
    position: number,
    problem: VerifyProblem
  ): VerifyResult => ({ ok: false, checked, stream, version, position, problem })
  return {
    check: (e) => {
      if (e.position <= lastPosition) return broken(e.stream, e.version, e.position, "position-order")
      lastPosition = e.position
      const head = heads.get(e.stream) ?? { version: 0, hash: "", position: 0 }
      if (e.version !== head.version + 1) return broken(e.stream, e.version, e.position, "version-gap")
      if (e.prevHash !== head.hash) return broken(e.stream, e.version, e.position, "broken-link")
      if (recompute(e.prevHash, e) !== e.hash) return broken(e.stream, e.version, e.position, "hash-mismatch")
      heads.set(e.stream, { version: e.version, hash: e.hash, position: e.position })
      checked++
      return undefined
    },
    result: (recordedHeads) => {
      if (recordedHeads !== undefined) {
        const seen = new Set<string>()
        for (const recorded of recordedHeads) {
          seen.add(recorded.stream)
          const chain = heads.get(recorded.stream)
          if (chain === undefined || chain.version !== recorded.version || chain.hash !== recorded.hash) {
            return broken(recorded.stream, recorded.version, chain?.position ?? 0, "head-mismatch")
          }
        }
        for (const [stream, chain] of heads) {
          if (!seen.has(stream)) return broken(stream, chain.version, chain.position, "head-mismatch")
        }
      }
      return { ok: true, checked }
    }
  }
}
