/**
 * AUD-2 for every refusal: error messages and error fields carry ids and counts, never payload
 * or metadata — a duplicate, a reused idempotency key, a version conflict, invalid input.
 * Runs for every adapter. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import { event, failure, ids } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

const SECRETS = ["山田 太郎", "北上市本通り1-2-3", "Yamada Taro"]

const leaks = (text: string) => SECRETS.filter((s) => text.includes(s))

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  describe("no personal data in errors (AUD-2)", () => {
    it.live("DuplicateEvent, IdempotencyConflict, VersionConflict and InvalidEvent never quote payload or metadata", () =>
      ctx.withFresh(Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const personal = { name: SECRETS[0], address: SECRETS[1], romaji: SECRETS[2] }
        const taken = t.event()
        const key = t.key()
        yield* store.append(t.stream("a"), "no_stream", [event(taken, personal, personal)], { idempotencyKey: key })
        const reasons: Array<[string, EventStore.EventStoreErrorReason]> = [
          ["DuplicateEvent", yield* failure(store.append(t.stream("b"), "no_stream", [event(t.event(), personal), event(taken, personal, personal)]))],
          ["IdempotencyConflict", yield* failure(store.append(t.stream("a"), "any", [event(t.event(), personal, personal)], { idempotencyKey: key }))],
          ["VersionConflict", yield* failure(store.append(t.stream("a"), 9, [event(t.event(), personal, personal)]))],
          ["InvalidEvent", yield* failure(store.append(t.stream("c"), "any", [event(t.event(), { ...personal, n: Number.NaN }, personal)]))],
          ["InvalidEvent (size)", yield* failure(store.append(t.stream("c"), "any", [event(t.event(), { note: SECRETS.join(" ").repeat(5000) })]))]
        ]
        for (const [label, reason] of reasons) {
          expect(reason._tag, label).toBe(label.split(" ")[0])
          const error = new EventStore.EventStoreError({ reason })
          expect(leaks(error.message), `${label}: message`).toEqual([])
          expect(leaks(String(error)), `${label}: toString`).toEqual([])
          expect(leaks(JSON.stringify(reason)), `${label}: fields`).toEqual([])
        }
      })))
  })
}
