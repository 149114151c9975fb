/**
 * The vendor contract (PLN-9, AUD-2): JSON Schema 2020-12 for every command and event, generated
 * from the Effect schemas, described in Japanese and English, with one valid example per command,
 * checked by an independent validator (ajv) and shown to agree with the Effect decoder.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Ajv2020 } from "ajv/dist/2020.js"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Command, Contract, DomainEvent } from "../src/index.ts"

const makeAjv = () => {
  const ajv = new Ajv2020({ strict: true, strictTuples: false, allErrors: true })
  ajv.addKeyword(Contract.JA)
  return ajv
}
const ajv = makeAjv()
const validateCommand = ajv.compile(Contract.bundle("command"))
const validateEvent = ajv.compile(Contract.bundle("event"))

/** Every property schema of a document with its path, through unions and array elements. */
const properties = (node: unknown, path = ""): Array<readonly [string, Record<string, unknown>]> => {
  if (node === null || typeof node !== "object") return []
  const n = node as Record<string, unknown>
  const out: Array<readonly [string, Record<string, unknown>]> = []
  for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const p = path === "" ? k : `${path}.${k}`
    out.push([p, v], ...properties(v, p))
  }
  for (const key of ["anyOf", "oneOf"]) for (const b of (n[key] ?? []) as Array<unknown>) out.push(...properties(b, path))
  for (const b of (n.prefixItems ?? []) as Array<unknown>) out.push(...properties(b, `${path}[]`))
  if (typeof n.items === "object") out.push(...properties(n.items, `${path}[]`))
  return out
}

const commandTags = Command.Command.members.map((m) => (m as unknown as { fields: { _tag: { schema: { literal: string } } } }).fields._tag.schema.literal)

