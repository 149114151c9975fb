/**
 * The hash chain that makes stored history tamper-evident (AUD-1).
 *
 * Each event's hash is a {@link Digest} over the previous event's hash in the same stream and
 * the event's canonical content (stream, version, eventId, type, payload, metadata,
 * recordedAt), serialised as canonical JSON (below). The digest is HMAC-SHA-256 under the
 * chain key ({@link keyed}: a writer without the key cannot recompute a chain), or plain
 * SHA-256 in the unkeyed mode ({@link unkeyed}: catches accidents and naive edits only).
 * Every adapter uses these functions, so a chain written by one adapter verifies under any
 * other with the same key.
 *
 * No `node:` import, so the main entry bundles for browsers: SHA-256 and HMAC-SHA-256 are the
 * runtime's own where it has them (Node's `crypto.hash` and `crypto.createHmac`, looked up at run
 * time), `@noble/hashes` elsewhere. The same digests either way, so a chain written in one
 * runtime verifies in any other.
 *
 * **Canonical JSON** is `JSON.stringify`'s formatting with the keys of every object sorted by
 * UTF-16 code unit (JavaScript's default sort) and properties whose value is `undefined`
 * left out. Equal JSON values give equal text, whatever the key order they were built with.
 *
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import { Config, type Option, Redacted, type Schema } from "effect"

/**
 * A digest of text as lowercase hex: HMAC-SHA-256 under the chain key, or SHA-256 when
 * `keyed` is false. Build one with {@link keyed} / {@link unkeyed}.
 */
export interface Digest {
  readonly keyed: boolean
  readonly hex: (text: string) => string
}

// The runtime's own digests where it has them (Node's `node:crypto`), looked up at run time (no
// `node:` import, so the module still bundles for browsers): the same digests as `@noble/hashes`,
// several times faster (issue 14).
interface RuntimeCrypto {
  readonly hash?: (algorithm: string, data: string, encoding: "hex") => string
  readonly createSecretKey?: (key: Uint8Array) => unknown
  readonly createHmac?: (algorithm: string, key: unknown) => {
    update: (data: string) => { digest: (encoding: "hex") => string }
  }
}
const runtimeCrypto = (globalThis as { readonly process?: { readonly getBuiltinModule?: (id: string) => unknown } })
  .process?.getBuiltinModule?.("node:crypto") as RuntimeCrypto | undefined
const nativeHash = runtimeCrypto?.hash
const nativeSha256Hex = typeof nativeHash === "function" ? (text: string) => nativeHash("sha256", text, "hex") : undefined
const nativeHmac = runtimeCrypto?.createHmac
const nativeSecretKey = runtimeCrypto?.createSecretKey

/**
 * SHA-256 of text (as UTF-8), hex: the unkeyed chain, request digests, command digests and other
 * unkeyed fingerprints. Node's built-in digest where there is one, `@noble/hashes` elsewhere.
 */
export const sha256Hex: (text: string) => string = nativeSha256Hex ?? ((text) => bytesToHex(sha256(utf8ToBytes(text))))

/** Plain SHA-256 ({@link sha256Hex}): the unkeyed mode (a writer who can edit the store can recompute it). */
export const unkeyed: Digest = { keyed: false, hex: sha256Hex }

/**
 * HMAC-SHA-256 under `key` (the chain key, held outside the store; AUD-1): Node's `createHmac`
 * where the runtime has it, `@noble/hashes` elsewhere (the same digest). The key's bytes are
 * copied when the digest is made.
 */
export const keyed = (key: string | Uint8Array): Digest => {
  const k = typeof key === "string" ? utf8ToBytes(key) : Uint8Array.from(key)
  if (k.length === 0) throw new Error("the chain key is empty")
  if (typeof nativeHmac !== "function" || typeof nativeSecretKey !== "function") {
    return { keyed: true, hex: (text) => bytesToHex(hmac(sha256, k, utf8ToBytes(text))) }
  }
  // Under a key object made once: about 2.3 µs for an event's text on Node 24, against 3 µs with
  // the key passed as a string and 13 µs as bytes (Node takes the key in again on every call),
  // and 12 µs with `@noble/hashes`.
  const secret = nativeSecretKey(k)
  return { keyed: true, hex: (text) => nativeHmac("sha256", secret).update(text).digest("hex") }
}

/** The chain key as adapters accept it: a `Redacted` string (preferred), a string or bytes. */
export type ChainKey = Redacted.Redacted<string> | string | Uint8Array

/** The key's value (string or bytes), unwrapped from `Redacted`. */
export const keyText = (key: ChainKey): string | Uint8Array => Redacted.isRedacted(key) ? Redacted.value(key) : key

