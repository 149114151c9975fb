/**
 * The chain digests of {@link EventHash} (AUD-1), under the name Node adapters first imported
 * them by. `EventHash` itself now takes Node's own SHA-256 and HMAC-SHA-256 where the runtime
 * has them, so these are the same functions; part of `@kitakami-juso/core/adapter`.
 *
 * @deprecated Use `EventHash.unkeyed`, `EventHash.keyed` and `EventHash.digestFor`.
 * @module
 */
import * as EventHash from "./EventHash.ts"

/** Plain SHA-256 (the unkeyed mode): `EventHash.unkeyed`. */
export const unkeyed: EventHash.Digest = EventHash.unkeyed

/** HMAC-SHA-256 under `key`: `EventHash.keyed`. */
export const keyed: (key: string | Uint8Array) => EventHash.Digest = EventHash.keyed

/** {@link keyed} for a key, {@link unkeyed} when there is none: `EventHash.digestFor`. */
export const digestFor: (key: EventHash.ChainKey | undefined) => EventHash.Digest = EventHash.digestFor
