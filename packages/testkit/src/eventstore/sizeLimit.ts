/**
 * The event size limit is `EventStore.MAX_EVENT_BYTES` of UTF-8 (payload plus metadata as
 * canonical JSON), not characters: multi-byte text reaches it three or four times sooner.
 * Runs for every adapter. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import { event, failure, ids } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

const MAX = EventStore.MAX_EVENT_BYTES

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  describe("size limit in UTF-8 bytes", () => {
    it.live("multi-byte text is measured in UTF-8 bytes: exactly at the limit is kept, one byte over (or payload + metadata over) is InvalidEvent", () =>
      ctx.withFresh(Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        // "北" is 3 bytes; the JSON string adds 2 quotes; "xx" pads to exactly MAX bytes.
        const atLimit = "北".repeat(Math.floor((MAX - 2) / 3)) + "x".repeat((MAX - 2) % 3)
        expect(Buffer.byteLength(JSON.stringify(atLimit))).toBe(MAX)
        const over: Array<[string, EventStore.NewEvent]> = [
          ["one byte over", event(t.event(), atLimit + "x")],
          ["kanji under the limit in characters, over it in bytes", event(t.event(), "北".repeat(Math.ceil(MAX / 2)))],
          ["emoji: 2 UTF-16 units, 4 bytes each", event(t.event(), "😀".repeat(MAX / 4 + 1))],
          ["payload and metadata together over", event(t.event(), "x".repeat(MAX / 2), { note: "北".repeat(Math.ceil(MAX / 6) + 10) })]
        ]
        for (const [label, e] of over) {
          const reason = yield* failure(store.append(stream, "any", [e]))
          expect(reason._tag, label).toBe("InvalidEvent")
        }
        expect(yield* store.readStream(stream)).toEqual([])
        yield* store.append(stream, "no_stream", [event(t.event(), atLimit)])
        expect((yield* store.readStream(stream))[0]!.payload).toBe(atLimit)
      })))
  })
}
