/**
 * PLN-9, AUD-1, MTG-2: the command handler keeps the states of the streams it read between
 * commands (core's `StreamStates`). Two handlers on two connections to one SQLite file — two
 * writers, as two processes would be — interleave commands on the same case and on the register
 * a meeting's decision reads: every decision equals that of a handler that keeps nothing, and a
 * concurrent write that makes an append conflict is decided again on fresh state.
 */
import { Command, CommandHandler, EventStore, Kitakami } from "@kitakami-juso/core"
import { SqliteClient, SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option } from "effect"
import { chainKey, tempFile } from "./fixtures.ts"

const at = (day: number, hour = 10) => `2025-04-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+09:00`
const CORE = ["city-choju-kaigo", "city-shogai-fukushi", "city-kosodate-shien", "city-chiiki-fukushi", "city-hoken", "shakyo"]

const meeting = (id: string, day: number): Command.Encoded => ({
  _tag: "HoldMeeting",
  commandId: `hold-${id}`,
  meetingId: id,
  at: at(day, 14),
  by: "city-chiiki-fukushi",
  meetingType: "support-meeting",
  kind: "ad-hoc",
  adHocReason: "non-core-agencies",
  attendees: [...CORE, "hokatsu-hondori"]
}) as unknown as Command.Encoded

const member = (commandId: string, memberId: string, day: number): Command.Encoded => ({
  _tag: "AddHouseholdMember",
  commandId,
  at: at(day),
  by: "hokatsu-hondori",
  caseId: "c1",
  member: { memberId, role: "household-member", relation: "other", name: "Member" }
}) as unknown as Command.Encoded

/**
 * Who sends what, in order. Handler `a` reads the register (meeting m1) and the case, then `b`
 * retires a member and changes the case behind `a`'s back: `a`'s later decisions must see it
 * (m2 refused under MTG-2, the member `b` added refused as a duplicate under AUD-1).
 */
const script: ReadonlyArray<readonly ["a" | "b", Command.Encoded]> = [
  ["a", { _tag: "EstablishRegister", commandId: "reg", at: at(1, 9), by: "city-chiiki-fukushi", members: CORE } as unknown as Command.Encoded],
  ["a", { _tag: "ReferCase", commandId: "refer", at: at(10), by: "hokatsu-hondori", caseId: "c1", members: [{ memberId: "p", role: "person", relation: "self", name: "Person" }] } as unknown as Command.Encoded],
  ["b", { _tag: "AppointMember", commandId: "appoint", at: at(15, 9), by: "city-chiiki-fukushi", agencyId: "hokatsu-hondori" } as unknown as Command.Encoded],
  ["a", meeting("m1", 18)],
  ["a", member("a-1", "x1", 18)],
  ["b", { _tag: "RetireMember", commandId: "retire", at: at(20, 9), by: "city-chiiki-fukushi", agencyId: "hokatsu-hondori" } as unknown as Command.Encoded],
  ["b", member("b-1", "x2", 20)],
  ["a", meeting("m2", 25)],
  ["a", member("a-2", "x2", 25)],
  ["a", member("a-3", "x3", 25)],
  ["b", member("b-2", "x4", 26)],
  ["a", member("a-3", "x3", 25)],
  ["b", { _tag: "AppointMember", commandId: "appoint-again", at: at(27, 9), by: "city-chiiki-fukushi", agencyId: "hokatsu-hondori" } as unknown as Command.Encoded],
  ["a", meeting("m3", 28)],
  ["a", member("a-4", "x4", 28)]
]

/** What a decision came to, comparable across stores: the events (as JSON) or the rule that refused it. */
const outcome = (exit: Exit.Exit<CommandHandler.Handled, unknown>) =>
  Exit.isSuccess(exit)
    ? { events: exit.value.events.map((e) => ({ tag: e._tag, id: e.eventId })), version: exit.value.version, replayed: exit.value.replayed }
    : { refused: Option.match(Exit.findErrorOption(exit), { onNone: () => "(no error)", onSome: (e) => (e as { readonly rule?: string }).rule ?? String(e) }) }

/** A store on its own connection to `filename`, and a handler over it (keeping `size` stream states). */
const open = (filename: string, size?: number, wrap: (s: EventStore.EventStoreShape) => EventStore.EventStoreShape = (s) => s) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(SqliteEventStore.layer({ filename, chainKey }))
    const store = wrap(yield* Effect.provide(Effect.service(EventStore.EventStore), context))
    const handler = yield* Effect.provideService(
      CommandHandler.make({ revisions: Kitakami.revisions, stateCacheSize: size }),
      EventStore.EventStore,
      store
    )
    return { store, handler }
  })

