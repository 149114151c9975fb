/**
 * Pseudonymous case ids for registers (ACC-1, ACC-2, AUD-2).
 *
 * A register export names cases by `HMAC-SHA-256(exportKey, caseId)`, hex, truncated (default
 * 16 hex digits = 64 bits), prefixed `p-`. The same export key always gives the same pseudonym
 * for the same case, so registers exported with one key can be joined; without the key the case
 * id cannot be recovered or confirmed (HMAC is a keyed one-way function; a guessed case id cannot
 * be tested without the key). Different keys give unrelated pseudonyms, so registers handed to
 * different recipients cannot be joined with each other.
 *
 * The key is held as `Redacted`, so it never prints in logs or errors (AUD-2).
 *
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import { Redacted } from "effect"

/** An export key: at least 16 bytes of secret (32 random bytes recommended). */
export type ExportKey = Redacted.Redacted<Uint8Array | string>

/** Smallest accepted key, in bytes. */
export const MIN_KEY_BYTES = 16

/** Default pseudonym length in hex digits (64 bits). */
export const DEFAULT_HEX_DIGITS = 16

const keyBytes = (key: ExportKey): Uint8Array => {
  const k = Redacted.value(key)
  return typeof k === "string" ? utf8ToBytes(k) : k
}

/** Make an export key; throws (without printing the key) when it is shorter than {@link MIN_KEY_BYTES}. */
export const makeKey = (secret: Uint8Array | string): ExportKey => {
  const bytes = typeof secret === "string" ? utf8ToBytes(secret).byteLength : secret.byteLength
  if (bytes < MIN_KEY_BYTES) throw new RangeError(`an export key needs at least ${MIN_KEY_BYTES} bytes, got ${bytes}`)
  return Redacted.make(secret, { label: "ExportKey" })
}

/** Options of {@link make}. */
export interface Options {
  /** Hex digits kept (clamped to 8…64; default {@link DEFAULT_HEX_DIGITS}). */
  readonly hexDigits?: number
  /** Printed before the digits; default `p-` (case pseudonyms). */
  readonly prefix?: string
  /**
   * Domain separation: when set, the HMAC input is `domain + "\u0000" + id`, so ids of another
   * kind (plan ids, contact ids) never share a pseudonym with a case id of the same spelling.
   * Without it the input is the id itself (case ids).
   */
  readonly domain?: string
}

/**
 * A pseudonymiser for one export key: `caseId → "p-" + hex(HMAC-SHA-256(key, caseId))[0, hexDigits)`.
 * `hexDigits` is clamped to 8…64; `prefix` and `domain` name other kinds of id (see {@link Options}).
 */
export const make = (key: ExportKey, options?: Options): (caseId: string) => string => {
  const k = keyBytes(key)
  if (k.byteLength < MIN_KEY_BYTES) throw new RangeError(`an export key needs at least ${MIN_KEY_BYTES} bytes`)
  const digits = Math.min(64, Math.max(8, Math.trunc(options?.hexDigits ?? DEFAULT_HEX_DIGITS)))
  const prefix = options?.prefix ?? "p-"
  const domain = options?.domain === undefined ? "" : `${options.domain}\u0000`
  const cache = new Map<string, string>()
  return (caseId) => {
    let p = cache.get(caseId)
    if (p === undefined) {
      p = prefix + bytesToHex(hmac(sha256, k, utf8ToBytes(domain + caseId))).slice(0, digits)
      if (cache.size < 100_000) cache.set(caseId, p)
    }
    return p
  }
}