/** {@link keyed} for a key, {@link unkeyed} when there is none. */
export const digestFor = (key: ChainKey | undefined): Digest => key === undefined ? unkeyed : keyed(keyText(key))

/**
 * The chain key from the environment: `JUSO_CHAIN_KEY`, redacted; `None` when unset (the
 * unkeyed mode — stores warn when they start without a key).
 */
export const chainKeyConfig: Config.Config<Option.Option<Redacted.Redacted<string>>> = Config.option(
  Config.Redacted("JUSO_CHAIN_KEY")
)

/** The warning a store logs when it starts without a chain key (AUD-1). */
export const UNKEYED_WARNING =
  "event store: no chain key (JUSO_CHAIN_KEY): the hash chain is plain SHA-256, so anyone who can write the store can rewrite history and recompute it undetected"

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

// Object keys as `"key":`, remembered for field-name-like keys only (ASCII letters, digits,
// `_$.-`, at most 64 characters: no spaces, no Japanese text), at most 4,096 of them, kept in
// this process's memory only: payloads repeat the same few dozen field names, and this skips
// re-checking and re-quoting them.
const KEY_TEXTS = 4096
const keyTexts = new Map<string, string>()
const isFieldName = (s: string): boolean => {
  if (s.length > 64) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24
      || c === 0x2e || c === 0x2d
    if (!ok) return false
  }
  return true
}
const encodeKey = (key: string, strict: boolean): string => {
  const known = keyTexts.get(key)
  if (known !== undefined) return known
  const text = encodeString(key, strict) + ":"
  if (keyTexts.size < KEY_TEXTS && isFieldName(key)) keyTexts.set(key, text)
  return text
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
        out += (first ? "" : ",") + encodeKey(key, strict) + encode(item, strict, depth + 1)
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

/** `digest(prevHash + "\n" + canonicalJson(content))`, hex (default digest: {@link unkeyed}). */
export const hashEvent = (prevHash: string, e: HashInput, digest: Digest = unkeyed): string =>
  digest.hex(
    prevHash + "\n" + canonicalJson({
      stream: e.stream,
      version: e.version,
      eventId: e.eventId,
      type: e.type,
      payload: e.payload,
      metadata: e.metadata,
      recordedAt: e.recordedAt
    })
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
 * JSON: the write path encodes each event once and hashes the text it stores
 * ({@link chainEncoded} for one event).
 */
export const hashEncoded = (prevHash: string, e: EncodedHashInput, digest: Digest = unkeyed): string =>
  chainEncoded(prevHash, e.stream, e.version - 1, e.recordedAt, [e], digest)[0]!

/**
 * The hashes of consecutive events of one append, hashed onto `prevHash`: event `i` gets
 * version `fromVersion + i + 1`, all share `stream` and `recordedAt`. The same digests as
 * {@link hashEncoded} event by event (AUD-1); the text the events share is built once.
 */
export const chainEncoded = (
  prevHash: string,
  stream: string,
  fromVersion: number,
  recordedAt: string,
  events: ReadonlyArray<{ readonly eventId: string; readonly type: string; readonly payload: string; readonly metadata: string | null }>,
  digest: Digest = unkeyed
): Array<string> => {
  const hashes = new Array<string>(events.length)
  const shared = ",\"recordedAt\":" + encodeString(recordedAt, false) + ",\"stream\":" + encodeString(stream, false) + ",\"type\":"
  let type = ""
  let typeText = ""
  let prev = prevHash
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    if (i === 0 || e.type !== type) {
      type = e.type
      typeText = encodeString(type, false)
    }
    prev = hashes[i] = digest.hex(
      prev + "\n{\"eventId\":" + encodeString(e.eventId, false)
        + ",\"metadata\":" + (e.metadata ?? "null")
        + ",\"payload\":" + e.payload
        + shared + typeText
        + ",\"version\":" + (fromVersion + i + 1) + "}"
    )
  }
  return hashes
}

/**
 * One step of the checkpoint root (AUD-1): the running digest over every event's position and
 * hash in global order, so a checkpoint `{ position, count, root }` pins the whole history up
 * to `position` — streams deleted whole, tails cut and rollbacks change it.
 */
export const rootStep = (root: string, position: number, hash: string, digest: Digest = unkeyed): string =>
  digest.hex(root + "\n" + position + "\n" + hash)

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
  return sha256Hex(text + "],\"stream\":" + JSON.stringify(stream) + "}")
}

/** A digest of a whole append request, to tell an idempotent replay from a reused key. */
export const hashRequest = (
  stream: string,
  events: ReadonlyArray<{ eventId: string; type: string; payload: unknown; metadata?: unknown }>
): string =>
  sha256Hex(
    canonicalJson({
      stream,
      events: events.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload, metadata: e.metadata ?? null }))
    })
  )
