/**
 * Order on long streams, whatever the concurrency capability: `readStream` in version order and
 * `readAll` in append order for streams of dozens of events whose ids do not sort the way they
 * were appended, interleaved with another stream. Runs for every adapter. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import { all, event, ids } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  describe("order of long streams", () => {
    it.live("streams of 40 events (ids sorting against append order) read back in version and position order", () =>
      ctx.withFresh(Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const [a, b] = [t.stream("a"), t.stream("b")]
        const appended: Array<EventStore.NewEvent & { readonly stream: string }> = []
        // Ids descend ("z…" first) and embed unpadded numbers ("…-9" after "…-10" as text).
        let n = 0
        const id = () => `${String.fromCharCode(122 - (n % 26))}-${t.prefix}-${n++}`
        for (let i = 0; i < 14; i++) {
          for (const stream of i % 3 === 0 ? [a, b] : [a]) {
            const batch = Array.from({ length: 1 + (i % 4) }, () => event(id(), { i, n }))
            yield* store.append(stream, "any", batch)
            appended.push(...batch.map((e) => ({ ...e, stream })))
          }
        }
        for (const stream of [a, b]) {
          const mine = appended.filter((e) => e.stream === stream)
          const read = yield* store.readStream(stream)
          expect(read.map((e) => e.eventId), stream).toEqual(mine.map((e) => e.eventId))
          expect(read.map((e) => e.version)).toEqual(mine.map((_, i) => i + 1))
          const from = Math.floor(mine.length / 2)
          expect((yield* store.readStream(stream, { fromVersion: from })).map((e) => e.eventId)).toEqual(
            mine.slice(from - 1).map((e) => e.eventId)
          )
        }
        expect(appended.filter((e) => e.stream === a).length).toBeGreaterThanOrEqual(30)
        const feed = (yield* all(store, 0, 7)).filter((e) => e.stream.endsWith(t.prefix))
        expect(feed.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId))
        for (let i = 1; i < feed.length; i++) expect(feed[i]!.position).toBeGreaterThan(feed[i - 1]!.position)
      })))
  })
}
