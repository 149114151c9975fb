import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Exit, Schema } from "effect"
import { Command, DomainEvent } from "@kitakami-juso/core"
import * as SchemaFastPath from "../src/SchemaFastPath.ts"
import * as Examples from "../src/contract/examples.ts"
import { command, type Input, T, toInSupport, World } from "./support/world.ts"

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
  })

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
