import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { readFileSync } from "node:fs"
import { Arbitrary, DateTime, Effect, Exit, Redacted, Schema } from "effect"
import { Command, DomainEvent } from "@kitakami-juso/core"
import * as SchemaFastPath from "../src/SchemaFastPath.ts"
import * as Examples from "../src/contract/examples.ts"
import { command, type Input, T, toInSupport, World } from "./support/world.ts"

// Every document × every path × every probe: seconds of CPU, 5.1 s once in CI on a slow shared
// machine, past vitest's default 5 s. A time limit here would test the machine, not the rule.
const EXHAUSTIVE = 60_000

type Json = null | boolean | number | string | Array<Json> | { [k: string]: Json }

/** Every event of a full case (with outreach and meetings), and every command that gave them. */
const story = (() => {
  const w = new World()
  const inputs: ReadonlyArray<Input> = [...toInSupport]
  for (const c of inputs) w.run(c)
  w.run({ _tag: "RecordContact", contactId: "o1", at: T("06-01T10:00"), by: "shakyo-outreach", activity: { _tag: "ResidentVisit" } })
  return {
    commands: [...inputs.map((c) => Command.encode(command(c))), ...Object.values(Examples.commands)] as ReadonlyArray<Json>,
    events: w.log.map(DomainEvent.encode) as ReadonlyArray<Json>
  }
})()

const membersOf = (union: { readonly members: ReadonlyArray<Schema.Top> }) =>
  new Map(union.members.map((m) => [(m as unknown as { fields: { _tag: { schema: { literal: string } } } }).fields._tag.schema.literal, m]))
const unions = [
  { noun: "event", members: membersOf(DomainEvent.DomainEvent), documents: story.events },
  { noun: "command", members: membersOf(Command.Command), documents: story.commands }
] as const

/** Every path to a value inside `v`. */
const paths = (v: Json, at: Array<string | number> = []): Array<Array<string | number>> => {
  if (Array.isArray(v)) return [...(at.length > 0 ? [at] : []), ...v.flatMap((x, i) => paths(x, [...at, i]))]
  if (v !== null && typeof v === "object") return [...(at.length > 0 ? [at] : []), ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))]
  return [at]
}
const replaceAt = (v: Json, path: ReadonlyArray<string | number>, next: Json | undefined): Json => {
  const copy = structuredClone(v)
  let parent = copy as Record<string | number, Json>
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>
  const key = path[path.length - 1]!
  if (next !== undefined) parent[key] = next
  else if (Array.isArray(parent)) parent.splice(key as number, 1)
  else delete parent[key]
  return copy
}

/** Replacement values that probe every check: types, lengths, patterns, dates, enums, lists. */
const probes: ReadonlyArray<Json | undefined> = [
  undefined, null, 0, -1, 1.5, 101, 3000, true, "", " ", "a".repeat(65), "a".repeat(201), "a".repeat(20_001), "x y", "other:", "other:x",
  "konkyu-shien-kaigi", "2025-02-30T10:00:00+09:00", "2025-13-01T00:00:00Z", "2025-04-01T09:00:00", "2025-04-01T09:00:00+09:00", [], [""], {}, { extra: 1 }
]

/** The interpreter's answer and the fast path's, for one input of a union member. */
const both = (members: ReadonlyMap<string, Schema.Top>, input: unknown) => {
  const tag = (input as { _tag?: unknown } | null)?._tag
  const member = typeof tag === "string" ? members.get(tag) : undefined
  if (member === undefined) return undefined
  const slow = Schema.decodeUnknownExit(member as Schema.Codec<unknown, unknown>, { errors: "all", onExcessProperty: "error" })(input)
  const fast = SchemaFastPath.compile(member)!(input)
  const encode = Schema.encodeSync(member as Schema.Codec<unknown, unknown>)
  return { slow, fast, encode }
}

