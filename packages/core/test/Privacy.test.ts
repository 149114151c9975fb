import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Layer, Logger, Redacted, Result } from "effect"
import { Command, CommandHandler, DomainEvent, EventStore, MemoryEventStore } from "@kitakami-juso/core"
import {
  ADDRESS,
  command,
  draft,
  establishRegister,
  type Input,
  MOTHER_NAME,
  patch,
  referral,
  revisions,
  SON_NAME,
  sonConsent,
  T,
  World
} from "./support/world.ts"
import { clockAt } from "./support/world.ts"

const SECRETS = [SON_NAME, MOTHER_NAME, ADDRESS, "ひきこもり", "本人が週1回外出できる", "後見 一郎"]
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s))

/** Every way an error is commonly turned into text. */
const renderings = (error: unknown): ReadonlyArray<string> => [
  String(error),
  JSON.stringify(error),
  (error as Error).message,
  (error as Error).stack ?? "",
  Cause.pretty(Cause.fail(error))
]

/** Refused commands carrying personal data in every field that can hold it. */
const refusals: ReadonlyArray<readonly [string, ReadonlyArray<Input>, Input]> = [
  ["a referral of an existing case (names, address, note)", [establishRegister, referral], referral],
  ["a consent by a named proxy for a stranger", [establishRegister, referral], patch(sonConsent(), { memberId: "x", grantor: { _tag: "Proxy", capacity: "legal-guardian", name: "後見 一郎" } })],
  ["a plan with goals drafted before consent", [establishRegister, referral], draft()],
  ["an information note for a stranger", [establishRegister, referral], {
    _tag: "RecordInformation",
    caseId: "c1",
    itemId: "n1",
    memberId: "x",
    provenance: { _tag: "SupportMeeting", meetingId: "sm1" },
    note: `${SON_NAME}さんはひきこもり`,
    at: T("05-01T10:00"),
    by: "city-hoken"
  }]
]

describe("Privacy (AUD-2)", () => {
  for (const [what, setup, input] of refusals) {
    it(`AUD-2: refusing ${what} prints no personal data in String(), JSON, message, stack or cause`, () => {
      const w = new World()
      for (const c of setup) w.run(c)
      const r = w.decide(input)
      if (Result.isSuccess(r)) throw new Error("expected a refusal")
      for (const text of renderings(r.failure)) expect(leaks(text)).toEqual([])
      // The personal data was really in the command (the test would catch a leak).
      const encoded = JSON.stringify(Command.encode(command(input)))
      expect(leaks(encoded).length).toBeGreaterThan(0)
    })
  }

  it.effect("AUD-2: log output of refused commands handled by the service holds no personal data", () => {
    const lines: Array<string> = []
    const capture = Logger.layer([
      Logger.make((options) => {
        lines.push(Logger.formatSimple.log(options), Logger.formatLogFmt.log(options), JSON.stringify(Logger.formatStructured.log(options)))
      })
    ])
    return Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      yield* handler.handle(command(establishRegister))
      yield* handler.handle(command(referral))
      for (const [, , input] of refusals) {
        yield* handler.handle(command(input)).pipe(
          Effect.tapCause((cause) => Effect.logError("command refused", cause)),
          Effect.catchCause((cause) => Effect.logWarning("refused", Cause.squash(cause))),
          Effect.ignore
        )
      }
      // Events logged after decoding print redacted too.
      const events = yield* handler.events
      yield* Effect.logInfo("events", events)
      expect(lines.length).toBeGreaterThan(refusals.length)
      // The refusals really were rendered into the log (rule ids and ids, nothing else).
      expect(lines.some((l) => l.includes("CNS-2")), lines.slice(0, 6).join("\n---\n")).toBe(true)
      for (const line of lines) expect(leaks(line)).toEqual([])
    }).pipe(Effect.provide(Layer.mergeAll(CommandHandler.layer({ revisions }).pipe(Layer.provideMerge(MemoryEventStore.layer())), capture, clockAt())))
  })

  it("AUD-2: decoding bad input that holds a name reports paths, never the name", () => {
    const bad = { ...referral, commandId: "c", at: "not an instant", members: [{ memberId: "son", role: "boss", relation: "self", name: SON_NAME }] }
    const r = Command.decode(bad)
    if (Result.isSuccess(r)) throw new Error("expected a failure")
    expect(r.failure.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["at"]))
    for (const text of renderings(r.failure)) expect(leaks(text)).toEqual([])
    const e = DomainEvent.decode({ _tag: "CaseReferred", eventId: 1, members: [{ name: SON_NAME }] })
    if (Result.isSuccess(e)) throw new Error("expected a failure")
    for (const text of renderings(e.failure)) expect(leaks(text)).toEqual([])
  })

  it.effect("AUD-2: personal fields are Redacted in memory and stored as plain values in the payload (the case record keeps them)", () =>
    Effect.gen(function*() {
      const handler = yield* CommandHandler.CommandHandler
      const store = yield* EventStore.EventStore
      yield* handler.handle(command(establishRegister))
      const { events } = yield* handler.handle(command(referral))
      const [referred] = events
      expect(referred?._tag).toBe("CaseReferred")
      if (referred?._tag !== "CaseReferred") return
      expect(String(referred.members[0].name)).toBe("<redacted>")
      expect(leaks(JSON.stringify(referred))).toEqual([])
      expect(Redacted.value(referred.members[0].name)).toBe(SON_NAME)
      const [stored] = yield* store.readStream("case-c1")
      expect(JSON.stringify(stored?.payload)).toContain(SON_NAME)
      const [loaded] = yield* handler.load("case-c1")
      expect(loaded?._tag === "CaseReferred" && Redacted.value(loaded.members[1]!.name)).toBe(MOTHER_NAME)
    }).pipe(Effect.provide(Layer.mergeAll(CommandHandler.layer({ revisions }).pipe(Layer.provideMerge(MemoryEventStore.layer())), clockAt()))))
})
