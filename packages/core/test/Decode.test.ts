import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Result } from "effect"
import { Command, CommandBatch, DomainEvent } from "@kitakami-juso/core"
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

/** `[[[…[]…]]]` nested `depth` deep, built iteratively (a recursive builder would overflow first). */
const deepArray = (depth: number): unknown => {
  let v: unknown = []
  for (let i = 0; i < depth; i++) v = [v]
  return v
}
/** `{"a":{"a":…{}…}}` nested `depth` deep, built iteratively. */
const deepObject = (depth: number): unknown => {
  let v: unknown = {}
  for (let i = 0; i < depth; i++) v = { a: v }
  return v
}
/** An object with `n` keys. */
const wideObject = (n: number): Record<string, unknown> => {
  const o: Record<string, unknown> = {}
  for (let i = 0; i < n; i++) o[`k${i}`] = i
  return o
}

const DEPTH = 100_000
const KEYS = 100_000
const HUGE = "x".repeat(10 * 1024 * 1024)
const pathological: ReadonlyArray<readonly [string, unknown]> = [
  [`arrays nested ${DEPTH} deep`, deepArray(DEPTH)],
  [`objects nested ${DEPTH} deep`, deepObject(DEPTH)],
  [`an object with ${KEYS} keys`, wideObject(KEYS)],
  ["a 10 MB string", HUGE]
]

/**
 * Runs `decode` and reports what came back; a throw (a RangeError from stack overflow included) is
 * returned as "threw" so the assertion names it. A typed failure must also stay small: its message
 * and issues name paths and expectations, never the (huge) input (AUD-2).
 */
const outcome = (decode: () => Result.Result<unknown, { readonly _tag: string; readonly message: string }>) => {
  let r: Result.Result<unknown, { readonly _tag: string; readonly message: string }>
  try {
    r = decode()
  } catch (e) {
    return `threw ${e instanceof Error ? e.name : typeof e}`
  }
  if (Result.isSuccess(r)) return "success"
  expect(typeof r.failure.message).toBe("string")
  expect(JSON.stringify(r.failure).length).toBeLessThan(20_000)
  return r.failure._tag
}

describe("Decoding pathological input never throws and never hangs (PLN-9, AUD-2)", () => {
  const validCommand = story.commands[1] as Record<string, unknown>
  const validEvent = story.events[1] as Record<string, unknown>
  const TIMEOUT = 10_000

  for (const [name, value] of pathological) {
    it(`PLN-9 / AUD-2: ${name} is refused with a typed error — as a whole, in every field, as a batch element`, () => {
      expect(outcome(() => Command.decode(value))).toBe("InvalidCommand")
      expect(outcome(() => DomainEvent.decode(value))).toBe("UndecodableEvent")
      expect(outcome(() => CommandBatch.decodeBatch(value))).toBe("BatchRefused")
      expect(outcome(() => CommandBatch.decodeBatch([validCommand, value]))).toBe("BatchRefused")
      for (const key of Object.keys(validCommand)) {
        expect(outcome(() => Command.decode({ ...validCommand, [key]: value })), `command field ${key}`).toBe("InvalidCommand")
        expect(outcome(() => CommandBatch.decodeBatch([{ ...validCommand, [key]: value }])), `batch, command field ${key}`).toBe("BatchRefused")
      }
      for (const key of Object.keys(validEvent)) {
        expect(outcome(() => DomainEvent.decode({ ...validEvent, [key]: value })), `event field ${key}`).toBe("UndecodableEvent")
      }
    }, TIMEOUT)

    it(`PLN-9 / AUD-2: ${name} under an unknown key of a valid command or event is refused, naming the key`, () => {
      expect(outcome(() => Command.decode({ ...validCommand, extra: value }))).toBe("InvalidCommand")
      expect(outcome(() => DomainEvent.decode({ ...validEvent, extra: value }))).toBe("UndecodableEvent")
      expect(outcome(() => CommandBatch.decodeBatch([{ ...validCommand, extra: value }]))).toBe("BatchRefused")
      const refused = Command.decode({ ...validCommand, extra: value })
      expect(Result.isFailure(refused) && refused.failure.issues.map((i) => i.path)).toEqual(["extra"])
    }, TIMEOUT)
  }

  it("PLN-9 / AUD-2: a valid command or event spread over an object with 100,000 other keys is refused (unknown keys); a batch of 100,000 non-commands is refused, one of 10,000 valid commands decodes", () => {
    const wide = wideObject(KEYS)
    expect(outcome(() => Command.decode({ ...wide, ...validCommand }))).toBe("InvalidCommand")
    expect(outcome(() => DomainEvent.decode({ ...wide, ...validEvent }))).toBe("UndecodableEvent")
    expect(outcome(() => CommandBatch.decodeBatch(Object.keys(wide)))).toBe("BatchRefused")
    expect(outcome(() => CommandBatch.decodeBatch(Array.from({ length: 10_000 }, () => validCommand)))).toBe("success")
  }, TIMEOUT)
})
