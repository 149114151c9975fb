/** The concurrency test: many writers, one reader, then the bookkeeping. @internal */
import { expect } from "@effect/vitest"
import type { EventStore } from "@kitakami-juso/core"
import { Cause, Effect, Exit, Fiber, Option } from "effect"
import { all, event, feedUntil, ids } from "./helpers.ts"

export const concurrencyRun = (stores: ReadonlyArray<EventStore.EventStoreShape>, writers: number) =>
  Effect.gen(function*() {
    const t = ids()
    const streams = [t.stream("a"), t.stream("b"), t.stream("c"), t.stream("d")]
    const appendsPerWriter = 4
    const wins: Array<{ stream: string; from: number; to: number }> = []
    const writer = (w: number) =>
      Effect.gen(function*() {
        const store = stores[w % stores.length]!
        for (let k = 0; k < appendsPerWriter; k++) {
          const stream = streams[(w + k) % streams.length]!
          const batch = [event(t.event(), { w, k }), event(t.event(), { w, k, second: true })]
          for (;;) {
            const version = (yield* store.readStream(stream)).at(-1)?.version ?? 0
            const exit = yield* Effect.exit(store.append(stream, version, batch))
            if (Exit.isSuccess(exit)) {
              expect(exit.value.nextExpectedVersion).toBe(version + batch.length)
              wins.push({ stream, from: version, to: exit.value.nextExpectedVersion })
              break
            }
            const error = Cause.findErrorOption(exit.cause)
            if (Option.isSome(error) && (error.value.reason._tag === "VersionConflict" || error.value.isRetryable)) {
              yield* Effect.yieldNow
              continue
            }
            return yield* Effect.failCause(exit.cause)
          }
        }
      })
    // The feed, read while the writers run: polling from the last position seen.
    const seen: Array<EventStore.StoredEvent> = []
    let done = false
    let cursor = 0
    const reader = Effect.gen(function*() {
      while (!done) {
        const page = yield* all(stores[0]!, cursor, 7)
        for (const e of page) if (e.stream.endsWith(t.prefix)) seen.push(e)
        cursor = page.at(-1)?.position ?? cursor
        yield* Effect.sleep("2 millis")
      }
    })
    const readerFiber = yield* Effect.forkChild(reader)
    yield* Effect.forEach(Array.from({ length: writers }, (_, w) => w), writer, { concurrency: "unbounded", discard: true })
    done = true
    yield* Fiber.join(readerFiber)
    const total = writers * appendsPerWriter * 2
    const ours = (feed: ReadonlyArray<EventStore.StoredEvent>) => feed.filter((e) => e.stream.endsWith(t.prefix))
    // The rest of the feed, once it has caught up with the last commits.
    seen.push(...ours(yield* feedUntil(stores[0]!, cursor, (f) => seen.length + ours(f).length >= total)))
    // Each expected version won exactly once per stream, and the wins tile each stream.
    for (const stream of streams) {
      const ranges = wins.filter((w) => w.stream === stream).sort((a, b) => a.from - b.from)
      let next = 0
      for (const range of ranges) {
        expect(range.from).toBe(next)
        next = range.to
      }
      const stored = yield* stores[0]!.readStream(stream)
      expect(stored.map((e) => e.version)).toEqual(Array.from({ length: next }, (_, i) => i + 1))
    }
    const stored = ours(yield* feedUntil(stores[0]!, 0, (f) => ours(f).length >= total))
    expect(stored.length).toBe(total)
    expect(new Set(stored.map((e) => e.eventId)).size).toBe(total)
    // The concurrent reader saw every event exactly once, in position order.
    expect(seen.map((e) => e.eventId)).toEqual(stored.map((e) => e.eventId))
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.position).toBeGreaterThan(seen[i - 1]!.position)
    expect(yield* stores[0]!.verify()).toMatchObject({ ok: true })
  })
