/**
 * Payload and metadata fidelity (AUD-1): what was appended comes back exactly — astral
 * characters, half-width kana and decomposed text unnormalised, falsy and large metadata kept.
 * Runs for every adapter. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import { all, event, ids } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

/** Text a store must not normalise, transcode or split: each must come back code unit for code unit. */
export const textCorpus: ReadonlyArray<string> = [
  "emoji 😀 family 👨‍👩‍👧 flag 🇯🇵",
  "𠮷野家 𩸽 (outside the BMP)",
  "ｶﾀｶﾅ ﾊﾝｶｸ ｶﾞｷﾞ ｰ｡｢｣", // half-width kana: NFKC would widen them
  "か\u3099 A\u030a e\u0301", // decomposed: NFC would compose them
  "ＡＢＣ １２３ ① ㈱ ㌔", // compatibility characters: NFKC would fold them
  "髙﨑 〜 ～ − －",
  "\u2028 line separator \u2029 paragraph",
  "tab\tcr\rlf\ncrlf\r\n",
  "quote \" backslash \\ slash /",
  "العربية ✓ Ω"
]

/** Metadata values a store must keep as given (only `null` or no metadata reads back as `null`). */
export const falsyMetadata: ReadonlyArray<unknown> = [0, false, "", [], {}, { n: 0, b: false, s: "", a: [] }]

const largeText = (unit: string, bytes: number) => unit.repeat(Math.floor(bytes / Buffer.byteLength(unit)))

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  describe("payload and metadata fidelity (AUD-1)", () => {
    it.live("astral characters, half-width kana, decomposed and compatibility text come back exactly, in payload, keys and metadata", () =>
      ctx.withFresh(Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        // Whole code points only: half a surrogate pair is not JSON (InvalidEvent).
        const head = (text: string, n: number) => Array.from(text).slice(0, n).join("")
        const events = textCorpus.map((text, i) =>
          event(t.event(), { text, list: [text, i], [`key ${head(text, 6)}`]: text }, { note: text, [head(text, 4)]: i })
        )
        yield* store.append(stream, "no_stream", events)
        const fromStream = yield* store.readStream(stream)
        const fromFeed = (yield* all(store)).filter((e) => e.stream === stream)
        for (const read of [fromStream, fromFeed]) {
          expect(read.length).toBe(events.length)
          read.forEach((e, i) => {
            expect(e.payload, `payload ${i}`).toStrictEqual(events[i]!.payload)
            expect(e.metadata, `metadata ${i}`).toStrictEqual(events[i]!.metadata ?? null)
          })
        }
      })))

    it.live("falsy metadata (0, false, \"\", [], {}) is kept; only null or no metadata reads back as null", () =>
      ctx.withFresh(Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        const events = [
          ...falsyMetadata.map((metadata) => event(t.event(), metadata, metadata)),
          event(t.event(), 1, null),
          event(t.event(), 1)
        ]
        yield* store.append(stream, "no_stream", events)
        const read = yield* store.readStream(stream)
        expect(read.map((e) => e.metadata)).toStrictEqual([...falsyMetadata, null, null])
        expect(read.map((e) => e.payload)).toStrictEqual([...falsyMetadata, 1, 1])
      })))

    it.live("large non-ASCII payloads and metadata (60 KB of kana, kanji and emoji) come back whole", () =>
      ctx.withFresh(Effect.gen(function*() {
        const store = yield* EventStore.EventStore
        const t = ids()
        const stream = t.stream()
        const big = [largeText("ｶﾅ北😀", 60_000), largeText("𠮷", 60_000), largeText("相談記録 ", 60_000)]
        const events = [
          event(t.event(), big[0]!),
          event(t.event(), 1, { note: big[1]! }),
          event(t.event(), { note: big[2]! }, { small: "ｶ" })
        ]
        for (const e of events) yield* store.append(stream, "any", [e])
        const read = yield* store.readStream(stream)
        expect(read.map((e) => e.payload)).toStrictEqual(events.map((e) => e.payload))
        expect(read.map((e) => e.metadata)).toStrictEqual(events.map((e) => e.metadata ?? null))
      })))
  })
}
