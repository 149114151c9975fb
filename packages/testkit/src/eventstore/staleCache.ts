/**
 * Two connections on one location see each other's writes at once: no connection serves a
 * stream, a version or the feed from a stale cache. Runs for {@link Durable} factories unless
 * the adapter declares `singleConnection`. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import { event, failure, feedUntil, ids } from "../internal/helpers.ts"
import { connect, type SuiteContext } from "./SuiteContext.ts"

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  const durable = ctx.durable
  if (durable === undefined || ctx.capabilities.singleConnection === true) return
  describe("two connections", () => {
    it.live("a write through one connection is read at once through another: readStream, versions, the feed, verify", () =>
      Effect.scoped(Effect.gen(function*() {
        const location = yield* durable.location
        const a = yield* connect(durable, location)
        const b = yield* connect(durable, location)
        const t = ids()
        const stream = t.stream()
        const ours = (f: ReadonlyArray<EventStore.StoredEvent>) => f.filter((e) => e.stream === stream)
        yield* a.append(stream, "no_stream", [event(t.event()), event(t.event())])
        // b reads (and may cache) the stream and the feed …
        expect((yield* b.readStream(stream)).length).toBe(2)
        expect(ours(yield* feedUntil(b, 0, (f) => ours(f).length >= 2)).length).toBe(2)
        // … then a writes again: b must see it, and must refuse a stale expected version.
        yield* a.append(stream, 2, [event(t.event())])
        expect((yield* b.readStream(stream)).map((e) => e.version)).toEqual([1, 2, 3])
        expect((yield* b.readStream(stream, { fromVersion: 3 })).length).toBe(1)
        expect(yield* failure(b.append(stream, 2, [event(t.event())]))).toMatchObject({ _tag: "VersionConflict", actual: 3 })
        expect(ours(yield* feedUntil(b, 0, (f) => ours(f).length >= 3)).length).toBe(3)
        yield* b.append(stream, 3, [event(t.event())])
        expect((yield* a.readStream(stream)).map((e) => e.version)).toEqual([1, 2, 3, 4])
        expect(yield* failure(a.append(stream, 3, [event(t.event())]))).toMatchObject({ _tag: "VersionConflict", actual: 4 })
        // An event id taken through a is a duplicate through b.
        const taken = t.event()
        yield* a.append(t.stream("x"), "no_stream", [event(taken)])
        expect((yield* failure(b.append(t.stream("y"), "no_stream", [event(taken)])))._tag).toBe("DuplicateEvent")
        expect(yield* b.verify()).toMatchObject({ ok: true })
        expect(yield* a.verify()).toMatchObject({ ok: true })
      })), 60_000)
  })
}
