import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Case, CommandHandler, DomainEvent, EventStore, MemoryEventStore } from "@kitakami-juso/core"
import * as StreamStates from "../src/StreamStates.ts"
import { command, type Input, patch, referral, revisions } from "./support/world.ts"

/** A store with `input`'s commands handled on it (real payloads and hashes). */
const storeWith = (inputs: ReadonlyArray<Input>) =>
  Effect.gen(function*() {
    const store = MemoryEventStore.make()
    const handler = yield* Effect.provideService(CommandHandler.make({ revisions }), EventStore.EventStore, store)
    for (const input of inputs) yield* handler.handle(command(input))
    return store
  })

/** One store's reads through another: `use` switches which (a store "restored from a backup", a rolled-back read). */
const switchable = (first: EventStore.EventStoreShape) => {
  let current = first
  const store: EventStore.EventStoreShape = {
    ...first,
    readStream: (stream, options) => current.readStream(stream, options),
    append: (...args) => current.append(...args)
  }
  return { store, use: (next: EventStore.EventStoreShape) => void (current = next) }
}

const son = (referral as Extract<Input, { readonly _tag: "ReferCase" }>).members.filter((m) => m.memberId === "son")
const members = (state: Case.State) => state.members.map((m) => m.memberId)

describe("StreamStates", () => {
  it.live("AUD-1: a kept state is brought up to date with the events after it, and equals a whole fold", () =>
    Effect.gen(function*() {
      const store = yield* storeWith([referral])
      const reads: Array<number | undefined> = []
      const states = StreamStates.make({ ...store, readStream: (s, o) => (reads.push(o?.fromVersion), store.readStream(s, o)) })
      expect((yield* states.current(Case.aggregate, "case-c1")).version).toBe(1)
      // Another writer adds a member.
      const other = yield* Effect.provideService(CommandHandler.make({ revisions }), EventStore.EventStore, store)
      yield* other.handle(command({ _tag: "AddHouseholdMember", caseId: "c1", at: referral.at, by: referral.by, member: { memberId: "aunt", role: "household-member", relation: "other", name: "x" } } as Input))
      const next = yield* states.current(Case.aggregate, "case-c1")
      // One read from the kept version (its event checked, the new one folded on).
      expect(reads).toEqual([undefined, 1])
      expect(next.version).toBe(2)
      expect(members(next.state)).toEqual(["son", "mother", "aunt"])
      const whole = yield* Effect.forEach(yield* store.readStream("case-c1"), (e) => Effect.fromResult(DomainEvent.decodeStored(e)))
      expect(next.state).toEqual(CommandHandler.caseState(whole))
      expect(next.commands.size).toBe(2)
      // Nothing new: the same state, after one more read.
      expect(yield* states.current(Case.aggregate, "case-c1")).toMatchObject({ version: 2, state: next.state })
      expect(reads).toEqual([undefined, 1, 2])
    }))

  it.live("AUD-1: when the store no longer holds the kept event (other content at that version), the stream is read whole", () =>
    Effect.gen(function*() {
      // Same command id (so the same event id) and version, other content: only the hash tells them apart.
      const x = yield* storeWith([patch(referral, { commandId: "refer", members: son })])
      const y = yield* storeWith([patch(referral, { commandId: "refer" })])
      const sw = switchable(x)
      const states = StreamStates.make(sw.store)
      expect(members((yield* states.current(Case.aggregate, "case-c1")).state)).toEqual(["son"])
      sw.use(y)
      expect(members((yield* states.current(Case.aggregate, "case-c1")).state)).toEqual(["son", "mother"])
      // Fewer events than kept (a read that was rolled back): read whole, the empty stream.
      sw.use(MemoryEventStore.make())
      expect(yield* states.current(Case.aggregate, "case-c1")).toMatchObject({ version: 0, commands: new Map() })
    }))

  it.live("keeps at most `size` streams, least recently used dropped first; size 0 keeps none", () =>
    Effect.gen(function*() {
      const store = yield* storeWith([referral, patch(referral, { caseId: "c2" }), patch(referral, { caseId: "c3" })])
      const states = StreamStates.make(store, 2)
      for (const id of ["c1", "c2", "c1", "c3"]) yield* states.current(Case.aggregate, `case-${id}`)
      expect(states.size()).toBe(2)
      const reads: Array<number | undefined> = []
      const counted = StreamStates.make({ ...store, readStream: (s, o) => (reads.push(o?.fromVersion), store.readStream(s, o)) }, 2)
      for (const id of ["c1", "c2", "c1", "c3", "c1", "c2"]) yield* counted.current(Case.aggregate, `case-${id}`)
      // c1 stays (used last but one each time); c2 was dropped when c3 came in.
      expect(reads).toEqual([undefined, undefined, 1, undefined, 1, undefined])
      const none = StreamStates.make(store, 0)
      yield* none.current(Case.aggregate, "case-c1")
      expect(none.size()).toBe(0)
    }))
})