/** The fast path agrees with the interpreter: it refuses what the interpreter refuses, and its values encode the same. */
const expectAgreement = (members: ReadonlyMap<string, Schema.Top>, input: unknown) => {
  const r = both(members, input)
  if (r === undefined) return
  if (Exit.isFailure(r.slow)) {
    expect(r.fast).toBe(SchemaFastPath.NO)
  } else if (r.fast !== SchemaFastPath.NO) {
    // Redacted values and instants compare by their encoded form (toEqual cannot see inside Redacted).
    expect(r.encode(r.fast)).toEqual(r.encode(r.slow.value))
  }
}

describe("SchemaFastPath: the fast decode path agrees with Effect's interpreter (PLN-9, AUD-1)", () => {
  it("PLN-9: every command and event member compiles (no shape falls back to the interpreter alone)", () => {
    for (const u of unions) for (const [tag, m] of u.members) expect(SchemaFastPath.compile(m), `${u.noun} ${tag}`).toBeDefined()
  })

  it("AUD-1: every valid event and command of a case takes the fast path, with the interpreter's value", () => {
    for (const u of unions) {
      for (const doc of u.documents) {
        const r = both(u.members, doc)!
        expect(Exit.isSuccess(r.slow)).toBe(true)
        expect(r.fast).not.toBe(SchemaFastPath.NO)
        expectAgreement(u.members, doc)
      }
    }
  })

  it("PLN-9: every field of every document replaced by each probe (removed, wrong type, too long, bad date, extra key …): same verdict", () => {
    let refused = 0
    for (const u of unions) {
      for (const doc of u.documents) {
        expectAgreement(u.members, { ...(doc as object), unknownKey: 1 })
        for (const p of paths(doc)) {
          for (const probe of probes) {
            const input = replaceAt(doc, p, probe)
            expectAgreement(u.members, input)
            const r = both(u.members, input)
            if (r !== undefined && Exit.isFailure(r.slow)) refused++
          }
        }
      }
    }
    // The probes really exercise refusals (a test that refuses nothing proves nothing).
    expect(refused).toBeGreaterThan(1000)
  }, EXHAUSTIVE)

  it("PLN-9: a field replaced by arbitrary JSON: same verdict (property)", () => {
    const documents = unions.flatMap((u) => u.documents.map((d) => [u.members, d] as const))
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.nat(), fc.jsonValue({ maxDepth: 3 }), ([members, doc], n, value) => {
        const all = paths(doc)
        expectAgreement(members, replaceAt(doc, all[n % all.length]!, value as Json))
      }),
      { numRuns: 2000 }
    )
  })

  it("PLN-9: hostile input (a throwing proxy) is left to the interpreter, never thrown", () => {
    const hostile = new Proxy({ _tag: "CaseClosed" }, { ownKeys: () => { throw new Error("boom") } })
    const decode = SchemaFastPath.compile(membersOf(DomainEvent.DomainEvent).get("CaseClosed")!)!
    expect(decode(hostile)).toBe(SchemaFastPath.NO)
  })
})

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/** A decoded value with the value at `path` replaced (`undefined` removes the key or element). */
const replaceDecodedAt = (v: unknown, path: ReadonlyArray<string | number>, next: unknown): unknown => {
  if (path.length === 0) return next
  const [k, ...rest] = path
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>
  const inner = replaceDecodedAt(copy[k!], rest, next)
  if (inner !== undefined) copy[k!] = inner
  else if (Array.isArray(copy)) copy.splice(k as number, 1)
  else delete copy[k!]
  return copy
}

/** The interpreter's encoding of a decoded value, or the error it throws. */
const interpreted = (schema: Schema.Top, value: unknown): { readonly ok: true; readonly json: string } | { readonly ok: false } => {
  try {
    return { ok: true, json: JSON.stringify(Schema.encodeSync(schema as Schema.Codec<unknown, unknown>)(value)) }
  } catch {
    return { ok: false }
  }
}

/** The fast encoder agrees with the interpreter: the same JSON, key order included, or NO where it throws. */
const expectSameEncoding = (schema: Schema.Top, value: unknown): boolean => {
  const slow = interpreted(schema, value)
  const fast = SchemaFastPath.compileEncoder(schema)!(value)
  if (!slow.ok) expect(fast).toBe(SchemaFastPath.NO)
  else if (fast !== SchemaFastPath.NO) expect(JSON.stringify(fast)).toBe(slow.json)
  return slow.ok
}

