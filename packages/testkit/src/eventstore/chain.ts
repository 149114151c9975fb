/**
 * The hash chain checked without a backdoor (AUD-1): the kit recomputes every stream's chain
 * from what `readAll` and `readStream` return, with core's `EventHash`, and holds `verify` to
 * exactly the events stored. Runs for every adapter; stores that declare a backdoor or their
 * files are also tampered with (see the tamper groups). @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventHash, EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import { event, feedUntil, ids } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

/** Check every chain in a feed: versions from 1 without gaps, links, recomputed hashes. Returns each stream's head. */
export const recomputeChains = (
  feed: ReadonlyArray<EventStore.StoredEvent>,
  digest: EventHash.Digest = EventHash.unkeyed
): Map<string, EventStore.StoredEvent> => {
  const heads = new Map<string, EventStore.StoredEvent>()
  for (const e of feed) {
    const previous = heads.get(e.stream)
    expect(e.version, `${e.stream} v${e.version}: version`).toBe((previous?.version ?? 0) + 1)
    expect(e.prevHash, `${e.stream} v${e.version}: prevHash`).toBe(previous?.hash ?? "")
    expect(e.hash, `${e.stream} v${e.version}: hash recomputed with EventHash.hashEvent`).toBe(EventHash.hashEvent(e.prevHash, e, digest))
    heads.set(e.stream, e)
  }
  return heads
}

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  describe("hash chain recomputed by the kit (AUD-1)", () => {
    it.live("every chain recomputes from readAll and readStream; verify passes and checked is exactly the number of events stored", () =>
      ctx.withFresh(Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const streams = [t.stream("a"), t.stream("b"), t.stream("c")]
        let total = 0
        for (let i = 0; i < 9; i++) {
          const batch = Array.from({ length: 1 + (i % 3) }, (_, k) => event(t.event(), { i, k, text: "𠮷ｶ" }, k === 0 ? { i } : null))
          yield* store.append(streams[i % 3]!, "any", batch)
          total += batch.length
        }
        const feed = yield* feedUntil(store, 0, (f) => f.length >= total)
        expect(feed.length).toBe(total)
        // Keyed stores chain with HMAC under the key the adapter declares (AUD-1).
        const heads = recomputeChains(feed, EventHash.digestFor(ctx.capabilities.chainKey))
        for (const stream of streams) {
          const read = yield* store.readStream(stream)
          expect(read).toEqual(feed.filter((e) => e.stream === stream))
          expect(read.at(-1)).toEqual(heads.get(stream))
        }
        expect(yield* store.verify()).toMatchObject({ ok: true, checked: total })
        // A second verify, after more appends, counts those too.
        yield* store.append(streams[0]!, "any", [event(t.event())])
        expect(yield* store.verify()).toMatchObject({ ok: true, checked: total + 1 })
      })))
  })
}
