/**
 * The hash chain that makes stored history tamper-evident (AUD-1).
 *
 * Each event's hash is SHA-256 over the previous event's hash in the same stream and the
 * event's canonical content (stream, version, eventId, type, payload, metadata, recordedAt),
 * serialised as canonical JSON (below). Every adapter uses these functions, so a chain
 * written by one adapter verifies under any other.
 *
 * **Canonical JSON** is `JSON.stringify`'s formatting with the keys of every object sorted by
 * UTF-16 code unit (JavaScript's default sort) and properties whose value is `undefined`
 * left out. Equal JSON values give equal text, whatever the key order they were built with.
 *
 * @module
 */
import { hash } from "node:crypto"
import type { Schema } from "effect"

/** How deep a stored payload may nest. Deeper values (and cycles) are refused. */
export const MAX_JSON_DEPTH = 64

class NotJson {
  readonly problem: string
  constructor(problem: string) {
    this.problem = problem
  }
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

// `String.prototype.isWellFormed` is ES2024 (Node ≥ 20); the project's lib is ES2023.
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed()

// JSON string literal. Fast path: most strings need no escaping, and a loop over char codes
// is cheaper than a native call per string on the write path.
const encodeString = (s: string, strict: boolean): string => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) {
      if (strict && !isWellFormed(s)) throw new NotJson("a string holds a lone surrogate")
      return JSON.stringify(s)
    }
  }
  return "\"" + s + "\""
}

// Insertion sort: objects have few keys, and this beats Array.prototype.sort on small arrays.
// Same order as the default sort (UTF-16 code units).
const sortKeys = (keys: Array<string>): Array<string> => {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    let j = i - 1
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!
      j--
    }
    keys[j + 1] = key
  }
  return keys
}

const encode = (value: unknown, strict: boolean, depth: number): string => {
  switch (typeof value) {
    case "string":
      return encodeString(value, strict)
    case "number":
      if (!Number.isFinite(value)) {
        if (strict) throw new NotJson("a number is not finite")
        return "null"
      }
      // Same text as JSON.stringify for finite numbers (-0 prints as 0).
      return "" + value
    case "boolean":
      return value ? "true" : "false"
    case "object": {
      if (value === null) return "null"
      if (depth >= MAX_JSON_DEPTH) throw new NotJson(`nesting deeper than ${MAX_JSON_DEPTH} (or a cycle)`)
      if (Array.isArray(value)) {
        let out = "["
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i]
          if (i > 0) out += ","
          if (item === undefined || typeof item === "function" || typeof item === "symbol") {
            if (strict) throw new NotJson("an array holds undefined, a function or a symbol")
            out += "null"
          } else {
            out += encode(item, strict, depth + 1)
          }
        }
        return out + "]"
      }
      if (strict && !isPlainObject(value)) throw new NotJson("an object is not a plain object (Date, Map, class instance…)")
      const record = value as Record<string, unknown>
      const keys = sortKeys(Object.keys(record))
      let out = "{"
      let first = true
      for (const key of keys) {
        const item = record[key]
        if (item === undefined) continue
        if (typeof item === "function" || typeof item === "symbol") {
          if (strict) throw new NotJson("an object property is a function or a symbol")
          continue
        }
        out += (first ? "" : ",") + encodeString(key, strict) + ":" + encode(item, strict, depth + 1)
        first = false
      }
      return out + "}"
    }
    default:
      if (strict) throw new NotJson(`a ${typeof value} is not JSON`)
      return JSON.stringify(value) ?? "null"
  }
}

/** JSON text with object keys sorted at every depth: equal values give equal text. */
export const canonicalJson = (value: unknown): string => encode(value, false, 0)

/**
 * Canonical JSON of a value that must round-trip exactly through JSON: plain objects, arrays
 * without holes or `undefined`, finite numbers, well-formed strings, at most
 * {@link MAX_JSON_DEPTH} levels. Anything else returns `{ problem }` (no data from the value).
 */
export const encodeJson = (value: unknown): { readonly json: string } | { readonly problem: string } => {
  if (value === undefined) return { problem: "the value is undefined" }
  try {
    return { json: encode(value, true, 0) }
  } catch (e) {
    if (e instanceof NotJson) return { problem: e.problem }
    if (e instanceof RangeError) return { problem: "nesting too deep" }
    throw e
  }
}

/** What an event's hash covers (AUD-1): its place in the stream, ids, type, content and time. */
export interface HashInput {
  readonly stream: string
  readonly version: number
  readonly eventId: string
  readonly type: string
  readonly payload: Schema.Json
  readonly metadata: Schema.Json | null
  readonly recordedAt: string
}

/** `sha256(prevHash + "\n" + canonicalJson(content))`, hex. */
export const hashEvent = (prevHash: string, e: HashInput): string =>
  hash(
    "sha256",
    prevHash + "\n" + canonicalJson({
      stream: e.stream,
      version: e.version,
      eventId: e.eventId,
      type: e.type,
      payload: e.payload,
      metadata: e.metadata,
      recordedAt: e.recordedAt
    }),
    "hex"
  )

/** {@link HashInput} with payload and metadata already in canonical JSON (see {@link encodeJson}). */
export interface EncodedHashInput {
  readonly stream: string
  readonly version: number
  readonly eventId: string
  readonly type: string
  /** Canonical JSON text of the payload. */
  readonly payload: string
  /** Canonical JSON text of the metadata, or `null`. */
  readonly metadata: string | null
  readonly recordedAt: string
}

/**
 * The same digest as {@link hashEvent}, from payload and metadata already encoded as canonical
 * JSON: the write path encodes each event once and hashes the text it stores.
 */
export const hashEncoded = (prevHash: string, e: EncodedHashInput): string =>
  hash(
    "sha256",
    prevHash + "\n{\"eventId\":" + JSON.stringify(e.eventId)
        + ",\"metadata\":" + (e.metadata ?? "null")
        + ",\"payload\":" + e.payload
        + ",\"recordedAt\":" + JSON.stringify(e.recordedAt)
        + ",\"stream\":" + JSON.stringify(e.stream)
        + ",\"type\":" + JSON.stringify(e.type)
        + ",\"version\":" + JSON.stringify(e.version) + "}",
    "hex"
  )

/** The same digest as {@link hashRequest}, from events whose payload and metadata are canonical JSON. */
export const hashRequestEncoded = (
  stream: string,
  events: ReadonlyArray<{ readonly eventId: string; readonly type: string; readonly payload: string; readonly metadata: string | null }>
): string => {
  let text = "{\"events\":["
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    text += (i > 0 ? "," : "") + "{\"eventId\":" + JSON.stringify(e.eventId)
      + ",\"metadata\":" + (e.metadata ?? "null")
      + ",\"payload\":" + e.payload
      + ",\"type\":" + JSON.stringify(e.type) + "}"
  }
  return hash("sha256", text + "],\"stream\":" + JSON.stringify(stream) + "}", "hex")
}

/** A digest of a whole append request, to tell an idempotent replay from a reused key. */
export const hashRequest = (
  stream: string,
  events: ReadonlyArray<{ eventId: string; type: string; payload: unknown; metadata?: unknown }>
): string =>
  hash(
    "sha256",
    canonicalJson({
      stream,
      events: events.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload, metadata: e.metadata ?? null }))
    }),
    "hex"
  )
