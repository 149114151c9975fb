import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Stream, Tracer } from "effect"
import { CommandHandler, EventStore, FiscalYear, IndicatorProjection, MemoryEventStore } from "@kitakami-juso/core"
import {
  command,
  establishRegister,
  HOKATSU,
  type Input,
  referral,
  review,
  revisions,
  SON_NAME,
  sonConsent,
  T,
  toDrafted
} from "./support/world.ts"
import { clockAt, operatorJudged } from "./support/world.ts"

const layer = Layer.mergeAll(CommandHandler.layer({ revisions }).pipe(Layer.provideMerge(MemoryEventStore.layer())), clockAt())

const runAll = (inputs: ReadonlyArray<Input>) =>
  Effect.gen(function*() {
    const handler = yield* CommandHandler.CommandHandler
    for (const input of inputs) yield* handler.handle(command(input))
  })

describe("CommandHandler", () => {
  it.effect("AUD-1: appends the decided events with the expected version, the command id and the revision that decided them", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      yield* runAll([establishRegister])
      const handled = yield* handler.handle(command({ ...referral, commandId: "refer-c1" } as Input))
      expect(handled).toMatchObject({ stream: "case-c1", version: 1, replayed: false })
      const [stored] = yield* store.readStream("case-c1")
      expect(stored).toMatchObject({ type: "CaseReferred", eventId: "refer-c1/0", metadata: { commandId: "refer-c1", revision: "2025-04" } })
      const loaded = yield* handler.load("case-c1")
      expect(loaded.map((e) => e._tag)).toEqual(["CaseReferred"])
      // AUD-3: a command dated in FY2026 is decided under the 2026-04 revision.
      const later = yield* handler.handle(command({ ...sonConsent("2026-05-01T10:00:00+09:00"), purposes: ["participation-support", "information-sharing"], commandId: "consent-2026" } as Input))
      expect(later.version).toBe(2)
      const [, second] = yield* store.readStream("case-c1")
      expect(second?.metadata).toMatchObject({ commandId: "consent-2026", revision: "2026-04" })
    }).pipe(Effect.provide(layer)))

  it.effect("AUD-1: replaying a command id writes nothing and returns the first events", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      yield* runAll([establishRegister])
      const c = command({ ...referral, commandId: "refer-once" } as Input)
      const first = yield* handler.handle(c)
      const again = yield* handler.handle(c)
      expect(again).toMatchObject({ replayed: true, version: 1 })
      expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId))
      expect(yield* store.readStream("case-c1")).toHaveLength(1)
      // The same id with other content is a conflict, not a replay.
      const reused = yield* Effect.flip(handler.handle(command({ ...referral, commandId: "refer-once", at: T("04-11T10:00") } as Input)))
      expect(reused).toMatchObject({ _tag: "EventStoreError", reason: { _tag: "IdempotencyConflict", idempotencyKey: "refer-once" } })
      expect(yield* store.readStream("case-c1")).toHaveLength(1)
    }).pipe(Effect.provide(layer)))

  it.effect("PLN-9: a refused command returns the rule violation and writes nothing", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      yield* runAll(toDrafted.filter((c) => c._tag !== "TableCase" || c.meetingId !== "icm1"))
      const before = (yield* Stream.runCollect(store.readAll())).length
      const error = yield* Effect.flip(handler.handle(command(review("p1", "icm1", T("05-20T14:30")))))
      expect(error).toMatchObject({ _tag: "RuleViolation", rule: "PLN-2", revision: "2025-04" })
      expect((yield* Stream.runCollect(store.readAll())).length).toBe(before)
    }).pipe(Effect.provide(layer)))

  it.effect("AUD-1: a stored payload that fails to decode is a typed error naming the stream and version, not a crash", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      yield* store.append("case-c1", 0, [{ eventId: "bad/0", type: "CaseReferred", payload: { _tag: "CaseReferred", caseId: 42 } }])
      const error = yield* Effect.flip(handler.handle(command(sonConsent())))
      expect(error).toMatchObject({ _tag: "UndecodableEvent", stream: "case-c1", version: 1, eventId: "bad/0" })
      const all = yield* Effect.flip(handler.events)
      expect(all._tag).toBe("UndecodableEvent")
    }).pipe(Effect.provide(layer)))

  it.effect("PLN-9: untrusted input is decoded first: garbage is an InvalidCommand and writes nothing", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      for (const input of [null, 42, "ReferCase", { _tag: "ReferCase" }, { ...referral, commandId: "x", at: "yesterday" }]) {
        const error = yield* Effect.flip(handler.handleUnknown(input))
        expect(error._tag).toBe("InvalidCommand")
      }
      const ok = yield* handler.handleUnknown({ ...establishRegister, commandId: "reg" })
      expect(ok.events.map((e) => e._tag)).toEqual(["RegisterEstablished"])
      expect((yield* Stream.runCollect(store.readAll())).length).toBe(1)
    }).pipe(Effect.provide(layer)))

  it.effect("AUD-2: a command within every field limit whose event exceeds the store's 64 KiB is refused, typed, without its text, and writes nothing", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      yield* runAll([establishRegister])
      // 20,000 characters is the note's limit (code points); outside the BMP each is 4 bytes of UTF-8.
      const note = "𠮷".repeat(20_000)
      const error = yield* Effect.flip(handler.handleUnknown({ ...referral, commandId: "refer-long", note }))
      expect(error).toMatchObject({ _tag: "EventStoreError", reason: { _tag: "InvalidEvent" } })
      expect(String(error.message)).toMatch(/bytes; the limit is 65536/)
      expect(JSON.stringify(error)).not.toContain("𠮷")
      expect(yield* store.readStream("case-c1")).toHaveLength(0)
    }).pipe(Effect.provide(layer)))

  // Live clock: the retry waits a few jittered milliseconds.
  it.live("AUD-1: a concurrent writer's version conflict is retried on fresh state, appending with the expected version", () => {
    // A store that lets another writer slip one event in before our first append.
    const racing = Layer.effect(
      EventStore.EventStore,
      Effect.sync(() => {
        const inner = MemoryEventStore.make()
        let raced = false
        return EventStore.EventStore.of({
          ...inner,
          append: (stream, expected, events, options) =>
            Effect.gen(function*() {
              if (!raced && events[0]?.type === "ConsentRecorded") {
                raced = true
                const other = yield* inner.readStream("case-c1")
                yield* inner.append("case-c1", other.length, [{
                  eventId: "other-writer/0",
                  type: "HouseholdMemberAdded",
                  payload: {
                    _tag: "HouseholdMemberAdded",
                    eventId: "other-writer/0",
                    at: "2025-05-01T01:00:00.000Z",
                    by: HOKATSU,
                    caseId: "c1",
                    member: { memberId: "sister", role: "household-member", relation: "sibling", name: "北上 桜" }
                  }
                }])
              }
              return yield* inner.append(stream, expected, events, options)
            })
        })
      })
    )
    return Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      yield* runAll([establishRegister, referral, operatorJudged])
      const handled = yield* handler.handle(command({ ...sonConsent(), purposes: ["participation-support", "information-sharing"] } as Input))
      expect(handled.version).toBe(4)
      const loaded = yield* handler.load("case-c1")
      expect(loaded.map((e) => e._tag)).toEqual(["CaseReferred", "CoordinationJudged", "HouseholdMemberAdded", "ConsentRecorded"])
    }).pipe(Effect.provide(CommandHandler.layer({ revisions }).pipe(Layer.provideMerge(racing))))
  })

  // Live clock: the schedule's backoff is real time.
  it.live("AUD-1: a writer that keeps losing races backs off before every new attempt, the first included, and gives up with the VersionConflict after its budget", () => {
    const attempts: Array<number> = []
    const losing = Layer.effect(
      EventStore.EventStore,
      Effect.sync(() => {
        const inner = MemoryEventStore.make()
        return EventStore.EventStore.of({
          ...inner,
          append: (stream, expected, events, options) =>
            events[0]?.type === "CaseReferred"
              ? Effect.suspend(() => {
                attempts.push(performance.now())
                return EventStore.fail(new EventStore.VersionConflict({ message: "another writer moved the stream", stream, expected: 0, actual: 1 }))
              })
              : inner.append(stream, expected, events, options)
        })
      })
    )
    return Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      yield* runAll([establishRegister])
      const started = performance.now()
      const error = yield* Effect.flip(handler.handle(command(referral)))
      expect(error).toMatchObject({ _tag: "EventStoreError", reason: { _tag: "VersionConflict" } })
      expect(attempts.length).toBeGreaterThanOrEqual(3)
      // The schedule's first delay is 5 ms jittered to 4–6 ms: a retry never follows at once.
      for (let i = 1; i < attempts.length; i++) expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(3)
      // No attempt starts after the 60 ms budget (give timers slack); the delays are capped at 250 ms.
      expect(attempts.at(-1)! - started).toBeLessThan(60 + 250 + 100)
      expect(yield* store.readStream("case-c1")).toHaveLength(0)
    }).pipe(Effect.provide(CommandHandler.layer({ revisions, conflictBudgetMillis: 60 }).pipe(Layer.provideMerge(losing))))
  })

  it.effect("KPI-9: the projection reads every decoded event in global order", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      yield* runAll([...toDrafted, review("p1", "icm1", T("05-20T14:30"))])
      const events = yield* handler.events
      const kpi = IndicatorProjection.projectRecords(IndicatorProjection.countsFor(events, FiscalYear.make(2025)))
      expect(kpi).toEqual({ "KPI-1": 0, "KPI-2": 1, "KPI-3": 1, "KPI-4": 1 })
      expect(events[0]?._tag).toBe("RegisterEstablished")
    }).pipe(Effect.provide(layer)))

  it.effect("AUD-2: command handling is traced (CommandHandler.handle, .load) with the command's tag and id, never its content", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.NativeSpan> = []
      const recording = Tracer.make({
        span: (options) => {
          const span = new Tracer.NativeSpan(options)
          spans.push(span)
          return span
        }
      })
      yield* Effect.gen(function*() {
        const handler = yield* CommandHandler.CommandHandler
        yield* runAll([establishRegister])
        yield* handler.handle(command({ ...referral, commandId: "refer-traced" } as Input))
        yield* handler.load("case-c1")
      }).pipe(Effect.withTracer(recording))
      const handled = spans.filter((s) => s.name === "CommandHandler.handle")
      expect(handled).toHaveLength(2)
      expect(handled[1]!.attributes.get("juso.command.tag")).toBe("ReferCase")
      expect(handled[1]!.attributes.get("juso.command.id")).toBe("refer-traced")
      expect(spans.some((s) => s.name === "CommandHandler.load")).toBe(true)
      const printed = JSON.stringify(spans.map((s) => [s.name, [...s.attributes]]))
      expect(printed).not.toContain(SON_NAME)
    }).pipe(Effect.provide(layer)))
})
