/**
 * Command time (AUD-1, AUD-3): a command dated in the future beyond the allowed clock skew (time
 * from the `Clock`) is refused with a typed error naming the rule; a command dated before the plan
 * period is refused saying why.
 */
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { DateTime, Effect, Layer, Result, Schema, SchemaTransformation } from "effect"
import { CommandBatch, CommandHandler, EventStore, Instant, MemoryEventStore, Rule } from "@kitakami-juso/core"
import { clockAt, command, establishRegister, type Input, referral, revisions } from "./support/world.ts"

const NOW = "2025-04-10T10:00:00+09:00"
const store = MemoryEventStore.layer()
const handlerAt = (now: string, clockSkewMillis?: number) =>
  Layer.mergeAll(CommandHandler.layer({ revisions, clockSkewMillis }).pipe(Layer.provideMerge(store)), clockAt(now))
const at = (input: Input, iso: string): Input => ({ ...input, at: iso }) as Input

describe("Command time (AUD-1, AUD-3)", () => {
  it("AUD-1: requireNotFuture is pure: within the skew accepted, beyond it refused naming the rule", () => {
    const now = Date.parse(NOW)
    const c = { commandId: "c", at: Instant.make("2025-04-10T10:04:59+09:00") }
    expect(Result.isSuccess(CommandHandler.requireNotFuture(c, now, 5 * 60_000))).toBe(true)
    const late = CommandHandler.requireNotFuture({ ...c, at: Instant.make("2025-04-10T10:05:01+09:00") }, now, 5 * 60_000)
    expect(Result.isFailure(late) && late.failure.rule).toBe("AUD-1")
  })

  it.effect("AUD-1: the handler takes now from the Clock: a command within the default skew is recorded", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      yield* handler.handle(command(at(establishRegister, "2025-04-01T09:00:00+09:00")))
      const handled = yield* handler.handle(command(at(referral, "2025-04-10T10:04:00+09:00")))
      expect(handled.events[0]?._tag).toBe("CaseReferred")
    }).pipe(Effect.provide(handlerAt(NOW))))

  it.effect("AUD-1: refuses a command dated in the future beyond the configured skew, and writes nothing", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      yield* handler.handle(command(at(establishRegister, "2025-04-01T09:00:00+09:00")))
      const error = yield* Effect.flip(handler.handle(command(at(referral, "2025-04-10T10:01:00+09:00"))))
      expect(error).toBeInstanceOf(Rule.RuleViolation)
      expect(error).toMatchObject({ _tag: "RuleViolation", rule: "AUD-1" })
      expect(error.message).toContain("clock skew")
      const s = yield* EventStore.EventStore
      expect(yield* s.readStream("case-c1")).toHaveLength(0)
    }).pipe(Effect.provide(handlerAt(NOW, 30_000))))

  it.effect("AUD-1: a batch with one future command records nothing", () =>
    Effect.gen(function*() {
      const batch = [command(at(establishRegister, "2025-04-01T09:00:00+09:00")), command(at(referral, "2026-01-01T10:00:00+09:00"))]
      const refused = yield* Effect.flip(CommandBatch.apply(batch, revisions))
      expect(refused).toMatchObject({ _tag: "BatchRefused", index: 1, rule: "AUD-1" })
      const s = yield* EventStore.EventStore
      expect(yield* s.readStream("support-meeting-register")).toHaveLength(0)
    }).pipe(Effect.provide(handlerAt(NOW))))

  it.effect("AUD-3: a command dated before the plan period is refused saying the rules start with the plan period", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const error = yield* Effect.flip(handler.handle(command(at(establishRegister, "2025-03-31T23:59:00+09:00"))))
      expect(error).toMatchObject({ _tag: "RuleViolation", rule: "AUD-3" })
      expect(error.message).toContain("2025-04-01")
      expect(error.message).toContain("do not cover an earlier command")
    }).pipe(Effect.provide(handlerAt(NOW))))

  it.effect("AUD-3: a command on the plan's first day is decided under the first revision", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const handled = yield* handler.handle(command(at(establishRegister, "2025-04-01T00:00:00+09:00")))
      expect(handled.events).toHaveLength(1)
    }).pipe(Effect.provide(handlerAt(NOW))))
})

describe("Instants (AUD-1)", () => {
  it("AUD-1: an instant is accepted exactly when its calendar day exists (leap years included; property)", () => {
    const decode = Schema.decodeUnknownResult(Instant.Instant)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T12:00:00Z`
        const probe = new Date(0)
        probe.setUTCFullYear(y, m - 1, d)
        const exists = probe.getUTCDate() === d
        expect(Result.isSuccess(decode(iso))).toBe(exists)
      }),
      { numRuns: 3000 }
    )
    for (const [iso, ok] of [["2024-02-29T00:00:00Z", true], ["2100-02-29T00:00:00Z", false], ["2000-02-29T00:00:00Z", true], ["2025-04-31T00:00:00Z", false]] as const) {
      expect(Result.isSuccess(decode(iso)), iso).toBe(ok)
    }
  })

  it("TIME-1: an instant decodes to the same DateTime as Effect's dateTimeUtcFromString, every field and offset form (property)", () => {
    const ours = Schema.decodeUnknownResult(Instant.Instant)
    const effects = Schema.decodeUnknownSync(Schema.String.pipe(Schema.decodeTo(Schema.DateTimeUtc, SchemaTransformation.dateTimeUtcFromString)))
    const two = (n: number) => String(n).padStart(2, "0")
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 59 }), fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined })), { nil: undefined }),
        fc.option(fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), { nil: undefined }),
        (y, mo, d, h, mi, sec, offset) => {
          const seconds = sec === undefined ? "" : `:${two(sec[0])}${sec[1] === undefined ? "" : `.${sec[1]}`}`
          const zone = offset === undefined ? "Z" : `${offset[0]}${two(offset[1])}:${two(offset[2])}`
          const iso = `${String(y).padStart(4, "0")}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}${seconds}${zone}`
          const decoded = ours(iso)
          expect(Result.isSuccess(decoded), iso).toBe(true)
          if (Result.isSuccess(decoded)) expect(DateTime.toEpochMillis(decoded.success), iso).toBe(DateTime.toEpochMillis(effects(iso)))
        }
      ),
      { numRuns: 3000 }
    )
  })
})
