/**
 * The chain digests of {@link EventHash} on `node:crypto` (AUD-1): the same hex digests as
 * `EventHash.keyed` / `EventHash.unkeyed`, several times faster on Node's write path. For
 * Node adapters; part of `@kitakami-juso/core/adapter`.
 *
 * @module
 */
import { createHash, hash } from "node:crypto"
import * as EventHash from "./EventHash.ts"

/** Plain SHA-256 (the unkeyed mode). */
export const unkeyed: EventHash.Digest = { keyed: false, hex: (text) => hash("sha256", text, "hex") }

/**
 * HMAC-SHA-256 under `key` (RFC 2104): `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ text))` as two one-shot
 * `crypto.hash` calls over buffers with the padded key blocks prepared once. On Node 24 this
 * is about 1.6× as fast as copying prepared hash states per event (what it replaces) and a
 * little faster than a `createHmac` per event.
 */
export const keyed = (key: string | Uint8Array): EventHash.Digest => {
  const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : Buffer.from(key)
  if (bytes.length === 0) throw new Error("the chain key is empty")
  const block = Buffer.alloc(64)
  ;(bytes.length > 64 ? createHash("sha256").update(bytes).digest() : bytes).copy(block)
  const innerPad = Buffer.from(block.map((b) => b ^ 0x36))
  // The outer message: the outer pad, then the inner digest (written per event; `hex` is synchronous).
  const outer = Buffer.alloc(64 + 32)
  Buffer.from(block.map((b) => b ^ 0x5c)).copy(outer)
  return {
    keyed: true,
    hex: (text) => {
      const inner = hash("sha256", Buffer.concat([innerPad, Buffer.from(text, "utf8")]), "buffer") as Buffer
      inner.copy(outer, 64)
      return hash("sha256", outer, "hex")
    }
  }
}

/** {@link keyed} for a key, {@link unkeyed} when there is none (see `EventHash.digestFor`). */
export const digestFor = (key: EventHash.ChainKey | undefined): EventHash.Digest => {
  if (key === undefined) return unkeyed
  const k = EventHash.keyText(key)
  return keyed(k)
}
