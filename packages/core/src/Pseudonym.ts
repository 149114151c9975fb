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
import { createHmac } from "node:crypto"
import { Redacted } from "effect"

/** An export key: at least 16 bytes of secret (32 random bytes recommended). */
export type ExportKey = Redacted.Redacted<Uint8Array | string>

/** Smallest accepted key, in bytes. */
export const MIN_KEY_BYTES = 16

/** Default pseudonym length in hex digits (64 bits). */
export const DEFAULT_HEX_DIGITS = 16

const keyBytes = (key: ExportKey): Uint8Array => {
  const k = Redacted.value(key)
  return typeof k === "string" ? Buffer.from(k, "utf8") : k
}

/** Make an export key; throws (without printing the key) when it is shorter than {@link MIN_KEY_BYTES}. */
export const makeKey = (secret: Uint8Array | string): ExportKey => {
  const bytes = typeof secret === "string" ? Buffer.byteLength(secret, "utf8") : secret.byteLength
  if (bytes < MIN_KEY_BYTES) throw new RangeError(`an export key needs at least ${MIN_KEY_BYTES} bytes, got ${bytes}`)
  return Redacted.make(secret, { label: "ExportKey" })
}

/**
 * A pseudonymiser for one export key: `caseId → "p-" + hex(HMAC-SHA-256(key, caseId))[0, hexDigits)`.
 * `hexDigits` is clamped to 8…64.
 */
export const make = (key: ExportKey, options?: { readonly hexDigits?: number }): (caseId: string) => string => {
  const k = keyBytes(key)
  if (k.byteLength < MIN_KEY_BYTES) throw new RangeError(`an export key needs at least ${MIN_KEY_BYTES} bytes`)
  const digits = Math.min(64, Math.max(8, Math.trunc(options?.hexDigits ?? DEFAULT_HEX_DIGITS)))
  const cache = new Map<string, string>()
  return (caseId) => {
    let p = cache.get(caseId)
    if (p === undefined) {
      p = "p-" + createHmac("sha256", k).update(caseId, "utf8").digest("hex").slice(0, digits)
      if (cache.size < 100_000) cache.set(caseId, p)
    }
    return p
  }
}
