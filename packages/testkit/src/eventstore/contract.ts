/**
 * The port's contract every adapter keeps, on one shared store (AUD-1, AUD-2): version order and
 * expected versions, idempotency keys, duplicate events, the global feed, the hash chain, what the
 * raw backdoor sees, bad input refused before any write, no payload data in errors. @internal
 */
import { expect, layer } from "@effect/vitest"
import { EventHash, EventStore } from "@kitakami-juso/core"
import { Effect, Layer, Stream } from "effect"
import { all, event, failure, feedUntil, ids } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

const typed = (eventId: string, type: string): EventStore.NewEvent => ({ ...event(eventId), type })

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  const shared = Layer.effectContext(ctx.freshContext)
  const raw = ctx.capabilities.raw
  const digest = EventHash.digestFor(ctx.capabilities.chainKey)

  layer(shared, { excludeTestServices: true, timeout: "60 seconds" })("contract", (it) => {
    it.effect("append then readStream returns the events in version order, with payload and metadata intact", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        const events = [
          event(t.event(), { note: "相談記録", nested: { list: [1, 2.5, true, null, "x"] } }, { actor: "agency-1" }),
          event(t.event(), null),
          event(t.event(), [{ b: 2, a: 1 }], null)
        ]
        const result = yield* store.append(stream, "no_stream", events)
        expect(result).toMatchObject({ stream, nextExpectedVersion: 3, replayed: false })
        const stored = yield* store.readStream(stream)
        expect(stored.map((e) => e.version)).toEqual([1, 2, 3])
        expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId))
        expect(stored.map((e) => e.type)).toEqual(["Recorded", "Recorded", "Recorded"])
        expect(stored[0]!.payload).toEqual({ note: "相談記録", nested: { list: [1, 2.5, true, null, "x"] } })
        expect(stored[0]!.metadata).toEqual({ actor: "agency-1" })
        expect(stored[1]!.payload).toBeNull()
        expect(stored[1]!.metadata).toBeNull()
        expect(stored[2]!.payload).toEqual([{ a: 1, b: 2 }])
        expect(stored[0]!.position).toBe(result.firstPosition)
        expect(stored[2]!.position).toBe(result.lastPosition)
        expect(stored[1]!.position).toBeGreaterThan(stored[0]!.position)
        expect(stored[2]!.position).toBeGreaterThan(stored[1]!.position)
        expect(new Date(stored[0]!.recordedAt).toISOString()).toBe(stored[0]!.recordedAt)
        expect(yield* store.readStream(t.stream("missing"))).toEqual([])
      }))

    it.effect("readStream from a version returns that version onwards", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        yield* store.append(stream, "no_stream", [event(t.event()), event(t.event()), event(t.event())])
        expect((yield* store.readStream(stream, { fromVersion: 2 })).map((e) => e.version)).toEqual([2, 3])
        expect(yield* store.readStream(stream, { fromVersion: 4 })).toEqual([])
      }))

    it.effect("a numeric expected version must equal the stream's version; a wrong one is a VersionConflict and writes nothing", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        yield* store.append(stream, 0, [event(t.event())])
        yield* store.append(stream, 1, [event(t.event())])
        const conflict = yield* failure(store.append(stream, 1, [event(t.event()), event(t.event())]))
        expect(conflict).toMatchObject({ _tag: "VersionConflict", stream, expected: 1, actual: 2 })
        expect(conflict.isRetryable).toBe(false)
        expect((yield* store.readStream(stream)).length).toBe(2)
        expect((yield* failure(store.append(t.stream("other"), 3, [event(t.event())])))._tag).toBe("VersionConflict")
        expect(yield* store.readStream(t.stream("other"))).toEqual([])
      }))

    it.effect("markers: no_stream only for an empty stream, stream_exists only for a non-empty one, any always", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        expect((yield* failure(store.append(stream, "stream_exists", [event(t.event())])))._tag).toBe("VersionConflict")
        yield* store.append(stream, "no_stream", [event(t.event())])
        expect((yield* failure(store.append(stream, "no_stream", [event(t.event())])))).toMatchObject({
          _tag: "VersionConflict",
          expected: "no_stream",
          actual: 1
        })
        yield* store.append(stream, "stream_exists", [event(t.event())])
        const any = yield* store.append(stream, "any", [event(t.event())])
        expect(any.nextExpectedVersion).toBe(3)
        expect((yield* store.append(t.stream("fresh"), "any", [event(t.event())])).nextExpectedVersion).toBe(1)
      }))

    it.effect("an idempotency key replayed writes nothing and returns the first result, even after the stream moved on", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        const key = t.key()
        const events = [event(t.event(), { b: 1, a: 2 }), event(t.event())]
        const first = yield* store.append(stream, "no_stream", events, { idempotencyKey: key })
        const again = yield* store.append(stream, "no_stream", events, { idempotencyKey: key })
        expect(again).toEqual({ ...first, replayed: true })
        yield* store.append(stream, 2, [event(t.event())])
        // Same content with keys in another order is the same request.
        const reordered = [event(events[0]!.eventId, { a: 2, b: 1 }), events[1]!]
        expect(yield* store.append(stream, "no_stream", reordered, { idempotencyKey: key })).toEqual({ ...first, replayed: true })
        expect((yield* store.readStream(stream)).length).toBe(3)
        if (raw !== undefined) {
          const rows = (yield* raw.read).filter((r) => r.stream === stream)
          expect(rows.length).toBe(3)
        }
      }))

    it.effect("an idempotency key reused with different events is an IdempotencyConflict and writes nothing", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        const key = t.key()
        yield* store.append(stream, "no_stream", [event(t.event())], { idempotencyKey: key })
        const reused = yield* failure(store.append(stream, 1, [event(t.event())], { idempotencyKey: key }))
        expect(reused).toMatchObject({ _tag: "IdempotencyConflict", idempotencyKey: key })
        const otherStream = yield* failure(store.append(t.stream("b"), "no_stream", [event(t.event())], { idempotencyKey: key }))
        expect(otherStream._tag).toBe("IdempotencyConflict")
        expect((yield* store.readStream(stream)).length).toBe(1)
        expect(yield* store.readStream(t.stream("b"))).toEqual([])
      }))

    it.effect("an event id already stored is a DuplicateEvent, and the whole batch is refused", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const taken = t.event()
        yield* store.append(t.stream("a"), "no_stream", [event(taken)])
        const duplicate = yield* failure(store.append(t.stream("b"), "no_stream", [event(t.event()), event(t.event()), event(taken)]))
        expect(duplicate).toMatchObject({ _tag: "DuplicateEvent", eventId: taken })
        expect(yield* store.readStream(t.stream("b"))).toEqual([])
        // A version conflict is decided before the duplicate check.
        const both = yield* failure(store.append(t.stream("a"), 5, [event(taken)]))
        expect(both._tag).toBe("VersionConflict")
        if (raw !== undefined) {
          expect((yield* raw.read).filter((r) => r.stream === t.stream("b"))).toEqual([])
        }
      }))

    it.effect("the tip, where the store offers it, is the last event committed: moved by appends, not by replays or refused writes", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        if (store.tip === undefined) return
        const t = ids()
        const stream = t.stream()
        const last = (s: string) => Effect.map(store.readStream(s), (rows) => rows.at(-1)!)
        const key = t.key()
        const batch = [event(t.event()), event(t.event())]
        const result = yield* store.append(stream, "no_stream", batch, { idempotencyKey: key })
        const head = yield* last(stream)
        const tip = yield* store.tip
        expect(tip).toEqual({ position: result.lastPosition, eventId: batch[1]!.eventId, hash: head.hash })
        expect(head.position).toBe(result.lastPosition)
        // A replayed key and a refused append write nothing: the tip stays.
        yield* store.append(stream, "no_stream", batch, { idempotencyKey: key })
        yield* Effect.flip(store.append(stream, 0, [event(t.event())]))
        expect(yield* store.tip).toEqual(tip)
        if (store.appendMany !== undefined) {
          const other = t.stream("other")
          const [, second] = yield* store.appendMany([
            { stream, expectedVersion: 2, events: [event(t.event())] },
            { stream: other, expectedVersion: "no_stream", events: [event(t.event()), event(t.event())] }
          ])
          const otherHead = yield* last(other)
          expect(yield* store.tip).toEqual({ position: second!.lastPosition, eventId: otherHead.eventId, hash: otherHead.hash })
        }
      }))

    it.effect("readAll is the global feed: positions strictly increase, every event once, from a position onwards, in pages", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const ours = (feed: ReadonlyArray<EventStore.StoredEvent>) => feed.filter((e) => e.stream.endsWith(t.prefix))
        const start = (yield* all(store)).at(-1)?.position ?? 0
        const appended: Array<string> = []
        for (let i = 0; i < 7; i++) {
          const batch = [event(t.event()), event(t.event())]
          appended.push(...batch.map((e) => e.eventId))
          yield* store.append(t.stream(`s${i % 3}`), "any", batch)
        }
        for (const batchSize of [1, 3, 500]) {
          const feed = yield* feedUntil(store, start, (f) => ours(f).length >= appended.length, batchSize)
          expect(ours(feed).map((e) => e.eventId)).toEqual(appended)
          for (let i = 1; i < feed.length; i++) expect(feed[i]!.position).toBeGreaterThan(feed[i - 1]!.position)
        }
        const whole = yield* all(store)
        expect(new Set(whole.map((e) => e.eventId)).size).toBe(whole.length)
        const mine = ours(yield* all(store, start))
        expect(ours(yield* all(store, mine[5]!.position)).map((e) => e.eventId)).toEqual(appended.slice(6))
        expect(ours(yield* all(store, mine.at(-1)!.position))).toEqual([])
      }))

    it.effect("readAll with a types hint: every event of those types once, in order, and the last event the read reached", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const ours = (feed: ReadonlyArray<EventStore.StoredEvent>) => feed.filter((e) => e.stream.endsWith(t.prefix))
        const start = (yield* all(store)).at(-1)?.position ?? 0
        const types = new Set(["Wanted", "AlsoWanted"])
        const wanted: Array<string> = []
        let count = 0
        for (let i = 0; i < 6; i++) {
          const batch = [typed(t.event(), "Wanted"), typed(t.event(), "Other"), typed(t.event(), i % 2 === 0 ? "AlsoWanted" : "Other")]
          wanted.push(...batch.filter((e) => types.has(e.type)).map((e) => e.eventId))
          count += batch.length
          yield* store.append(t.stream(`s${i % 2}`), "any", batch)
        }
        // The feed ends with an event of another type: the read must still reach it.
        yield* store.append(t.stream("tail"), "no_stream", [typed(t.event(), "Other")])
        const whole = yield* feedUntil(store, start, (f) => ours(f).length >= count + 1)
        for (const batchSize of [1, 2, 500]) {
          const read = yield* Stream.runCollect(store.readAll(start, { batchSize, types }))
          expect(ours(read).filter((e) => types.has(e.type)).map((e) => e.eventId)).toEqual(wanted)
          for (let i = 1; i < read.length; i++) expect(read[i]!.position).toBeGreaterThan(read[i - 1]!.position)
          expect(read.at(-1)!.position).toBeGreaterThanOrEqual(whole.at(-1)!.position)
          if (ctx.capabilities.typeHint === true) {
            expect(read.slice(0, -1).filter((e) => !types.has(e.type))).toEqual([])
          }
        }
        // From the last position: nothing.
        expect(ours(yield* Stream.runCollect(store.readAll(whole.at(-1)!.position, { types })))).toEqual([])
      }))

    it.effect("AUD-1: every event carries prevHash and hash; the chain recomputes with EventHash and verify passes", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        yield* store.append(stream, "no_stream", [event(t.event(), { a: 1 }), event(t.event(), { b: [1, 2] }, { m: "x" })])
        yield* store.append(stream, 2, [event(t.event(), "text")])
        const stored = yield* store.readStream(stream)
        let prev = ""
        for (const e of stored) {
          expect(e.prevHash).toBe(prev)
          expect(e.hash).toBe(EventHash.hashEvent(prev, e, digest))
          prev = e.hash
        }
        const verified = yield* store.verify()
        expect(verified).toMatchObject({ ok: true })
        expect(verified.checked).toBeGreaterThanOrEqual(3)
      }))

    if (raw !== undefined) {
      it.effect("raw: what is stored is what was appended — canonical JSON text, one row per event, the chain's hashes", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          const payloads = [{ z: 1, a: { c: [3, "ä"], b: null } }, [true, false], 12.5]
          yield* store.append(stream, "no_stream", payloads.map((p) => event(t.event(), p, { by: "tester" })))
          const rows = (yield* raw.read).filter((r) => r.stream === stream)
          const stored = yield* store.readStream(stream)
          expect(rows.length).toBe(3)
          rows.forEach((row, i) => {
            expect(row.payload).toBe(EventHash.canonicalJson(payloads[i]))
            expect(row.metadata).toBe("{\"by\":\"tester\"}")
            expect(row).toMatchObject({
              position: stored[i]!.position,
              version: i + 1,
              eventId: stored[i]!.eventId,
              recordedAt: stored[i]!.recordedAt,
              prevHash: stored[i]!.prevHash,
              hash: stored[i]!.hash
            })
          })
        }))
    }

    it.effect("bad input is refused with InvalidEvent before any write: oversized, malformed, bad ids, empty or huge batches", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        const rowsBefore = raw === undefined ? 0 : (yield* raw.read).length
        const cyclic: Record<string, unknown> = {}
        cyclic.self = cyclic
        const bad: Array<[string, string, ReadonlyArray<unknown>]> = [
          ["oversized payload", stream, [event(t.event(), { text: "x".repeat(EventStore.MAX_EVENT_BYTES) })]],
          ["oversized metadata", stream, [event(t.event(), 1, { text: "x".repeat(EventStore.MAX_EVENT_BYTES) })]],
          ["NaN", stream, [event(t.event(), { n: Number.NaN })]],
          ["Infinity", stream, [event(t.event(), [Number.POSITIVE_INFINITY])]],
          ["a Date", stream, [event(t.event(), { at: new Date() })]],
          ["undefined in an array", stream, [event(t.event(), [1, undefined])]],
          ["a cycle", stream, [event(t.event(), cyclic)]],
          ["a lone surrogate", stream, [event(t.event(), { s: "\ud83d" })]],
          ["a bigint", stream, [event(t.event(), { n: 1n })]],
          ["no payload", stream, [{ eventId: t.event(), type: "T" }]],
          ["bad metadata", stream, [event(t.event(), 1, new Map())]],
          ["empty event id", stream, [event("")]],
          ["control character in the id", stream, [event("ev\u0000x")]],
          ["a lone surrogate in the id", stream, [event("ev\ud800x")]],
          ["event id over 200 characters", stream, [event("e".repeat(201))]],
          ["empty type", stream, [{ eventId: t.event(), type: "", payload: 1 }]],
          ["not an object", stream, [42]],
          ["same id twice in a batch", stream, [event("twice-" + t.prefix), event("twice-" + t.prefix)]],
          ["an empty batch", stream, []],
          ["a batch over the limit", stream, Array.from({ length: EventStore.MAX_BATCH + 1 }, () => event(t.event()))],
          ["a bad stream id", "bad stream id!", [event(t.event())]],
          ["an empty stream id", "", [event(t.event())]],
          ["a valid event followed by a bad one", stream, [event(t.event()), event(t.event(), { n: Number.NaN })]]
        ]
        for (const [label, target, events] of bad) {
          const reason = yield* failure(store.append(target, "any", events as ReadonlyArray<EventStore.NewEvent>))
          expect(reason._tag, label).toBe("InvalidEvent")
          expect(reason.isRetryable, label).toBe(false)
        }
        expect(yield* store.readStream(stream)).toEqual([])
        if (raw !== undefined) expect((yield* raw.read).length).toBe(rowsBefore)
        // Nothing half-written: the stream still starts at version 1.
        expect((yield* store.append(stream, "no_stream", [event(t.event())])).nextExpectedVersion).toBe(1)
        // The largest accepted event is exactly at the limit.
        const limit = "x".repeat(EventStore.MAX_EVENT_BYTES - 2)
        expect((yield* store.append(stream, 1, [event(t.event(), limit)])).nextExpectedVersion).toBe(2)
        expect((yield* store.readStream(stream, { fromVersion: 2 }))[0]!.payload).toBe(limit)
      }))

    it.effect("AUD-2: error messages carry ids and counts, never payload data", () =>
      Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const secret = "Yamada Taro, 1-2-3 Kitakami"
        const reasons = [
          yield* failure(store.append(t.stream(), "any", [event(t.event(), { name: secret, n: Number.NaN })])),
          yield* failure(store.append(t.stream(), "any", [event(t.event(), { name: secret.repeat(EventStore.MAX_EVENT_BYTES / 10) })])),
          yield* failure(store.append(t.stream(), 7, [event(t.event(), { name: secret })]))
        ]
        for (const reason of reasons) expect(JSON.stringify(new EventStore.EventStoreError({ reason }).message)).not.toContain("Yamada")
      }))
  })
}
