import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Result } from "effect"
import { Command, DomainEvent } from "@kitakami-juso/core"
import { command, type Input, T, toInSupport, World } from "./support/world.ts"

/** Every command of a full case, and every event it gave. */
const story = (() => {
  const w = new World()
  const inputs: ReadonlyArray<Input> = [...toInSupport]
  for (const c of inputs) w.run(c)
  w.run({ _tag: "RecordContact", contactId: "o1", at: T("06-01T10:00"), by: "shakyo-outreach", activity: { _tag: "ResidentVisit" } })
  return { commands: inputs.map((c) => Command.encode(command(c))), events: w.log.map(DomainEvent.encode) }
})()

const isTyped = (r: Result.Result<unknown, { readonly _tag: string }>, tag: string) =>
  Result.isSuccess(r) || (r.failure._tag === tag && typeof (r.failure as { message?: unknown }).message === "string")

describe("Decoding untrusted input (PLN-9, AUD-2)", () => {
  it("PLN-9: arbitrary JSON is a command or an InvalidCommand, an event or an UndecodableEvent — never a throw", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        expect(isTyped(Command.decode(json), "InvalidCommand")).toBe(true)
        expect(isTyped(DomainEvent.decode(json), "UndecodableEvent")).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("PLN-9: arbitrary values (functions, symbols, cycles aside) never throw either", () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true }), (u) => {
        expect(isTyped(Command.decode(u), "InvalidCommand")).toBe(true)
        expect(isTyped(DomainEvent.decode(u), "UndecodableEvent")).toBe(true)
      }),
      { numRuns: 300 }
    )
    const hostile = new Proxy({}, { get: () => { throw new Error("boom") }, ownKeys: () => { throw new Error("boom") } })
    expect(Result.isFailure(Command.decode(hostile))).toBe(true)
    expect(Result.isFailure(DomainEvent.decode(hostile))).toBe(true)
  })

  it("PLN-9: a valid command or event with one field replaced by arbitrary JSON decodes or fails typed", () => {
    const documents = [...story.commands, ...story.events] as ReadonlyArray<Record<string, unknown>>
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.nat(), fc.jsonValue(), (doc, n, value) => {
        const keys = Object.keys(doc)
        const mutated = { ...doc, [keys[n % keys.length]!]: value }
        expect(isTyped(Command.decode(mutated), "InvalidCommand")).toBe(true)
        expect(isTyped(DomainEvent.decode(mutated), "UndecodableEvent")).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("AUD-1: every event and command of a case round-trips through its JSON form", () => {
    for (const e of story.events) {
      const decoded = DomainEvent.decode(e)
      expect(Result.isSuccess(decoded) && DomainEvent.encode(decoded.success)).toEqual(e)
    }
    for (const c of story.commands) {
      const decoded = Command.decode(c)
      expect(Result.isSuccess(decoded) && Command.encode(decoded.success)).toEqual(c)
    }
    expect(story.events.length).toBeGreaterThan(10)
  })

  it("PLN-9: instants need an explicit offset; ids a safe shape", () => {
    const base = Command.encode(command(toInSupport[0]!)) as Record<string, unknown>
    for (const at of ["2025-04-01", "2025-04-01T09:00:00", "yesterday", "2025-13-01T00:00:00Z"]) {
      expect(Result.isFailure(Command.decode({ ...base, at }))).toBe(true)
    }
    expect(Result.isFailure(Command.decode({ ...base, commandId: "../../etc/passwd" }))).toBe(true)
    expect(Result.isSuccess(Command.decode(base))).toBe(true)
  })
})
