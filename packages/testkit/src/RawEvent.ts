/**
 * The raw "backdoor" an adapter may hand to the conformance kit (after Auth.js's adapter
 * tests): a way to read what the store really wrote, and, for the tamper tests (AUD-1), to
 * change or delete stored rows behind the store's back.
 *
 * @module
 */
import type { EventHash } from "@kitakami-juso/core"
import type { Effect } from "effect"

/**
 * One stored event exactly as the adapter keeps it: what was hashed (`EventHash.EncodedHashInput`:
 * the payload and metadata as their stored canonical JSON text) with its position and chain links.
 */
export interface RawEvent extends EventHash.EncodedHashInput {
  readonly position: number
  readonly prevHash: string
  readonly hash: string
}

/** The fields a tamper test may overwrite. */
export type RawPatch = Partial<Omit<RawEvent, "position">>

/**
 * Direct access to an adapter's storage, for tests only. `read` is required; `update` and
 * `delete` enable the tamper tests; with `insert` and `setHead` too (and a chain key declared),
 * the kit runs the attacks of a writer without the key (AUD-1). `R` is what the accessors need from the store's layer
 * (e.g. its SQL client).
 */
export interface RawAccess<R = never> {
  /** Every stored event, in position order. */
  readonly read: Effect.Effect<ReadonlyArray<RawEvent>, unknown, R>
  /** Overwrite fields of the stored event at `position`, bypassing the store. */
  readonly update?: ((position: number, patch: RawPatch) => Effect.Effect<void, unknown, R>) | undefined
  /** Delete the stored event at `position`, bypassing the store. */
  readonly delete?: ((position: number) => Effect.Effect<void, unknown, R>) | undefined
  /** Insert a row as given, bypassing the store (a forged append). */
  readonly insert?: ((row: RawEvent) => Effect.Effect<void, unknown, R>) | undefined
  /** Set (or, with `undefined`, remove) a stream's recorded head, bypassing the store. */
  readonly setHead?:
    | ((stream: string, head: { readonly version: number; readonly hash: string } | undefined) => Effect.Effect<void, unknown, R>)
    | undefined
  /** Remove the store's own guards (e.g. drop its append-only triggers), where it has any. */
  readonly dropGuards?: Effect.Effect<void, unknown, R> | undefined
}
