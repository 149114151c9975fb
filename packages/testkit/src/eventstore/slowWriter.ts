/** Slow writer (`slowWriter`): the global feed never skips an event committed late. @internal */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Deferred, Effect, Fiber } from "effect"
import { all, event, feedUntil, ids } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  const { capabilities, withFresh } = ctx

  const slowWriter = capabilities.slowWriter
  if (slowWriter !== undefined) {
    describe("global feed", () => {
      it.live("a slower transaction that commits later is not skipped by a reader that polled meanwhile", () =>
        withFresh(Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const release = yield* Deferred.make<void>()
          const appended = yield* Deferred.make<void>()
          const slow = yield* Effect.forkChild(
            slowWriter(
              Effect.tap(store.append(t.stream("slow"), "no_stream", [event(t.event())]), () => Deferred.succeed(appended, undefined)),
              Deferred.await(release)
            )
          )
          yield* Deferred.await(appended)
          yield* store.append(t.stream("fast"), "no_stream", [event(t.event()), event(t.event())])
          const seen = yield* all(store)
          // The slow event is not committed yet; whatever the reader saw, it must not skip it.
          expect(seen.map((e) => e.stream)).not.toContain(t.stream("slow"))
          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(slow)
          const later = yield* feedUntil(store, seen.at(-1)?.position ?? 0, (f) => f.filter((e) => e.stream.endsWith(t.prefix)).length + seen.filter((e) => e.stream.endsWith(t.prefix)).length >= 3)
          const feed = [...seen, ...later].filter((e) => e.stream.endsWith(t.prefix))
          expect(feed.map((e) => e.stream).sort()).toEqual([t.stream("fast"), t.stream("fast"), t.stream("slow")])
          expect(yield* store.verify()).toMatchObject({ ok: true })
        })), 60_000)
    })
  }
}
