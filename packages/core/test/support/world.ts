/**
 * Test support: a pure in-memory world of streams, and given/when/then specifications.
 *
 * `given(...commands)` runs setup commands through the real deciders (each must succeed);
 * `givenEvents(...events)` appends events as they are. `.when(command)` decides one more command;
 * `.then(...expected)` checks the decided events (JSON form, partial match per event) and
 * `.thenRefused(rule)` checks the refusal names `rule` and that nothing was decided.
 */
import { expect } from "@effect/vitest"
import { Layer, Result } from "effect"
import { TestClock } from "effect/testing"
import { Catalog, Command, CommandHandler, DomainEvent, Kitakami, type Rule } from "@kitakami-juso/core"

/** AUD-1: the test clock set to `iso` (default 2027-01-01, after every fixture), so fixtures are in the past. */
export const clockAt = (iso = "2027-01-01T00:00:00Z") => Layer.effectDiscard(TestClock.setTime(Date.parse(iso)))

/** Kitakami's revisions: 2025-04 (FY2025) and 2026-04. */
export const revisions: ReadonlyArray<Catalog.Catalog> = Kitakami.revisions

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** A command in JSON form; the command id may be left out (one is generated). */
export type Input = DistributiveOmit<Command.Encoded, "commandId"> & { readonly commandId?: string }

/** A command input with some fields replaced (for variations of the fixtures). */
export const patch = (input: Input, fields: object): Input => ({ ...input, ...fields }) as unknown as Input

let counter = 0
/** Decode a command input, generating a command id when missing. */
export const command = (input: Input): Command.Command =>
  Command.make({ ...input, commandId: input.commandId ?? `cmd-${++counter}` } as Command.Encoded)

const toCommand = (input: Input | Command.Command): Command.Command =>
  typeof (input as { readonly at: unknown }).at === "string" ? command(input as Input) : (input as Command.Command)

/** A pure in-memory world: streams of decoded events, decided through the real deciders. */
export class World {
  readonly streams = new Map<string, Array<DomainEvent.DomainEvent>>()
  readonly log: Array<DomainEvent.DomainEvent> = []
  readonly revisions: ReadonlyArray<Catalog.Catalog>
  constructor(revs: ReadonlyArray<Catalog.Catalog> = revisions) {
    this.revisions = revs
  }
  load = (stream: string): ReadonlyArray<DomainEvent.DomainEvent> => this.streams.get(stream) ?? []
  decide(input: Input | Command.Command): Result.Result<ReadonlyArray<DomainEvent.DomainEvent>, Rule.RuleViolation> {
    return CommandHandler.decide(toCommand(input), this.load, this.revisions)
  }
  /** Decide and append; returns the decision. */
  apply(input: Input | Command.Command): Result.Result<ReadonlyArray<DomainEvent.DomainEvent>, Rule.RuleViolation> {
    const c = toCommand(input)
    const r = CommandHandler.decide(c, this.load, this.revisions)
    if (Result.isSuccess(r)) this.append(Command.target(c).stream, r.success)
    return r
  }
  /** Decide and append; a refusal fails the test with its message. */
  run(input: Input | Command.Command): ReadonlyArray<DomainEvent.DomainEvent> {
    const r = this.apply(input)
    if (Result.isFailure(r)) throw new Error(`setup command ${String(input._tag)} refused: ${r.failure.message}`)
    return r.success
  }
  append(stream: string, events: ReadonlyArray<DomainEvent.DomainEvent>): void {
    this.streams.set(stream, [...this.load(stream), ...events])
    this.log.push(...events)
  }
  caseState(caseId: string) {
    return CommandHandler.caseState(this.load(`case-${caseId}`))
  }
  meetingState(meetingId: string) {
    return CommandHandler.meetingState(this.load(`meeting-${meetingId}`))
  }
  register() {
    return CommandHandler.registerState(this.load("support-meeting-register"))
  }
}

/** An expected event: its tag and any of its JSON fields. */
export type Expected = { readonly _tag: string } & Record<string, unknown>

/** Given/when/then over a fresh world. */
export const given = (...setup: ReadonlyArray<Input>) => {
  const world = new World()
  for (const c of setup) world.run(c)
  return whenOf(world)
}