/** Every decoded value of every document, with the member (and the whole union) that encodes it. */
const decodedDocuments = unions.flatMap((u) =>
  u.documents.map((doc) => {
    const tag = (doc as { _tag: string })._tag
    const member = u.members.get(tag)!
    return { union: u.noun === "event" ? DomainEvent.DomainEvent : Command.Command, member, doc, value: Schema.decodeUnknownSync(member as Schema.Codec<unknown, unknown>)(doc) }
  })
)

/** Type-side replacements: plain strings where instants or personal fields belong, wrong types, extra keys. */
const typeProbes: ReadonlyArray<unknown> = [
  undefined, null, 0, "", "x", "2025-04-01T09:00:00Z", Redacted.make(""), Redacted.make("x"), Redacted.make("a".repeat(20_001)),
  DateTime.makeUnsafe("2025-04-01T00:00:00Z"), DateTime.makeZonedUnsafe("2025-04-01T09:00:00+09:00"), [], [""], {}, { extra: 1 }
]

describe("SchemaFastPath: the compiled encoder gives exactly Schema.encodeSync's JSON (issue 14, AUD-1)", () => {
  it("AUD-1: every command and event member, and both whole unions, compile", () => {
    for (const u of unions) for (const [tag, m] of u.members) expect(SchemaFastPath.compileEncoder(m), `${u.noun} ${tag}`).toBeDefined()
    expect(SchemaFastPath.compileEncoder(Command.Command)).toBeDefined()
    expect(SchemaFastPath.compileEncoder(DomainEvent.DomainEvent)).toBeDefined()
  })

  it("AUD-1: every event and command of a case encodes on the fast path to the interpreter's JSON, by member and by union", () => {
    for (const d of decodedDocuments) {
      for (const schema of [d.member, d.union]) {
        const fast = SchemaFastPath.compileEncoder(schema)!(d.value)
        expect(fast).not.toBe(SchemaFastPath.NO)
        expect(JSON.stringify(fast)).toBe(interpreted(schema, d.value).ok ? JSON.stringify(Schema.encodeSync(schema as Schema.Codec<unknown, unknown>)(d.value)) : "throws")
      }
    }
    // A key the schema does not name is dropped, as the interpreter drops it.
    for (const d of decodedDocuments) {
      const extra = { ...(d.value as object), unknownKey: 1 }
      expect(SchemaFastPath.compileEncoder(d.member)!(extra)).not.toBe(SchemaFastPath.NO)
      expect(expectSameEncoding(d.member, extra)).toBe(true)
    }
    // Command.encode and DomainEvent.encode take it.
    for (const d of decodedDocuments) {
      const encode = d.union === Command.Command ? Command.encode : DomainEvent.encode
      expect(JSON.stringify(encode(d.value as never))).toBe(JSON.stringify(Schema.encodeSync(d.union as Schema.Codec<unknown, unknown>)(d.value)))
    }
  })

  it("AUD-1: the CLI's demo commands encode byte for byte as the interpreter encodes them", () => {
    const demo: ReadonlyArray<unknown> = JSON.parse(readFileSync(new URL("../../cli/demo/8050-household.json", import.meta.url), "utf8"))
    expect(demo.length).toBeGreaterThan(20)
    for (const c of demo) {
      const command = Command.make(c as Command.Encoded)
      const fast = SchemaFastPath.compileEncoder(Command.Command)!(command)
      expect(fast).not.toBe(SchemaFastPath.NO)
      expect(JSON.stringify(fast)).toBe(JSON.stringify(Schema.encodeSync(Command.Command)(command)))
      expect(JSON.stringify(Command.encode(command))).toBe(JSON.stringify(Schema.encodeSync(Command.Command)(command)))
    }
  })

  it("PLN-9: every accepted mutation of every document (each probe at each path) encodes as the interpreter encodes it", () => {
    let encoded = 0
    for (const u of unions) {
      for (const doc of u.documents) {
        for (const p of paths(doc)) {
          for (const probe of probes) {
            const input = replaceAt(doc, p, probe)
            const member = u.members.get((input as { _tag?: string })._tag ?? "")
            if (member === undefined) continue
            const exit = Schema.decodeUnknownExit(member as Schema.Codec<unknown, unknown>, { onExcessProperty: "error" })(input)
            if (Exit.isFailure(exit)) continue
            expect(expectSameEncoding(member, exit.value)).toBe(true)
            expect(SchemaFastPath.compileEncoder(member)!(exit.value)).not.toBe(SchemaFastPath.NO)
            encoded++
          }
        }
      }
    }
    expect(encoded).toBeGreaterThan(500)
  }, EXHAUSTIVE)

  it("PLN-9: a decoded value with a field replaced (a plain string for an instant or a personal field, a wrong type, an extra key …): the same JSON, or NO where the interpreter throws", () => {
    let refused = 0
    for (const d of decodedDocuments) {
      for (const p of paths(d.doc)) {
        for (const probe of typeProbes) {
          for (const schema of [d.member, d.union]) {
            if (!expectSameEncoding(schema, replaceDecodedAt(d.value, p, probe))) refused++
          }
        }
      }
    }
    // The probes really exercise refusals (a test that refuses nothing proves nothing).
    expect(refused).toBeGreaterThan(1000)
  }, EXHAUSTIVE)

  it("PLN-9: a decoded value with a field replaced by arbitrary JSON or a type-side probe: the same JSON, or NO (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...decodedDocuments),
        fc.nat(),
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...typeProbes)),
        fc.boolean(),
        (d, n, value, whole) => {
          const all = paths(d.doc)
          expectSameEncoding(whole ? d.union : d.member, replaceDecodedAt(d.value, all[n % all.length]!, value))
        }
      ),
      { numRuns: 2000 }
    )
  })

  it.effect("AUD-1: every member of both unions: values derived from the member's type (Effect's Arbitrary) encode as the interpreter encodes them, or NO where it throws", () =>
    Effect.gen(function*() {
      // Instants far outside the years a record can carry encode to strings the pattern refuses: most are brought into range.
      const inRange = (v: unknown): unknown => {
        if (DateTime.isDateTime(v)) return DateTime.makeUnsafe(Math.min(Math.max(DateTime.toEpochMillis(v), 0), 4_102_444_800_000))
        if (Array.isArray(v)) return v.map(inRange)
        if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
          return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inRange(x)]))
        }
        return v
      }
      for (const u of unions) {
        for (const [tag, member] of u.members) {
          const values = yield* Arbitrary.sampleEffect(Arbitrary.schema(member), { count: 40 })
          let encoded = 0
          for (const v of [...values, ...values.map(inRange)]) {
            if (expectSameEncoding(member, v)) {
              expect(SchemaFastPath.compileEncoder(member)!(v), `${u.noun} ${tag}`).not.toBe(SchemaFastPath.NO)
              encoded++
            }
          }
          expect(encoded, `${u.noun} ${tag}`).toBeGreaterThan(20)
        }
      }
    }))

  it("AUD-1: SchemaFastPath.encodeSync throws the interpreter's error where the fast path refuses", () => {
    const d = decodedDocuments.find((x) => x.union === DomainEvent.DomainEvent)!
    const broken = { ...(d.value as object), at: "2025-04-01T09:00:00Z" }
    expect(SchemaFastPath.compileEncoder(DomainEvent.DomainEvent)!(broken)).toBe(SchemaFastPath.NO)
    expect(() => DomainEvent.encode(broken as never)).toThrow()
    expect(() => Schema.encodeSync(DomainEvent.DomainEvent)(broken as never)).toThrow()
  })

  it("PLN-9: a hostile value (a throwing proxy) is left to the interpreter, never thrown by the fast path", () => {
    const hostile = new Proxy({ _tag: "CaseClosed" }, { get: () => { throw new Error("boom") } })
    expect(SchemaFastPath.compileEncoder(DomainEvent.DomainEvent)!(hostile)).toBe(SchemaFastPath.NO)
  })
})
