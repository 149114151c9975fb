/**
 * The `appendMany` tests (AUD-1): several streams, each with its expected version, in one
 * transaction — all or nothing, every event checked against every limit before anything is
 * written, errors naming the append and the event. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import type * as RawEvent from "../RawEvent.ts"
import { event, failure, ids } from "./helpers.ts"

type WithFresh<R> = <A, E>(body: Effect.Effect<A, E, EventStore.EventStore | R>) => Effect.Effect<A, unknown, never>

const appendManyOf = Effect.gen(function*() {
  const store = yield* EventStore.EventStore
  const appendMany = store.appendMany
  if (appendMany === undefined) return yield* Effect.die(new Error("the suite was told appendMany: true, but the store has no appendMany"))
  return { store, appendMany }
})

/** Register the `appendMany` tests (the adapter declares `appendMany: true`). */
export const appendManyTests = <R>(raw: RawEvent.RawAccess<R> | undefined, withFresh: WithFresh<R>): void => {
  describe("appendMany: several streams in one transaction", () => {
    it.live("appends to every stream with its expected version; results in input order, positions increasing", () =>
      withFresh(Effect.gen(function*() {
        const { appendMany, store } = yield* appendManyOf
        const t = ids()
        yield* store.append(t.stream("b"), "no_stream", [event(t.event())])
        const results = yield* appendMany([
          { stream: t.stream("a"), expectedVersion: "no_stream", events: [event(t.event()), event(t.event())] },
          { stream: t.stream("b"), expectedVersion: 1, events: [event(t.event())] },
          { stream: t.stream("c"), expectedVersion: "any", events: [event(t.event(), { text: "𠮷ｶﾅ" })] }
        ])
        expect(results.map((r) => [r.stream, r.nextExpectedVersion, r.replayed])).toEqual([
          [t.stream("a"), 2, false],
          [t.stream("b"), 2, false],
          [t.stream("c"), 1, false]
        ])
        for (let i = 1; i < results.length; i++) expect(results[i]!.firstPosition).toBeGreaterThan(results[i - 1]!.lastPosition)
        const a = yield* store.readStream(t.stream("a"))
        expect(a.map((e) => e.position)).toEqual([results[0]!.firstPosition, results[0]!.lastPosition])
        expect((yield* store.readStream(t.stream("c")))[0]!.payload).toEqual({ text: "𠮷ｶﾅ" })
        expect(yield* store.verify()).toMatchObject({ ok: true, checked: 5 })
      })))

    it.live("a version conflict on any stream writes nothing on all of them, and names the stream", () =>
      withFresh(Effect.gen(function*() {
        const { appendMany, store } = yield* appendManyOf
        const t = ids()
        yield* store.append(t.stream("b"), "no_stream", [event(t.event())])
        const before = raw === undefined ? 0 : (yield* raw.read).length
        const conflict = yield* failure(appendMany([
          { stream: t.stream("a"), expectedVersion: "no_stream", events: [event(t.event())] },
          { stream: t.stream("b"), expectedVersion: 0, events: [event(t.event())] }
        ]))
        expect(conflict).toMatchObject({ _tag: "VersionConflict", stream: t.stream("b"), actual: 1 })
        expect(yield* store.readStream(t.stream("a"))).toEqual([])
        if (raw !== undefined) expect((yield* raw.read).length).toBe(before)
        // The stream a is still new: the failed batch left no head behind.
        expect((yield* store.append(t.stream("a"), "no_stream", [event(t.event())])).nextExpectedVersion).toBe(1)
      })))

    it.live("an event id already stored anywhere in the batch writes nothing", () =>
      withFresh(Effect.gen(function*() {
        const { appendMany, store } = yield* appendManyOf
        const t = ids()
        const taken = t.event()
        yield* store.append(t.stream("x"), "no_stream", [event(taken)])
        const duplicate = yield* failure(appendMany([
          { stream: t.stream("a"), expectedVersion: "any", events: [event(t.event())] },
          { stream: t.stream("b"), expectedVersion: "any", events: [event(t.event()), event(taken)] }
        ]))
        expect(duplicate).toMatchObject({ _tag: "DuplicateEvent", eventId: taken })
        expect(yield* store.readStream(t.stream("a"))).toEqual([])
        expect(yield* store.readStream(t.stream("b"))).toEqual([])
      })))

    it.live("every event is checked against every limit before anything is written; the error names the append and the event", () =>
      withFresh(Effect.gen(function*() {
        const { appendMany, store } = yield* appendManyOf
        const t = ids()
        const good = (name: string) => ({ stream: t.stream(name), expectedVersion: "any" as const, events: [event(t.event())] })
        // Under the limit in characters, over it in UTF-8 bytes (3 bytes each).
        const wide = "あ".repeat(Math.ceil(EventStore.MAX_EVENT_BYTES / 3))
        const cases: Array<[string, ReadonlyArray<EventStore.StreamAppend>, number | undefined, number | undefined]> = [
          ["64 KiB counted in UTF-8 bytes", [good("a"), { ...good("b"), events: [event(t.event()), event(t.event(), wide)] }], 1, 1],
          ["a lone surrogate", [good("a"), good("b"), { ...good("c"), events: [event(t.event(), { name: "\ud842" })] }], 2, 0],
          ["a bad stream id", [good("a"), { ...good("b"), stream: "bad stream!" }], 1, undefined],
          ["the same stream twice", [good("a"), good("a")], 1, undefined],
          ["an event id twice across appends", [good("a"), { ...good("b"), events: [event("dup-" + t.prefix), event("dup-" + t.prefix)] }], 1, 1],
          ["an empty append", [good("a"), { ...good("b"), events: [] }], 1, undefined],
          ["too many events in total", [
            { ...good("a"), events: Array.from({ length: EventStore.MAX_BATCH }, () => event(t.event())) },
            good("b")
          ], 1, undefined]
        ]
        for (const [label, appends, append, index] of cases) {
          const reason = yield* failure(appendMany(appends))
          expect(reason, label).toMatchObject({ _tag: "InvalidEvent", append, ...(index === undefined ? {} : { index }) })
          expect(reason.message, label).toContain(`append ${append}`)
        }
        expect(yield* failure(appendMany([]))).toMatchObject({ _tag: "InvalidEvent" })
        for (const name of ["a", "b", "c"]) expect(yield* store.readStream(t.stream(name))).toEqual([])
        // The same wide text in a single append is refused too; astral characters count 4 bytes.
        expect(yield* failure(store.append(t.stream("a"), "any", [event(t.event(), wide)]))).toMatchObject({ _tag: "InvalidEvent", index: 0 })
        const astral = "𠮷".repeat(Math.floor((EventStore.MAX_EVENT_BYTES - 2) / 4))
        expect((yield* store.append(t.stream("a"), "no_stream", [event(t.event(), astral)])).nextExpectedVersion).toBe(1)
        expect(yield* failure(store.append(t.stream("a"), 1, [event(t.event(), astral + "𠮷")]))).toMatchObject({ _tag: "InvalidEvent" })
      })))
  })
}
