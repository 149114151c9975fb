import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Ref, Result, Stream } from "effect"
import { Command, CommandBatch, CommandHandler, EventStore, MemoryEventStore } from "@kitakami-juso/core"
import { CITY, draft, establishRegister, HOKATSU, type Input, MOTHER_NAME, referral, revisions, SON_NAME, sonConsent, T, toDrafted } from "./support/world.ts"
import { clockAt, operatorJudged } from "./support/world.ts"

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

  it.effect("PLN-9: an event the store refuses (a lone surrogate, not JSON-encodable) refuses the whole batch, naming the command's index and id, and nothing is written", () =>
    Effect.gen(function*() {
      const commands = batch([establishRegister, referral, operatorJudged, { _tag: "RecordInformation", caseId: "c1", itemId: "i-bad", memberId: "son", provenance: { _tag: "Consent", consentId: "k1" }, note: "bad \uD800 text", at: T("05-02T10:00"), by: "shakyo" } as Input])
      const refused = yield* Effect.flip(CommandBatch.apply(commands, revisions))
      expect(refused).toMatchObject({ _tag: "BatchRefused", index: 3, commandId: "b-3" })
      expect(refused.message).not.toContain("bad")
      expect(yield* countEvents).toBe(0)
    }).pipe(Effect.provide(layer)))

  it.effect("PLN-9: a batch over the most events one atomic append holds is refused before anything is written", () =>
    Effect.gen(function*() {
      const appoint = (i: number): Input => ({ _tag: "AppointMember", at: T("04-02T09:00"), by: CITY, agencyId: i % 2 === 0 ? HOKATSU : "hokatsu-kitakami-chuo" })
      const retire = (i: number): Input => ({ _tag: "RetireMember", at: T("04-02T09:00"), by: CITY, agencyId: i % 2 === 0 ? HOKATSU : "hokatsu-kitakami-chuo" })
      const many = batch([establishRegister, ...Array.from({ length: EventStore.MAX_BATCH + 2 }, (_, i) => (i % 4 < 2 ? appoint(i) : retire(i)))])
      const refused = yield* Effect.flip(CommandBatch.apply(many, revisions))
      expect(refused._tag).toBe("BatchRefused")
      expect(refused.message).toContain(`more than ${EventStore.MAX_BATCH} events`)
      expect(yield* countEvents).toBe(0)
    }).pipe(Effect.provide(layer)))

  // Live clock: the retry waits a few jittered milliseconds.
  it.live("PLN-9: a concurrent writer between deciding and recording makes the batch decide again, and both land", () =>
    Effect.gen(function*() {
      const memory = { store: MemoryEventStore.make() }
      const interfered = yield* Ref.make(false)
      const foreign = Command.make({
        _tag: "AddHouseholdMember", commandId: "other-writer", at: T("04-30T09:00"), by: HOKATSU, caseId: "c1",
        member: { memberId: "sister", role: "household-member", relation: "sibling", name: "北上 桜" }
      } as Command.Encoded)
      // A store whose first multi-stream append finds that another writer got in first.
      const racing: EventStore.EventStoreShape = {
        ...memory.store,
        appendMany: (appends) =>
          Effect.gen(function*() {
            if (!(yield* Ref.getAndSet(interfered, true))) {
              yield* CommandHandler.CommandHandler.use((h) => h.handle(foreign)).pipe(
                Effect.provide(CommandHandler.layer({ revisions }).pipe(Layer.provide(Layer.succeed(EventStore.EventStore, memory.store)))),
                Effect.orDie
              )
            }
            return yield* memory.store.appendMany!(appends)
          })
      }
      yield* CommandBatch.apply(batch([establishRegister, referral, operatorJudged]), revisions).pipe(Effect.provide(Layer.succeed(EventStore.EventStore, memory.store)))
      const applied = yield* CommandBatch.apply(batch([sonConsent()], "r"), revisions).pipe(Effect.provide(Layer.succeed(EventStore.EventStore, racing)))
      expect(applied.recorded).toBe(1)
      expect(yield* Ref.get(interfered)).toBe(true)
      const all = yield* Stream.runCollect(memory.store.readAll())
      expect(all.map((e) => e.type)).toEqual(["RegisterEstablished", "CaseReferred", "CoordinationJudged", "HouseholdMemberAdded", "ConsentRecorded"])
    }))

  it.effect("PLN-9: a store without appendMany records a one-stream batch, and refuses a batch over several streams rather than half-apply it", () =>
    Effect.gen(function*() {
      const memory = { store: MemoryEventStore.make() }
      const { appendMany: _, ...single } = memory.store
      const provide = Effect.provide(Layer.mergeAll(Layer.succeed(EventStore.EventStore, single), clockAt()))
      const refused = yield* Effect.flip(CommandBatch.apply(batch([establishRegister, referral]), revisions).pipe(provide))
      expect(refused).toMatchObject({ _tag: "BatchRefused", index: 1 })
      expect(refused.message).toContain("appendMany")
      expect((yield* Stream.runCollect(memory.store.readAll())).length).toBe(0)
      const applied = yield* CommandBatch.apply(batch([establishRegister]), revisions).pipe(provide)
      expect(applied.recorded).toBe(1)
    }))
})
