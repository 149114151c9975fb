/**
 * The chain verifier every adapter's `verify` runs (AUD-1): it walks stored events in global
 * order and checks each stream's hash chain, compares the chains' ends with the heads the
 * store recorded, and folds every event into the checkpoint root
 * ({@link EventHash.rootStep}) so the result can be kept outside the store and checked later.
 *
 * Part of `@kitakami-juso/core/adapter` (tooling for adapter authors), not the main entry.
 *
 * @module
 */
import * as EventHash from "./EventHash.ts"
import type * as EventStore from "./EventStore.ts"

/** Options of {@link make}. */
export interface Options {
  /** The chain's digest: keyed under the chain key, or {@link EventHash.unkeyed}. */
  readonly digest?: EventHash.Digest | undefined
  /** A checkpoint from an earlier verify: the history up to its position must be unchanged. */
  readonly since?: EventStore.Checkpoint | undefined
}

/** A verifier: feed it events with `check` in position order, then ask for the `result`. */
export interface ChainVerifier {
  /**
   * Check the next event in position order; returns the problem, if any. `settled` is false
   * for events the global feed does not show yet (PostgreSQL: a transaction still running
   * precedes them): they are checked but left out of the checkpoint, which covers the feed.
   */
  readonly check: (e: EventStore.StoredEvent, settled?: boolean) => EventStore.VerifyResult | undefined
  /** Compare the chains' ends with the recorded heads, then the checkpoint; the final result. */
  readonly result: (recordedHeads?: Iterable<EventStore.StreamHead>) => EventStore.VerifyResult
  /** A problem of the whole store (e.g. `guard-missing`), reported like the others. */
  readonly storeProblem: (problem: EventStore.VerifyProblem) => EventStore.VerifyResult
}

/** A fresh verifier (see {@link ChainVerifier}). */
export const make = (options: Options = {}): ChainVerifier => {
  const digest = options.digest ?? EventHash.unkeyed
  const since = options.since
  const heads = new Map<string, { version: number; hash: string; position: number }>()
  let lastPosition = 0
  let checked = 0
  // The checkpoint: settled events folded so far.
  let root = ""
  let count = 0
  let covered = 0
  let sinceChecked = since === undefined
  const broken = (
    stream: EventStore.StreamId,
    version: number,
    position: number,
    problem: EventStore.VerifyProblem
  ): EventStore.VerifyResult => ({ ok: false, checked, stream, version, position, problem })
  // Called once the walk is past `since.position`: the history up to there must be as recorded.
  const compareSince = (): EventStore.VerifyResult | undefined => {
    sinceChecked = true
    if (since === undefined) return undefined
    if (count < since.count) return broken("", 0, since.position, "history-shrunk")
    if (count !== since.count || root !== since.root) return broken("", 0, since.position, "history-changed")
    return undefined
  }
  return {
    check: (e, settled = true) => {
      if (e.position <= lastPosition) return broken(e.stream, e.version, e.position, "position-order")
      lastPosition = e.position
      if (!sinceChecked && (e.position > since!.position || !settled)) {
        const problem = compareSince()
        if (problem !== undefined) return problem
      }
      const head = heads.get(e.stream) ?? { version: 0, hash: "", position: 0 }
      if (e.version !== head.version + 1) return broken(e.stream, e.version, e.position, "version-gap")
      if (e.prevHash !== head.hash) return broken(e.stream, e.version, e.position, "broken-link")
      if (EventHash.hashEvent(e.prevHash, e, digest) !== e.hash) return broken(e.stream, e.version, e.position, "hash-mismatch")
      heads.set(e.stream, { version: e.version, hash: e.hash, position: e.position })
      checked++
      if (settled) {
        root = EventHash.rootStep(root, e.position, e.hash, digest)
        count++
        covered = e.position
      }
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
      if (!sinceChecked) {
        const problem = compareSince()
        if (problem !== undefined) return problem
      }
      return { ok: true, checked, checkpoint: { position: covered, count, root }, keyed: digest.keyed }
    },
    storeProblem: (problem) => broken("", 0, 0, problem)
  }
}
