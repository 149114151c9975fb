import { describe, expect, it } from "@effect/vitest"
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import * as fc from "fast-check"
import { EventHash } from "@kitakami-juso/core"

// A reference canonical form, written independently: JSON.stringify's text with every
// object's keys sorted by Array.prototype.sort (a JS object cannot hold "" before "0").
const sortedReference = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(sortedReference).join(",")}]`
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${sortedReference(record[k])}`).join(",")}}`
  }
  return JSON.stringify(value)
}

const json = fc.json().map((text) => JSON.parse(text) as unknown)

describe("EventHash", () => {
  it("AUD-1: sha256Hex and the unkeyed chain's digest (Node's SHA-256 here) equal the pure-JS SHA-256 browsers use, on any text, lone surrogates and astral characters included", () => {
    const pureJs = (text: string) => bytesToHex(sha256(utf8ToBytes(text)))
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => EventHash.sha256Hex(text) === pureJs(text) && EventHash.unkeyed.hex(text) === pureJs(text)))
    for (const text of ["", "\ud800", "a\udc00b", "北上市 🏠", "x".repeat(10_000)]) {
      expect(EventHash.sha256Hex(text)).toBe(pureJs(text))
      expect(EventHash.unkeyed.hex(text)).toBe(pureJs(text))
    }
    // The known digest of the empty text (FIPS 180-2).
    expect(EventHash.sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  })

  it("AUD-1: canonical JSON is JSON.stringify with keys sorted, whatever order the keys were built in", () => {
    fc.assert(fc.property(json, (value) => EventHash.canonicalJson(value) === sortedReference(value)))
    expect(EventHash.canonicalJson({ b: 1, a: { d: [1, "x"], c: null } })).toBe(EventHash.canonicalJson({ a: { c: null, d: [1, "x"] }, b: 1 }))
  })

  it("AUD-1: encodeJson accepts exactly the JSON that round-trips, and agrees with canonicalJson", () => {
    fc.assert(
      fc.property(json, (value) => {
        const encoded = EventHash.encodeJson(value)
        return "json" in encoded && encoded.json === EventHash.canonicalJson(value)
          && EventHash.canonicalJson(JSON.parse(encoded.json)) === encoded.json
      })
    )
  })

  it("AUD-1: encodeJson refuses values that would not come back as written, naming no data", () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    let deep: unknown = 1
    for (let i = 0; i < 70; i++) deep = [deep]
    class Note {
      readonly text = "x"
    }
    const refused: Array<unknown> = [
      undefined,
      Number.NaN,
      { n: Number.POSITIVE_INFINITY },
      [1, undefined],
      { at: new Date(0) },
      new Map(),
      new Note(),
      { s: "\ud800" },
      { ["\udc00"]: 1 },
      { big: 1n },
      { f: () => 1 },
      cyclic,
      deep
    ]
    for (const value of refused) {
      const result = EventHash.encodeJson(value)
      expect(result, String(typeof value)).toHaveProperty("problem")
      expect(JSON.stringify(result)).not.toContain("secret")
    }
    // Properties whose value is undefined are simply absent, as in JSON.stringify.
    expect(EventHash.encodeJson({ a: 1, b: undefined })).toEqual({ json: "{\"a\":1}" })
  })

  it("AUD-1: hashEncoded over canonical text equals hashEvent over values (one chain for every adapter)", () => {
    fc.assert(
      fc.property(
        fc.record({
          prev: fc.oneof(fc.constant(""), fc.stringMatching(/^[0-9a-f]{64}$/)),
          stream: fc.string({ minLength: 1 }),
          version: fc.integer({ min: 1, max: 1_000_000 }),
          eventId: fc.string({ minLength: 1 }),
          type: fc.string({ minLength: 1 }),
          payload: json,
          metadata: fc.option(json, { nil: null }),
          recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
        }),
        (e) => {
          const payload = EventHash.canonicalJson(e.payload)
          const metadata = e.metadata === null ? null : EventHash.canonicalJson(e.metadata)
          return EventHash.hashEncoded(e.prev, { ...e, payload, metadata })
            === EventHash.hashEvent(e.prev, { ...e, payload: e.payload as never, metadata: e.metadata as never })
        }
      )
    )
  })

  it("AUD-1: canonical JSON stays exact when the same keys come back (remembered field names, keys needing escapes, keys that are not field names)", () => {
    const keys = fc.constantFrom("caseId", "from", "a.b-c_$", "x".repeat(65), "名前", "q\"uote", "back\\slash", "tab\t", "\u2028", "")
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.integer(), fc.string(), fc.dictionary(keys, tie("node"), { maxKeys: 5 }), fc.array(tie("node"), { maxLength: 3 }))
    })).node
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
      for (const v of values) {
        expect(EventHash.canonicalJson(v)).toBe(sortedReference(v))
        expect(EventHash.encodeJson(v)).toEqual({ json: sortedReference(v) })
      }
    }), { numRuns: 300 })
  })

  it("AUD-1: chainEncoded gives an append's events the same hashes as hashEvent one by one, keyed or not (strings with escapes, repeated and changing types)", () => {
    const text = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom("T", "a\"b", "back\\slash", "new\nline", "\u2028", "\ud800"))
    fc.assert(
      fc.property(
        fc.record({
          prev: fc.oneof(fc.constant(""), fc.stringMatching(/^[0-9a-f]{64}$/)),
          stream: text,
          fromVersion: fc.integer({ min: 0, max: 1_000_000 }),
          recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          events: fc.array(fc.record({ eventId: text, type: text, payload: json, metadata: fc.option(json, { nil: null }) }), { minLength: 1, maxLength: 6 }),
          keyed: fc.boolean()
        }),
        (a) => {
          const digest = a.keyed ? EventHash.keyed("chain-key") : EventHash.unkeyed
          const encoded = a.events.map((e) => ({
            ...e,
            payload: EventHash.canonicalJson(e.payload),
            metadata: e.metadata === null ? null : EventHash.canonicalJson(e.metadata)
          }))
          const expected: Array<string> = []
          let prev = a.prev
          a.events.forEach((e, i) => {
            prev = EventHash.hashEvent(prev, {
              stream: a.stream,
              version: a.fromVersion + i + 1,
              eventId: e.eventId,
              type: e.type,
              payload: e.payload as never,
              metadata: e.metadata as never,
              recordedAt: a.recordedAt
            }, digest)
            expected.push(prev)
          })
          expect(EventHash.chainEncoded(a.prev, a.stream, a.fromVersion, a.recordedAt, encoded, digest)).toEqual(expected)
        }
      ),
      { numRuns: 200 }
    )
  })

  it("AUD-1: the chain links: a hash depends on the previous hash and on every field", () => {
    const base = { stream: "case-1", version: 1, eventId: "e1", type: "T", payload: { a: 1 }, metadata: null, recordedAt: "2026-04-01T00:00:00.000Z" }
    const h = EventHash.hashEvent("", base)
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    expect(EventHash.hashEvent("x", base)).not.toBe(h)
    for (const changed of [{ stream: "case-2" }, { version: 2 }, { eventId: "e2" }, { type: "U" }, { payload: { a: 2 } }, { metadata: { m: 1 } }, { recordedAt: "2026-04-01T00:00:00.001Z" }]) {
      expect(EventHash.hashEvent("", { ...base, ...changed })).not.toBe(h)
    }
  })

  it("hashRequestEncoded equals hashRequest: a replay is recognised whatever the key order", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.array(fc.record({ eventId: fc.string(), type: fc.string(), payload: json, metadata: fc.option(json, { nil: undefined }) }), { minLength: 1, maxLength: 5 }), (stream, events) => {
        const encoded = events.map((e) => ({
          eventId: e.eventId,
          type: e.type,
          payload: EventHash.canonicalJson(e.payload),
          metadata: e.metadata === undefined || e.metadata === null ? null : EventHash.canonicalJson(e.metadata)
        }))
        return EventHash.hashRequestEncoded(stream, encoded) === EventHash.hashRequest(stream, events)
      })
    )
    expect(EventHash.hashRequest("s", [{ eventId: "e", type: "T", payload: { a: 1, b: 2 } }]))
      .toBe(EventHash.hashRequest("s", [{ eventId: "e", type: "T", payload: { b: 2, a: 1 } }]))
  })
})