/** Given these events (appended as they are, to the streams named). */
export const givenEvents = (...streams: ReadonlyArray<readonly [string, ReadonlyArray<DomainEvent.Encoded>]>) => {
  const world = new World()
  for (const [stream, events] of streams) world.append(stream, events.map(DomainEvent.make))
  return whenOf(world)
}

const whenOf = (world: World) => ({
  world,
  when: (input: Input) => {
    const decided = world.decide(input)
    return {
      world,
      decided,
      /** The command succeeds with exactly these events (each matched on the fields given). */
      then: (...expected: ReadonlyArray<Expected>): ReadonlyArray<DomainEvent.DomainEvent> => {
        if (Result.isFailure(decided)) throw new Error(`expected events, got refusal ${decided.failure.message}`)
        expect(decided.success.map(DomainEvent.encode)).toMatchObject(expected)
        expect(decided.success).toHaveLength(expected.length)
        return decided.success
      },
      /** The command is refused under `rule`; nothing is decided. */
      thenRefused: (rule: Rule.RuleId): Rule.RuleViolation => {
        if (Result.isSuccess(decided)) {
          throw new Error(`expected refusal ${rule}, got ${decided.success.map((e) => e._tag).join(", ")}`)
        }
        expect(decided.failure._tag).toBe("RuleViolation")
        expect(decided.failure.rule, decided.failure.message).toBe(rule)
        expect(decided.failure.message.startsWith(`${rule}: `)).toBe(true)
        return decided.failure
      }
    }
  }
})

// ---------------------------------------------------------------------------------------------
// Kitakami fixtures: ids from the directory, an "8050" household.
// ---------------------------------------------------------------------------------------------

/** 福祉部地域福祉課: a city section, core member (livelihood hardship), hosts the support meeting here. */
export const CITY = "city-chiiki-fukushi"
/** 多機関協働事業 (北上市社会福祉協議会): the operator. */
export const OP = "shakyo"
/** アウトリーチ等を通じた継続的支援事業 (CSW). */
export const CSW = "shakyo-outreach"
/** 参加支援事業. */
export const SANKA = "shakyo-sanka-shien"
/** 地域包括支援センター本通り: the referring centre. */
export const HOKATSU = "hokatsu-hondori"
/** The core members (ORG-3). */
export const CORE = ["city-choju-kaigo", "city-shogai-fukushi", "city-kosodate-shien", "city-chiiki-fukushi", "city-hoken", "shakyo"] as const

/** A Japan-time instant in FY2025: `T("05-12T10:00")` = 2025-05-12T10:00+09:00. */
export const T = (monthDayTime: string): string => `2025-${monthDayTime}:00+09:00`

/** Personal data used in tests; it must never appear in errors or logs. */
export const SON_NAME = "北上 太郎"
export const MOTHER_NAME = "北上 花子"
export const ADDRESS = "北上市本通り一丁目"

export const establishRegister: Input = { _tag: "EstablishRegister", at: T("04-01T09:00"), by: CITY, members: [...CORE] }

export const referral: Input = {
  _tag: "ReferCase",
  caseId: "c1",
  at: T("04-10T10:00"),
  by: HOKATSU,
  members: [
    { memberId: "son", role: "person", relation: "self", name: SON_NAME, address: ADDRESS },
    { memberId: "mother", role: "household-member", relation: "parent", name: MOTHER_NAME, address: ADDRESS }
  ],
  note: `${MOTHER_NAME}さんの介護相談で、長男${SON_NAME}さんのひきこもりが判明`
}

/** The son's application for use, with consent to share with the listed agencies (CNS-2, CNS-4). */
export const sonConsent = (at = T("05-01T10:00"), agencies: ReadonlyArray<string> = [OP, CITY, HOKATSU, CSW, SANKA, "city-choju-kaigo"]): Input => ({
  _tag: "RecordConsent",
  caseId: "c1",
  at,
  by: OP,
  consentId: "cn-son",
  memberId: "son",
  grantor: { _tag: "Self" },
  purposes: ["multi-agency-collaboration", "participation-support", "information-sharing"],
  agencies: [...agencies] as [string, ...Array<string>],
  method: "written",
  validFrom: at
})

export const supportMeeting = (meetingId = "sm1", at = T("04-20T14:00")): Input => ({
  _tag: "HoldMeeting",
  meetingId,
  at,
  by: CITY,
  meetingType: "support-meeting",
  kind: "regular",
  attendees: [...CORE]
})

