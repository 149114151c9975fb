import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Result, Stream } from "effect"
import { Command, CommandBatch, CommandHandler, EventStore, MemoryEventStore } from "@kitakami-juso/core"
import { draft, establishRegister, type Input, MOTHER_NAME, referral, revisions, SON_NAME, sonConsent, toDrafted } from "./support/world.ts"
import { clockAt } from "./support/world.ts"

const layer = Layer.mergeAll(CommandHandler.layer({ revisions }).pipe(Layer.provideMerge(MemoryEventStore.layer())), clockAt())

/** Encoded commands with stable ids, as a client would send them. */
const batch = (inputs: ReadonlyArray<Input>, prefix = "b") =>
  inputs.map((input, i) => ({ commandId: `${prefix}-${i}`, ...input }) as Command.Encoded).map(Command.make)

const countEvents = Effect.gen(function*() {
  const store = yield* EventStore.EventStore
  return (yield* Stream.runCollect(store.readAll())).length
})

describe("CommandBatch", () => {
  it.effect("PLN-9: a batch is decided in order against the batch's own earlier commands, then recorded whole", () =>
    Effect.gen(function*() {
      const commands = batch(toDrafted)
      const applied = yield* CommandBatch.apply(commands, revisions)
      expect(applied).toMatchObject({ recorded: commands.length, replayed: 0 })
      expect(yield* countEvents).toBe(applied.events)
      // Running the same batch again records nothing (idempotent on command ids).
      const again = yield* CommandBatch.apply(commands, revisions)
      expect(again).toEqual({ recorded: 0, replayed: commands.length, events: 0 })
      expect(yield* countEvents).toBe(applied.events)
    }).pipe(Effect.provide(layer)))

  it.effect("PLN-9, CNS-2: one refused command refuses the whole batch and nothing is written", () =>
    Effect.gen(function*() {
      // Register and referral are fine; the draft comes before the application for use.
      const commands = batch([establishRegister, referral, draft()])
      const refused = yield* Effect.flip(CommandBatch.apply(commands, revisions))
      expect(refused).toMatchObject({ _tag: "BatchRefused", index: 2, rule: "CNS-2", commandId: "b-2" })
      expect(yield* countEvents).toBe(0)
    }).pipe(Effect.provide(layer)))

  it.effect("PLN-9: a command id reused with other content is refused before anything is written", () =>
    Effect.gen(function*() {
      yield* CommandBatch.apply(batch([establishRegister, referral]), revisions)
      const before = yield* countEvents
      const conflicting = [batch([{ ...sonConsent(), purposes: ["participation-support", "information-sharing"] } as Input], "c")[0]!, Command.make({ ...Command.encode(batch([referral])[0]!), commandId: "b-1", at: "2025-04-12T10:00:00+09:00" } as Command.Encoded)]
      const refused = yield* Effect.flip(CommandBatch.apply(conflicting, revisions))
      expect(refused).toMatchObject({ _tag: "BatchRefused", index: 1, commandId: "b-1" })
      expect(refused.message).toContain("already used with other content")
      expect(yield* countEvents).toBe(before)
    }).pipe(Effect.provide(layer)))

  it("PLN-9, AUD-2: decoding a batch refuses a non-array and names the bad command by index and path, never its values", () => {
    const notArray = CommandBatch.decodeBatch({ commands: [] })
    expect(Result.isFailure(notArray) && notArray.failure.message).toBe("a batch is a JSON array of commands")
    const bad = CommandBatch.decodeBatch([
      { commandId: "x-0", ...establishRegister },
      { commandId: "x-1", ...referral, members: [{ memberId: "son", role: 42, name: SON_NAME }, { name: MOTHER_NAME }] }
    ])
    expect(Result.isFailure(bad)).toBe(true)
    if (Result.isFailure(bad)) {
      expect(bad.failure.index).toBe(1)
      expect(bad.failure.issues.length).toBeGreaterThan(0)
      const printed = `${String(bad.failure)} ${JSON.stringify(bad.failure)} ${bad.failure.message}`
      expect(printed).not.toContain(SON_NAME)
      expect(printed).not.toContain(MOTHER_NAME)
    }
  })
})