describe("the vendor contract (JSON Schema 2020-12)", () => {
  it("PLN-9: one schema per command and per event, each refusing unknown keys", () => {
    const entries = Contract.entries()
    expect(entries.filter((e) => e.kind === "command").map((e) => e.tag)).toEqual(commandTags)
    expect(entries.filter((e) => e.kind === "event")).toHaveLength(DomainEvent.DomainEvent.members.length)
    for (const e of entries) {
      expect(e.schema.$schema).toBe(Contract.dialect)
      expect(e.schema.additionalProperties, e.tag).toBe(false)
    }
  })

  it("every message and every field is described in Japanese and English", () => {
    const missing: Array<string> = []
    for (const e of Contract.entries()) {
      if (typeof e.schema.description !== "string" || typeof e.schema[Contract.JA] !== "string") missing.push(e.tag)
      for (const [path, p] of properties(e.schema)) {
        if (typeof p.description !== "string" || typeof p[Contract.JA] !== "string") missing.push(`${e.tag}.${path}`)
      }
    }
    expect(missing).toEqual([])
  })

  it("every command has one example that ajv accepts and the Effect schema decodes", () => {
    for (const tag of commandTags) {
      const schema = Contract.schemaOf(tag)!
      const examples = schema.examples as ReadonlyArray<unknown>
      expect(examples, tag).toHaveLength(1)
      const example = examples[0]
      expect(validateCommand(example), `${tag}: ${ajv.errorsText(validateCommand.errors)}`).toBe(true)
      expect(makeAjv().validate(schema, example), `${tag} (its own file)`).toBe(true)
      const decoded = Command.decode(example)
      expect(Result.isSuccess(decoded), `${tag}: ${Result.isFailure(decoded) ? decoded.failure.message : ""}`).toBe(true)
    }
  })

  it("the events the examples stand for are valid events too (schemas of both sides agree on shared fields)", () => {
    const refer = Contract.examples.ReferCase!
    const { commandId: _c, ...rest } = refer
    const event = { ...rest, _tag: "CaseReferred", eventId: "ex-refer/0", at: "2025-04-10T01:00:00.000Z" }
    expect(validateEvent(event), ajv.errorsText(validateEvent.errors)).toBe(true)
    expect(Result.isSuccess(DomainEvent.decode(event))).toBe(true)
  })

  it("the shipped files are the generated documents (run `pnpm --filter @kitakami-juso/core contract` after a schema change)", () => {
    const root = join(import.meta.dirname, "..", "contract")
    for (const [path, schema] of Contract.files()) {
      const text = readFileSync(join(root, path), "utf8")
      expect(JSON.parse(text), path).toEqual(schema)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Agreement: ajv and the Effect decoder accept and refuse the same inputs.
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }

const ids = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/)
const instants = fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).chain((d) =>
  fc.constantFrom("Z", "+09:00", "-05:30").map((offset) => {
    const shift = offset === "Z" ? 0 : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
    return new Date(d.getTime() + shift * 60_000).toISOString().slice(0, 19) + offset
  })
)

/** Leaves of a JSON value as paths. */
const leaves = (v: Json, path: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> =>
  v !== null && typeof v === "object"
    ? Object.entries(v).flatMap(([k, c]) => leaves(c as Json, [...path, Array.isArray(v) ? Number(k) : k]))
    : [path]

const objects = (v: Json, path: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> =>
  v !== null && typeof v === "object"
    ? [...(Array.isArray(v) ? [] : [path]), ...Object.entries(v).flatMap(([k, c]) => objects(c as Json, [...path, Array.isArray(v) ? Number(k) : k]))]
    : []

const update = (v: Json, path: ReadonlyArray<string | number>, f: (old: Json) => Json | undefined): Json => {
  if (path.length === 0) return f(v) ?? null
  const [head, ...rest] = path
  if (Array.isArray(v)) return v.map((c, i) => (i === head ? update(c, rest, f) : c))
  const o = v as { readonly [k: string]: Json }
  const copy: { [k: string]: Json } = { ...o }
  if (rest.length === 0) {
    const next = f(o[head as string] ?? null)
    if (next === undefined) delete copy[head as string]
    else copy[head as string] = next
  } else copy[head as string] = update(o[head as string] ?? null, rest, f)
  return copy
}

/** A mutation of a valid command: some keep it valid, most break it in one way. */
const mutation = (example: Json): fc.Arbitrary<Json> => {
  const leafPaths = leaves(example)
  const objectPaths = objects(example)
  const pick = <A>(xs: ReadonlyArray<A>) => fc.constantFrom(...xs)
  return fc.oneof(
    // still valid: other ids and instants where ids and instants are
    fc.tuple(pick(leafPaths), ids, instants).map(([p, id, at]) => update(example, p, (old) => {
      const key = String(p[p.length - 1])
      if (/(^|\.)(at|validFrom|validUntil)$/.test(key)) return at
      return typeof old === "string" && /Id$/.test(key) ? id : old
    })),
    // a leaf replaced by any JSON value
    fc.tuple(pick(leafPaths), fc.jsonValue({ maxDepth: 2 })).map(([p, j]) => update(example, p, () => j as Json)),
    // a string leaf replaced by another string (ids, enums, dates, personal text)
    fc.tuple(pick(leafPaths), fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 5 }), instants.map((s) => s.replace("T", " ")))).map(([p, s]) =>
      update(example, p, () => s)
    ),
    // a key dropped
    fc.tuple(pick(leafPaths)).map(([p]) => update(example, p, () => undefined)),
    // an unknown key added to some object
    fc.tuple(pick(objectPaths), fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 1 })).map(([p, k, j]) =>
      update(example, p, (o) => (o !== null && typeof o === "object" && !Array.isArray(o) && !(k in o) ? { ...o, [k]: j as Json } : o))
    ),
    // another command's tag on this command's fields
    pick(commandTags).map((tag) => update(example, ["_tag"], () => tag))
  )
}

describe("ajv and the Effect decoder agree (property)", () => {
  it("PLN-9, AUD-2: on valid and mutated commands, both accept or both refuse", () => {
    const examples = commandTags.map((t) => Contract.examples[t] as Json)
    fc.assert(
      fc.property(fc.constantFrom(...examples).chain(mutation), (input) => {
        const byAjv = validateCommand(input) === true
        const byEffect = Result.isSuccess(Command.decode(input))
        expect(byEffect, JSON.stringify(input)).toBe(byAjv)
      }),
      { numRuns: 600 }
    )
  }, 120_000)
})