export const caseMeeting = (meetingId = "icm1", at = T("05-20T14:00"), attendees: ReadonlyArray<string> = [OP, CITY, HOKATSU, CSW]): Input => ({
  _tag: "HoldMeeting",
  meetingId,
  at,
  by: OP,
  meetingType: "multi-layered-support-meeting",
  kind: "individual-case",
  attendees: [...attendees] as [string, ...Array<string>]
})

export const table = (meetingId: string, itemId: string, subjects: ReadonlyArray<string>, at: string, information: ReadonlyArray<string> = []): Input => ({
  _tag: "TableCase",
  meetingId,
  itemId,
  caseId: "c1",
  subjects: [...subjects],
  information: [...information],
  at,
  by: meetingId.startsWith("sm") ? CITY : OP
})

export const assessment = (at = T("05-10T10:00"), kind: "multi-agency" | "participation-support" = "multi-agency"): Input => ({
  _tag: "RecordAssessment",
  caseId: "c1",
  assessmentId: `as-${kind}`,
  kind,
  subjects: ["son"],
  assessors: kind === "multi-agency" ? [OP, HOKATSU] : [SANKA],
  summary: "生活状況と本人の希望を確認",
  at,
  by: kind === "multi-agency" ? OP : SANKA
})

export const draft = (planId = "p1", at = T("05-15T10:00"), kind: "multi-agency" | "participation-support" = "multi-agency"): Input => ({
  _tag: "DraftPlan",
  caseId: "c1",
  planId,
  kind,
  subjects: ["son"],
  roles: [{ agencyId: kind === "multi-agency" ? OP : SANKA, role: "調整" }, { agencyId: HOKATSU, role: "母の介護支援" }],
  goals: "本人が週1回外出できる",
  ...(kind === "participation-support" ? { unmetNeed: "place-to-belong" as const } : {}),
  at,
  by: kind === "multi-agency" ? OP : SANKA
})

export const review = (planId: string, meetingId: string, at: string, outcome: "approved" | "sent-back" = "approved"): Input => ({
  _tag: "ReviewPlan",
  caseId: "c1",
  planId,
  meetingId,
  outcome,
  at,
  by: OP
})

/** MTG-5: the conditions of joint holding, affirmed. */
export const JOINT = { attendeesLargelySame: true, contentAndRolesKeptApart: true, timeKeptApart: true } as const

/** MTG-3: the support meeting's decision to refer the case on to multi-agency collaboration. */
export const referOn = (meetingId = "sm1", itemId = "i1", at = T("04-20T14:40")): Input => ({
  _tag: "RecordDecision",
  meetingId,
  itemId,
  decision: "refer-to-multi-agency-collaboration",
  at,
  by: CITY
})

/** MTG-3: the judgement on the case that coordination is needed, citing the support meeting's decision. */
export const judgedNeeded = (meetingId = "sm1", itemId = "i1", at = T("04-21T10:00")): Input => ({
  _tag: "JudgeCoordination",
  caseId: "c1",
  needed: true,
  decision: { meetingId, itemId },
  at,
  by: OP
})

/** MTG-3: the operator's own judgement after the referral that the case needs coordination. */
export const operatorJudged: Input = { _tag: "JudgeCoordination", caseId: "c1", needed: true, at: T("04-11T10:00"), by: OP }

/** Register, referral, support meeting discussing the case and referring it on (MTG-3), the son's consent, assessment. */
export const toAssessed: ReadonlyArray<Input> = [
  establishRegister,
  referral,
  supportMeeting(),
  table("sm1", "i1", ["son", "mother"], T("04-20T14:30")),
  referOn(),
  judgedNeeded(),
  sonConsent(),
  assessment()
]

/** … then a drafted plan p1 and an individual case meeting icm1 with the son tabled. */
export const toDrafted: ReadonlyArray<Input> = [
  ...toAssessed,
  draft(),
  caseMeeting(),
  table("icm1", "i1", ["son"], T("05-20T14:10"))
]

/** … then p1 reviewed and decided at icm1, support started. */
export const toInSupport: ReadonlyArray<Input> = [
  ...toDrafted,
  review("p1", "icm1", T("05-20T14:30")),
  { _tag: "StartSupport", caseId: "c1", planId: "p1", at: T("05-21T10:00"), by: OP }
]
