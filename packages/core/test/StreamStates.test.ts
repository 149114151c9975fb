import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber } from "effect"
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
    append: (...args) => current.append(...args),
    tip: Effect.suspend(() => current.tip ?? Effect.succeed(undefined))
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

  // --- with the store's tip (EventStore.tip): reads skipped while nothing was written ---

  const aunt = (commandId: string, memberId = commandId): Input =>
    ({ _tag: "AddHouseholdMember", commandId, caseId: "c1", at: referral.at, by: referral.by, member: { memberId, role: "household-member", relation: "other", name: "x" } }) as Input

  /** The whole fold of `stream` as the store holds it now. */
  const wholeCase = (store: EventStore.EventStoreShape) =>
    Effect.flatMap(store.readStream("case-c1"), (rows) =>
      Effect.map(Effect.forEach(rows, (e) => Effect.fromResult(DomainEvent.decodeStored(e))), CommandHandler.caseState))

  /** An event of no aggregate on `stream`, appended straight to the store (a write of this handler's, or a foreign one). */
  const other = (store: EventStore.EventStoreShape, id: string, stream = "other") =>
    store.append(stream, "any", [{ eventId: id, type: "Other", payload: {} }])

  for (const withTip of [false, true]) {
    it.live(`AUD-1: the handler reads a kept stream ${withTip ? "only when the store's tip moved" : "on every use (no tip: as before)"}`, () =>
      Effect.gen(function*() {
        const base = MemoryEventStore.make()
        const reads: Array<number | undefined> = []
        const store: EventStore.EventStoreShape = {
          ...base,
          tip: withTip ? base.tip : undefined,
          readStream: (s, o) => (s === "case-c1" && reads.push(o?.fromVersion), base.readStream(s, o))
        }
        const a = yield* Effect.provideService(CommandHandler.make({ revisions }), EventStore.EventStore, store)
        const b = yield* Effect.provideService(CommandHandler.make({ revisions }), EventStore.EventStore, base)
        yield* a.handle(command(referral))
        yield* a.handle(command(aunt("a-1")))
        // Another writer adds a member behind a's back: the tip moved, so a reads (from its kept version).
        yield* b.handle(command(aunt("b-1")))
        yield* a.handle(command(aunt("a-2")))
        // The member b added is refused as a duplicate (AUD-1): a saw b's write.
        const dup = yield* Effect.flip(a.handle(command(aunt("a-3", "b-1"))))
        expect(dup).toMatchObject({ rule: "AUD-1" })
        expect(reads).toEqual(withTip ? [undefined, 2] : [undefined, 1, 2, 4])
        expect(yield* store.verify()).toMatchObject({ ok: true })
      }))
  }

  it.live("AUD-1: an entry is known current only after an append that took the very next position, with the tip then at its last event", () =>
    Effect.gen(function*() {
      const store = yield* storeWith([referral])
      const reads: Array<number | undefined> = []
      const states = StreamStates.make({ ...store, readStream: (s, o) => (reads.push(o?.fromVersion), store.readStream(s, o)) })
      const use = (before: EventStore.Tip) => Effect.map(states.current(Case.aggregate, "case-c1", before), (e): StreamStates.Use => [Case.aggregate, "case-c1", e])
      // A foreign write lands between the tip read and the append: nothing is settled.
      let before = (yield* states.tip)!
      let used = yield* use(before)
      yield* other(store, "foreign-1")
      let result = yield* other(store, "own-1")
      yield* states.settle(before, result, "own-1", undefined, [used])
      before = (yield* states.tip)!
      used = yield* use(before)
      expect(reads).toEqual([undefined, 1])
      // A foreign write lands after the append, before the tip is read again: nothing is settled.
      result = yield* other(store, "own-2")
      yield* other(store, "foreign-2")
      yield* states.settle(before, result, "own-2", undefined, [used])
      before = (yield* states.tip)!
      used = yield* use(before)
      expect(reads).toEqual([undefined, 1, 1])
      // Nobody else writes: the entry is known current at the new tip, and the next use reads nothing.
      result = yield* other(store, "own-3")
      yield* states.settle(before, result, "own-3", undefined, [used])
      before = (yield* states.tip)!
      used = yield* use(before)
      expect(reads).toEqual([undefined, 1, 1])
      // And it stays current past further own appends of other streams (the epoch moves).
      result = yield* other(store, "own-4")
      yield* states.settle(before, result, "own-4", undefined, [])
      used = yield* use((yield* states.tip)!)
      expect(reads).toEqual([undefined, 1, 1])
      // An own append to the stream itself makes its other folds unknown (they were read before it).
      before = (yield* states.tip)!
      const own = yield* other(store, "own-5", "case-c1")
      yield* states.settle(before, own, "own-5", undefined, [used])
      yield* Effect.exit(states.current(Case.aggregate, "case-c1", (yield* states.tip)!))
      expect(reads).toEqual([undefined, 1, 1, 1])
    }))

  it.live("AUD-1: a store restored from a backup, or rolled back, is noticed even at the same position and event id (the tip's hash)", () =>
    Effect.gen(function*() {
      // Same commands (so the same event ids at the same positions), other content and times.
      const x = MemoryEventStore.make({ clock: () => new Date("2027-01-01T00:00:00.000Z") })
      const y = MemoryEventStore.make({ clock: () => new Date("2027-01-01T00:00:01.000Z") })
      for (const [store, input] of [[x, patch(referral, { commandId: "refer", members: son })], [y, patch(referral, { commandId: "refer" })]] as const) {
        const handler = yield* Effect.provideService(CommandHandler.make({ revisions }), EventStore.EventStore, store)
        yield* handler.handle(command(input))
      }
      const sw = switchable(x)
      const states = StreamStates.make(sw.store)
      const before = (yield* states.tip)!
      const entry = yield* states.current(Case.aggregate, "case-c1", before)
      const result = yield* other(sw.store, "own-1")
      yield* states.settle(before, result, "own-1", undefined, [[Case.aggregate, "case-c1", entry]])
      // y gets the same event at the same position: only the hash tells the tips apart.
      yield* other(y, "own-1")
      const tipX = (yield* x.tip!)!
      const tipY = (yield* y.tip!)!
      expect([tipY.position, tipY.eventId]).toEqual([tipX.position, tipX.eventId])
      expect(tipY.hash).not.toBe(tipX.hash)
      sw.use(y)
      const restored = yield* states.current(Case.aggregate, "case-c1", (yield* states.tip)!)
      expect(members(restored.state)).toEqual(["son", "mother"])
      expect(restored.state).toEqual(yield* wholeCase(y))
      // The tip goes back (a rolled-back append, an older copy): read, and the state is that copy's.
      const older = yield* storeWith([])
      sw.use(older)
      expect(yield* states.current(Case.aggregate, "case-c1", (yield* states.tip)!)).toMatchObject({ version: 0 })
    }))

  it.live("AUD-1: concurrent uses never leave an older state known current (a slow read lands after a newer settled one)", () =>
    Effect.gen(function*() {
      const store = yield* storeWith([referral])
      const gate = yield* Deferred.make<void>()
      let slow = true
      const states = StreamStates.make({
        ...store,
        // The first read of the case is held after reading, until the gate opens.
        readStream: (s, o) =>
          s === "case-c1" && slow ? ((slow = false), Effect.tap(store.readStream(s, o), () => Deferred.await(gate))) : store.readStream(s, o)
      })
      // Fiber 1 reads the case (version 1) …
      const first = yield* Effect.forkChild(Effect.gen(function*() {
        const before = (yield* states.tip)!
        return [before, yield* states.current(Case.aggregate, "case-c1", before)] as const
      }))
      yield* Effect.yieldNow
      // … another writer adds a member (version 2) …
      const writer = yield* Effect.provideService(CommandHandler.make({ revisions }), EventStore.EventStore, store)
      yield* writer.handle(command(aunt("b-1")))
      // … fiber 2 reads version 2 and settles it after its own append …
      const before = (yield* states.tip)!
      const fresh = yield* states.current(Case.aggregate, "case-c1", before)
      expect(fresh.version).toBe(2)
      const result = yield* other(store, "own-1")
      yield* states.settle(before, result, "own-1", undefined, [[Case.aggregate, "case-c1", fresh]])
      // … then fiber 1's read (version 1) lands and its append cannot settle (the position moved).
      yield* Deferred.succeed(gate, undefined)
      const [before1, stale] = yield* Fiber.join(first)
      expect(stale.version).toBe(1)
      const late = yield* other(store, "own-2")
      yield* states.settle(before1, late, "own-2", undefined, [[Case.aggregate, "case-c1", stale]])
      // Whatever is kept, the next use gives the stored state.
      const next = yield* states.current(Case.aggregate, "case-c1", (yield* states.tip)!)
      expect(next.version).toBe(2)
      expect(next.state).toEqual(yield* wholeCase(store))
    }))
})