describe("the handler's kept stream states on one SQLite file with two writers", () => {
  it.live("PLN-9, MTG-2, AUD-1: interleaved decisions equal those of a handler that keeps nothing", () =>
    Effect.scoped(Effect.gen(function*() {
      const shared = yield* tempFile
      const a = yield* open(shared)
      const b = yield* open(shared)
      const reference = (yield* open(yield* tempFile, 0)).handler
      const ours: Array<unknown> = []
      const theirs: Array<unknown> = []
      for (const [who, encoded] of script) {
        const command = Command.make(encoded)
        ours.push(outcome(yield* Effect.exit((who === "a" ? a : b).handler.handle(command))))
        theirs.push(outcome(yield* Effect.exit(reference.handle(command))))
      }
      expect(ours).toEqual(theirs)
      // The script is one a stale state would get wrong: m2 (hokatsu-hondori retired behind a's
      // back) and x2 (added by b) are refused, m3 (appointed again) is held, a-3 is replayed.
      expect(ours[7]).toEqual({ refused: "MTG-2" })
      expect(ours[8]).toEqual({ refused: "AUD-1" })
      expect(ours[11]).toMatchObject({ replayed: true })
      expect(ours[13]).toMatchObject({ events: [{ tag: "MeetingHeld" }] })
      expect(ours[14]).toEqual({ refused: "AUD-1" })
      expect(yield* a.store.verify()).toMatchObject({ ok: true })
    })), 60_000)

  // Without the store's tip every use reads (from the kept version); with it, a state known
  // current at the tip is used without a read, and the conflict still forces a whole read.
  for (const withTip of [false, true]) {
    it.live(`PLN-9: a concurrent write that makes the append conflict drops the kept state; the retry decides on fresh state (${withTip ? "with" : "without"} the tip)`, () =>
      Effect.scoped(Effect.gen(function*() {
        const shared = yield* tempFile
        const b = yield* open(shared)
        const appends: Array<EventStore.ExpectedVersion> = []
        const reads: Array<number | undefined> = []
        let interpose: Effect.Effect<unknown, unknown> | undefined
        const a = yield* open(shared, undefined, (s) => ({
          ...s,
          tip: withTip ? s.tip : undefined,
          readStream: (stream, options) => {
            if (stream === "case-c1") reads.push(options?.fromVersion)
            return s.readStream(stream, options)
          },
          // The first append of the command under test lets b write first: a's expected version is stale.
          append: (stream, expected, events, options) =>
            Effect.gen(function*() {
              appends.push(expected)
              const before = interpose
              interpose = undefined
              if (before !== undefined) yield* Effect.orDie(before)
              return yield* s.append(stream, expected, events, options)
            })
        }))
        expect(a.store.tip !== undefined).toBe(withTip)
        for (const [, encoded] of script.slice(0, 5)) yield* a.handler.handle(Command.make(encoded))
        appends.length = 0
        reads.length = 0
        // a has case c1 at version 2 (referred, x1 added) and adds x5 …
        interpose = b.handler.handle(Command.make(member("b-5", "x5", 19)))
        const exit = yield* Effect.exit(a.handler.handle(Command.make(member("a-5", "x5", 19))))
        // … but b added x5 between a's read and a's append: a's first append conflicts at
        // version 2, and the retry reads the case whole (no kept state) and refuses the duplicate.
        // (With the tip, a's kept case was current at the tip its command began at: no read.)
        expect(appends).toEqual([2])
        expect(reads).toEqual(withTip ? [undefined] : [2, undefined])
        expect(outcome(exit)).toEqual({ refused: "AUD-1" })
        // A later command is decided on the fresh state too, and lands at the right version.
        const next = yield* a.handler.handle(Command.make(member("a-6", "x6", 19)))
        // (the refusal dropped the kept state as well, so that command read the case whole).
        expect(next.version).toBe(4)
        expect(appends).toEqual([2, 3])
        expect(reads).toEqual(withTip ? [undefined, undefined] : [2, undefined, undefined])
        // And the one after it brings the state kept since up to date with a read from version
        // 4 — or, with the tip, reads nothing: nobody wrote since a's own append.
        yield* a.handler.handle(Command.make(member("a-7", "x7", 19)))
        expect(reads).toEqual(withTip ? [undefined, undefined] : [2, undefined, undefined, 4])
        expect(appends).toEqual([2, 3, 4])
        // b writes to another stream: the tip moved, so a reads the case again (from version 5).
        yield* b.handler.handle(Command.make({ ...script[1]![1], commandId: "refer-c2", caseId: "c2" } as unknown as Command.Encoded))
        yield* a.handler.handle(Command.make(member("a-8", "x8", 19)))
        expect(reads).toEqual(withTip ? [undefined, undefined, 5] : [2, undefined, undefined, 4, 5])
      })), 60_000)
  }

  it.live("AUD-1: a caller's transaction rolled back after the handler appended: no tip inside it, and the next decisions see the store as it is", () =>
    Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(SqliteEventStore.layer({ filename: yield* tempFile, chainKey }))
      const client = yield* Effect.provide(Effect.service(SqliteClient.SqliteClient), context)
      const store = yield* Effect.provide(Effect.service(EventStore.EventStore), context)
      const reads: Array<number | undefined> = []
      const handler = yield* Effect.provideService(
        CommandHandler.make({ revisions: Kitakami.revisions }),
        EventStore.EventStore,
        { ...store, readStream: (stream, options) => (stream === "case-c1" && reads.push(options?.fromVersion), store.readStream(stream, options)) }
      )
      for (const [, encoded] of script.slice(0, 2)) yield* handler.handle(Command.make(encoded))
      const before = yield* store.tip!
      expect(before).toMatchObject({ eventId: "refer/0" })
      // Inside a transaction the tip is not known (what it wrote may still roll back) …
      expect(yield* client.withTransaction(store.tip!)).toBeUndefined()
      // … so the handler reads the case there, appends x1 and x2, and the caller rolls back.
      const rolledBack = yield* Effect.exit(client.withTransaction(Effect.gen(function*() {
        yield* handler.handle(Command.make(member("t-1", "x1", 18)))
        yield* handler.handle(Command.make(member("t-2", "x2", 18)))
        return yield* Effect.fail("the caller gives up")
      })))
      expect(Exit.isFailure(rolledBack)).toBe(true)
      expect(reads).toEqual([undefined, 1, 2])
      // The tip is back where it was: the case is read again (its kept event is gone, so whole),
      // and x1 is added at version 2, as if the transaction had never been.
      expect(yield* store.tip!).toEqual(before)
      const again = yield* handler.handle(Command.make(member("a-1", "x1", 18)))
      expect(again).toMatchObject({ version: 2, replayed: false })
      expect(reads).toEqual([undefined, 1, 2, 3, undefined])
      // Nothing written since: the next command reads nothing, and still refuses the duplicate.
      const dup = yield* Effect.exit(handler.handle(Command.make(member("a-2", "x1", 18))))
      expect(outcome(dup)).toEqual({ refused: "AUD-1" })
      expect(reads).toEqual([undefined, 1, 2, 3, undefined])
      expect(yield* store.verify()).toMatchObject({ ok: true })
    })), 60_000)

  it.live("PLN-9, AUD-1: fibers of one process and another writer handle commands on one case at once: each lands once, duplicates refused, the kept states end as stored", () =>
    Effect.scoped(Effect.gen(function*() {
      const shared = yield* tempFile
      const a = yield* open(shared)
      const b = yield* open(shared)
      for (const [, encoded] of script.slice(0, 2)) yield* a.handler.handle(Command.make(encoded))
      // 12 fibers on a (one handler: one set of kept states) and 4 on b; every member asked twice.
      const jobs = Array.from({ length: 16 }, (_, i) => [i < 12 ? a : b, member(`f-${i}`, `m${i % 8}`, 18)] as const)
      const exits = yield* Effect.forEach(jobs, ([w, c]) => Effect.exit(w.handler.handle(Command.make(c))), { concurrency: "unbounded" })
      expect(exits.filter(Exit.isSuccess).length).toBe(8)
      expect(exits.filter((e) => (outcome(e) as { readonly refused?: string }).refused === "AUD-1").length).toBe(8)
      // Both handlers then decide on the stored state: every member is a duplicate, and a new one
      // lands right after the stored version.
      const stored = (yield* a.store.readStream("case-c1")).length
      expect(stored).toBe(9)
      for (const [name, w] of [["a", a], ["b", b]] as const) {
        for (let m = 0; m < 8; m++) {
          expect(outcome(yield* Effect.exit(w.handler.handle(Command.make(member(`again-${name}-${m}`, `m${m}`, 18)))))).toEqual({ refused: "AUD-1" })
        }
      }
      expect((yield* a.handler.handle(Command.make(member("last", "z", 18)))).version).toBe(stored + 1)
      expect(yield* a.store.verify()).toMatchObject({ ok: true })
    })), 60_000)
})