describe("string lengths mean the same to ajv and the Effect decoder", () => {
  // MTG-5: another existing meeting is `other:<name>`, a name of 1 to 100 characters. Effect's
  // UTF-16 `isMinLength(7)` is published as `minLength: 4`, which admitted `other:` itself.
  const tag = Object.keys(Contract.examples).find((t) => JSON.stringify(Contract.examples[t]).includes("jointWith"))!
  const withJoint = (jointWith: string) => ({ ...(Contract.examples[tag] as Record<string, Json>), jointWith: [jointWith] })
  it.each([
    ["an empty name", "other:", false],
    ["a one-character name", "other:x", true],
    ["100 kanji", `other:${"要".repeat(100)}`, true],
    ["101 kanji", `other:${"要".repeat(101)}`, false],
    ["100 astral characters (200 UTF-16 units)", `other:${"𠮷".repeat(100)}`, true],
    ["101 astral characters", `other:${"𠮷".repeat(101)}`, false]
  ])("MTG-5: jointWith other:<%s>: valid %s for both", (_label, name, valid) => {
    const input = withJoint(name)
    expect(validateCommand(input) === true, "ajv").toBe(valid)
    expect(Result.isSuccess(Command.decode(input)), "Effect").toBe(valid)
  })
})

describe("free-text lengths are code points for ajv and the Effect decoder alike", () => {
  // Every free-text field of the command examples (a string with `maxLength` and no pattern or
  // enum: names, addresses, notes, organisations, sources): at the limit in characters outside
  // the Basic Multilingual Plane (two UTF-16 units each) valid for both, one more refused by
  // both. Before, the decoder counted UTF-16 units and refused what the published schema allowed.
  // Optional free-text fields the examples leave out are added to a copy first.
  const added: ReadonlyArray<readonly [string, Json]> = [
    ["ReferCase", { ...(Contract.examples.ReferCase as Record<string, Json>), from: { kind: "organisation", name: "民生委員協議会" } }],
    ["RecordContact", { ...(Contract.examples.RecordContact as Record<string, Json>), activity: { _tag: "OrganisationVisit", organisation: "黒沢尻北地区の事業所" } }],
    ["RecordSurveyResult", { ...(Contract.examples.RecordSurveyResult as Record<string, Json>), source: "令和7年度北上市民意識調査" }]
  ]
  const examples: ReadonlyArray<readonly [string, Json]> = [...Object.entries(Contract.examples as Record<string, Json>), ...added]
  const cases = new Map<string, readonly [Json, ReadonlyArray<string | number>, number]>()
  for (const [tag, example] of examples) {
    const schema = Contract.schemaOf(tag)
    const paths = new Set(leaves(example).map((p) => p.map((k) => (typeof k === "number" ? "[]" : k)).join(".").replaceAll(".[]", "[]")))
    for (const [path, p] of properties(schema)) {
      if (p.type !== "string" || typeof p.maxLength !== "number" || p.pattern !== undefined || p.enum !== undefined) continue
      if (!paths.has(path)) continue
      const at = path.split(".").flatMap((k) => (k.endsWith("[]") ? [k.slice(0, -2), 0] : [k]))
      cases.set(`${tag}.${path}`, [example, at, p.maxLength])
    }
  }

  it("the added optional fields are valid as given", () => {
    for (const [tag, example] of added) {
      expect(validateCommand(example) === true, `ajv ${tag}`).toBe(true)
      expect(Result.isSuccess(Command.decode(example)), `Effect ${tag}`).toBe(true)
    }
  })

  it("covers names, addresses, notes, organisations' names and sources", () => {
    for (const expected of ["ReferCase.members[].name", "ReferCase.members[].address", "ReferCase.note", "ReferCase.from.name", "RecordContact.activity.organisation", "RecordSurveyResult.source"]) {
      expect([...cases.keys()]).toContain(expected)
    }
  })

  it.each([...cases].map(([label, [example, at, max]]) => [label, example, at, max] as const))(
    "%s: the limit in astral characters is valid for both, one more for neither",
    (_label, example, at, max) => {
      for (const [n, valid] of [[max, true], [max + 1, false]] as const) {
        const input = update(example, at, () => "𠮷".repeat(n))
        expect(validateCommand(input) === true, `ajv, ${n}`).toBe(valid)
        const decoded = Command.decode(input)
        expect(Result.isSuccess(decoded), `Effect, ${n}`).toBe(valid)
        // The refusal says what the limit is, in characters, and never quotes the text (AUD-2).
        if (Result.isFailure(decoded)) {
          expect(decoded.failure.message).toContain(`at most ${max} characters`)
          expect(decoded.failure.message).not.toContain("𠮷")
        }
      }
    }
  )
})
