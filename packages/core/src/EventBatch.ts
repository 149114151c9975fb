/**
 * Batch validation every adapter shares, so the input contract of the {@link EventStore} port
 * is decided in one place (AUD-1, AUD-2): refuse a batch before any write, encode each event
 * once as canonical JSON, and decide expected versions.
 *
 * Part of `@kitakami-juso/core/adapter` (tooling for adapter authors), not the main entry.
 *
 * @module
 */
import { Effect, Predicate } from "effect"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"

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

/**
 * Bytes of `text` in UTF-8 (the unit of {@link EventStore.MAX_EVENT_BYTES}). `text` is
 * well-formed (encodeJson refuses lone surrogates), so a surrogate pair is 4 bytes.
 */
export const utf8Bytes = (text: string): number => {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) continue
    // 2 bytes below U+0800, 3 for the rest of the BMP; a surrogate pair (2 units) is 4.
    bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2
  }
  return bytes
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

const invalid = (message: string, index?: number, append?: number): EventStore.InvalidEvent =>
  new EventStore.InvalidEvent({
    message: append === undefined ? message : `append ${append}: ${message}`,
    ...(index === undefined ? {} : { index }),
    ...(append === undefined ? {} : { append })
  })

const encodeEvents = (
  stream: EventStore.StreamId,
  events: ReadonlyArray<EventStore.NewEvent>,
  seen: Set<string>,
  append: number | undefined
): ReadonlyArray<EncodedEvent> | EventStore.InvalidEvent => {
  if (typeof stream !== "string" || !STREAM_ID.test(stream)) {
    return invalid("stream id must match [A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}", undefined, append)
  }
  if (!Array.isArray(events) || events.length === 0) return invalid("an append needs at least one event", undefined, append)
  if (events.length > EventStore.MAX_BATCH) {
    return invalid(`an append takes at most ${EventStore.MAX_BATCH} events, got ${events.length}`, undefined, append)
  }
  const encoded: Array<EncodedEvent> = []
  for (let index = 0; index < events.length; index++) {
    const candidate: unknown = events[index]
    if (!Predicate.isObject(candidate)) return invalid("an event must be an object", index, append)
    const e = candidate as Partial<EventStore.NewEvent>
    if (!isName(e.eventId)) {
      return invalid("eventId must be a string of 1 to 200 characters without control characters", index, append)
    }
    const { eventId, type } = e
    if (!isName(type)) return invalid("type must be a string of 1 to 200 characters without control characters", index, append)
    if (seen.has(eventId)) return invalid(`eventId ${eventId} appears twice in the batch`, index, append)
    seen.add(eventId)
    const payload = EventHash.encodeJson(e.payload)
    if ("problem" in payload) return invalid(`payload is not JSON: ${payload.problem}`, index, append)
    const rawMetadata = e.metadata
    let metadata: string | null = null
    if (rawMetadata !== undefined && rawMetadata !== null) {
      const m = EventHash.encodeJson(rawMetadata)
      if ("problem" in m) return invalid(`metadata is not JSON: ${m.problem}`, index, append)
      metadata = m.json
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count bytes only when the limit is in reach.
    const units = payload.json.length + (metadata === null ? 0 : metadata.length)
    const size = units * 3 <= EventStore.MAX_EVENT_BYTES ? units : utf8Bytes(payload.json) + (metadata === null ? 0 : utf8Bytes(metadata))
    if (size > EventStore.MAX_EVENT_BYTES) {
      return invalid(`event is ${size} bytes; the limit is ${EventStore.MAX_EVENT_BYTES}`, index, append)
    }
    encoded.push({ eventId, type, payload: payload.json, metadata })
  }
  return encoded
}

/**
 * Refuse a batch before any write: bad stream id, empty or too large batch, duplicate ids
 * within the batch, ids or types that are empty, too long or hold control characters,
 * payloads or metadata that would not round-trip through JSON exactly (non-finite numbers,
 * `undefined` in arrays, Dates and other non-plain objects, lone surrogates, deeper than
 * {@link EventHash.MAX_JSON_DEPTH}) or that are larger than {@link EventStore.MAX_EVENT_BYTES}
 * counted in UTF-8 bytes. Returns each event encoded once as canonical JSON, ready to store
 * and hash.
 *
 * Messages name the failing index and the kind of problem, never the data (AUD-2).
 */
export const validateBatch = (
  stream: EventStore.StreamId,
  events: ReadonlyArray<EventStore.NewEvent>
): Effect.Effect<ReadonlyArray<EncodedEvent>, EventStore.EventStoreError> =>
  Effect.suspend(() => {
    const encoded = encodeEvents(stream, events, new Set(), undefined)
    return encoded instanceof EventStore.InvalidEvent ? EventStore.fail(encoded) : Effect.succeed(encoded)
  })

/** One append of an `appendMany`, validated: its events encoded (see {@link validateBatch}). */
export interface EncodedAppend {
  readonly stream: EventStore.StreamId
  readonly expectedVersion: EventStore.ExpectedVersion
  readonly events: ReadonlyArray<EncodedEvent>
}

/**
 * {@link validateBatch} for every append of an `appendMany`, before anything is written:
 * at least one append, distinct streams, event ids unique across all of them, at most
 * {@link EventStore.MAX_BATCH} events in total. An `InvalidEvent` names the append and event.
 */
export const validateMany = (
  appends: ReadonlyArray<EventStore.StreamAppend>
): Effect.Effect<ReadonlyArray<EncodedAppend>, EventStore.EventStoreError> =>
  Effect.suspend(() => {
    if (!Array.isArray(appends) || appends.length === 0) return EventStore.fail(invalid("appendMany needs at least one append"))
    const seen = new Set<string>()
    const streams = new Set<string>()
    const out: Array<EncodedAppend> = []
    let total = 0
    for (let a = 0; a < appends.length; a++) {
      const candidate: unknown = appends[a]
      if (!Predicate.isObject(candidate)) return EventStore.fail(invalid("an append must be an object", undefined, a))
      const { events, expectedVersion, stream } = candidate as unknown as EventStore.StreamAppend
      if (streams.has(stream)) return EventStore.fail(invalid("a stream appears twice (one append per stream)", undefined, a))
      streams.add(stream)
      const encoded = encodeEvents(stream, events, seen, a)
      if (encoded instanceof EventStore.InvalidEvent) return EventStore.fail(encoded)
      total += encoded.length
      if (total > EventStore.MAX_BATCH) {
        return EventStore.fail(invalid(`an appendMany takes at most ${EventStore.MAX_BATCH} events in total`, undefined, a))
      }
      out.push({ stream, expectedVersion, events: encoded })
    }
    return Effect.succeed(out)
  })

/** The conflict, if `expected` does not admit a stream at version `actual` (0 = no events). */
export const versionConflict = (
  stream: EventStore.StreamId,
  expected: EventStore.ExpectedVersion,
  actual: number
): EventStore.VersionConflict | undefined => {
  const ok = expected === "any"
    || (expected === "no_stream" && actual === 0)
    || (expected === "stream_exists" && actual > 0)
    || expected === actual
  return ok ? undefined : new EventStore.VersionConflict({
    message: `stream ${stream}: expected version ${String(expected)}, actual ${actual}`,
    stream,
    expected,
    actual
  })
}

/** Compare an expected version with the stream's current one (0 = no events). */
export const checkExpectedVersion = (
  stream: EventStore.StreamId,
  expected: EventStore.ExpectedVersion,
  actual: number
): Effect.Effect<void, EventStore.EventStoreError> => {
  const conflict = versionConflict(stream, expected, actual)
  return conflict === undefined ? Effect.void : EventStore.fail(conflict)
}
