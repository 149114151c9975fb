/**
 * The meeting aggregate: one decide function per command behind an exhaustive switch (PLN-9), and
 * the registry entry (stream `meeting-<meetingId>`; reads the register and the tabled case).
 *
 * @module
 */
import { Result } from "effect"
import * as Aggregate from "../Aggregate.ts"
import { requireItems, requireMembersInCase, requireReferred } from "../case/guards.ts"
import * as Decider from "../Decider.ts"
import * as Disclosure from "../Disclosure.ts"
import * as Edition from "../Edition.ts"
import * as Guard from "../Guard.ts"
import * as MemberRegister from "../register/state.ts"
import * as Rule from "../Rule.ts"
import { Command, type DiscussTopic, type HoldMeeting, type RecordDecision, type TableCase } from "./commands.ts"
import { CaseTabled, DecisionRecorded, Event, MeetingHeld, TopicDiscussed } from "./events.ts"
import { streamId } from "./model.ts"
import { evolve, initialState, type State, usedItemIds } from "./state.ts"

/** MTG-1: the meeting has been recorded as held; returns its record. */
const requireHeld = (state: State, meetingId: string): Result.Result<MeetingHeld, Rule.RuleViolation> =>
  state.held === undefined ? Rule.refuse("MTG-1", `meeting ${meetingId} is not recorded`, meetingId) : Result.succeed(state.held)

/** MTG-2 (seed §5ア): only current members of the register attend a support meeting; a former member is named as such. */
const requireRegisteredAttendees = (c: HoldMeeting, ctx: Aggregate.Context): Guard.Check => {
  const stranger = c.attendees.find((a) => !MemberRegister.isMemberAt(ctx.register, a, c.at))
  if (stranger === undefined) return Guard.ok
  const former = MemberRegister.formerMembersAt(ctx.register, c.at).includes(stranger)
  return Rule.refuse(
    "MTG-2",
    former
      ? `${stranger} is a former member of the support meeting and may not receive case information there`
      : `${stranger} is not a member of the support meeting; only registered members attend`,
    c.meetingId
  )
}

/** MTG-2, MTG-5 (seed §5ア): the support meeting: regular or ad hoc (with its reason), hosted by the city, registered members only, core members only when regular. */
const supportMeetingRules = (c: HoldMeeting, ctx: Aggregate.Context): Guard.Check => {
  const subject = c.meetingId
  const core = Edition.coreMembers(ctx.catalog)
  const nonCore = c.attendees.find((a) => !core.includes(a))
  return Guard.all([
    () => Guard.unless(c.kind !== "regular" && c.kind !== "ad-hoc", "MTG-2", () => `a support meeting is regular or ad-hoc, not ${c.kind}`, subject),
    () => Guard.requireCity(ctx.catalog, c.by, "MTG-2", `the support meeting is hosted by the city; ${c.by} is not the city`, subject),
    () => requireRegisteredAttendees(c, ctx),
    () =>
      Guard.unless(
        c.kind === "regular" && nonCore !== undefined,
        "MTG-2",
        () => `the regular meeting is held with the core members; ${nonCore} joins an ad-hoc meeting`,
        subject
      ),
    () =>
      Guard.unless(
        c.kind === "ad-hoc" && c.adHocReason === undefined,
        "MTG-2",
        () => "an ad-hoc support meeting records why it was called (urgent or non-core agencies)",
        subject
      )
  ])
}

/** MTG-4, MTG-5 (seed §5イ): the multi-layered support meeting: individual case or overall promotion, hosted by the operator. */
const multiLayeredRules = (c: HoldMeeting, operator: string): Guard.Check => {
  const subject = c.meetingId
  return Guard.all([
    () =>
      Guard.unless(
        c.kind !== "individual-case" && c.kind !== "overall-promotion",
        "MTG-4",
        () => `a multi-layered support meeting is individual-case or overall-promotion, not ${c.kind}`,
        subject
      ),
    () => Guard.unless(c.by !== operator, "MTG-4", () => `the multi-layered support meeting is hosted by the operator ${operator}, not ${c.by}`, subject)
  ])
}

/**
 * MTG-1…MTG-5: record a meeting once: its host, attendees, kind and the meetings it was held
 * jointly with (any existing meeting: the plan's list ends in など), with the plan's conditions of
 * joint holding affirmed. Who may attend stays ruled by MTG-2 and CNS-4 whatever it is held with.
 */
export const holdMeeting = (c: HoldMeeting, state: State, ctx: Aggregate.Context): Aggregate.Decision<Event> => {
  const { catalog } = ctx
  const subject = c.meetingId
  const operator = Edition.operator(catalog)
  const jointWith = c.jointWith ?? []
  return Result.map(
    Guard.all([
      () => Guard.unless(state.held !== undefined, "AUD-1", () => `meeting ${c.meetingId} is already recorded`, subject),
      () => Guard.requireDistinct(c.attendees, "MTG-2", "an attendee is listed twice", subject),
      () => Guard.requireAllInDirectory(catalog, c.attendees, subject, (a) => `attendee ${a} is not in the directory`),
      () => Guard.unless(!c.attendees.includes(c.by), "MTG-1", () => `the host ${c.by} must attend`, subject),
      () => Guard.requireDistinct(jointWith, "MTG-5", "a joint meeting type is listed twice", subject),
      () =>
        Guard.unless(
          jointWith.length > 0 && c.jointConditions === undefined,
          "MTG-5",
          () => "a joint holding affirms its conditions: attendees largely the same, content and roles and time kept apart (jointConditions)",
          subject
        ),
      () => (c.meetingType === "support-meeting" ? supportMeetingRules(c, ctx) : multiLayeredRules(c, operator)),
      () => Guard.unless(!c.attendees.includes(operator), "MTG-1", () => `the operator ${operator} attends every meeting`, subject),
      () => Guard.unless(!c.attendees.some((a) => Edition.isCity(catalog, a)), "MTG-1", () => "the city attends every meeting", subject)
    ]),
    () => [
      MeetingHeld.make({
        ...Decider.stamp(c),
        meetingId: c.meetingId,
        meetingType: c.meetingType,
        kind: c.kind,
        ...(c.adHocReason !== undefined && c.meetingType === "support-meeting" ? { adHocReason: c.adHocReason } : {}),
        attendees: c.attendees,
        served: [c.meetingType, ...jointWith],
        ...(jointWith.length > 0 && c.jointConditions !== undefined ? { jointConditions: c.jointConditions } : {})
      })
    ]
  )
}

/** MTG-3, MTG-4, CNS-4, CNS-7, ACC-2: table a referred case at a held meeting, sharing only what every attendee may see. */
export const tableCase = (c: TableCase, state: State, ctx: Aggregate.Context): Aggregate.Decision<Event> => {
  const subject = c.meetingId
  const recorded = requireHeld(state, c.meetingId)
  if (Result.isFailure(recorded)) return Guard.refusal(recorded)
  const held = recorded.success
  if (usedItemIds(state).has(c.itemId)) return Rule.refuse("AUD-1", `item ${c.itemId} is already recorded`, subject)
  if (held.kind === "overall-promotion") {
    return Rule.refuse("MTG-4", "the overall promotion meeting does not discuss individual cases", subject)
  }
  const referred = requireReferred(ctx.cases.get(c.caseId), c.caseId, subject)
  if (Result.isFailure(referred)) return Guard.refusal(referred)
  const kase = referred.success
  const members = Guard.all([
    () => Guard.requireDistinct(c.subjects, "CNS-7", "a subject is listed twice", subject),
    () => requireMembersInCase(kase, c.subjects, c.caseId, subject)
  ])
  if (Result.isFailure(members)) return Guard.refusal(members)
  const information = c.information ?? []
  const items = requireItems(kase, information, c.subjects, "this item", subject)
  if (Result.isFailure(items)) return Guard.refusal(items)
  const setting: Disclosure.Setting = held.meetingType === "support-meeting" ? "support-meeting" : "individual-case-meeting"
  const refused = Disclosure.refusalOf(
    { agencies: held.attendees, members: c.subjects, items: items.success, setting, at: held.at },
    { consents: kase.consents, register: ctx.register }
  )
  if (refused !== undefined) {
    return Rule.refuse(
      refused.because.rule,
      refused.item !== undefined
        ? `item ${refused.item.itemId} cannot be tabled with ${refused.agency}: ${refused.because.explanation}`
        : `member ${refused.memberId} of case ${c.caseId} cannot be discussed with ${refused.agency} at meeting ${c.meetingId}: ${refused.because.explanation}`,
      subject
    )
  }
  return Result.succeed([
    CaseTabled.make({
      ...Decider.stamp(c),
      meetingId: c.meetingId,
      itemId: c.itemId,
      caseId: c.caseId,
      subjects: c.subjects,
      information
    })
  ])
}

/** MTG-3: record the support meeting's decision on a case tabled at it. */
export const recordDecision = (c: RecordDecision, state: State): Aggregate.Decision<Event> =>
  Result.flatMap(requireHeld(state, c.meetingId), (held) => {
    if (held.meetingType !== "support-meeting") {
      return Rule.refuse(
        "MTG-3",
        "only the support meeting records these decisions; plan judgments of the individual case meeting are recorded on the case",
        c.meetingId
      )
    }
    const item = state.agenda.find((a) => a.itemId === c.itemId)
    if (item === undefined) return Rule.refuse("MTG-3", `no case was tabled as item ${c.itemId}`, c.meetingId)
    return Result.succeed([
      DecisionRecorded.make({
        ...Decider.stamp(c),
        meetingId: c.meetingId,
        itemId: c.itemId,
        caseId: item.caseId,
        decision: c.decision,
        ...(c.note !== undefined ? { note: c.note } : {})
      })
    ])
  })

/** MTG-4: record a topic of an overall promotion meeting. */
export const discussTopic = (c: DiscussTopic, state: State): Aggregate.Decision<Event> =>
  Result.flatMap(requireHeld(state, c.meetingId), (held) =>
    Result.map(
      Guard.all([
        () => Guard.unless(held.kind !== "overall-promotion", "MTG-4", () => "topics are the business of the overall promotion meeting", c.meetingId),
        () => Guard.unless(usedItemIds(state).has(c.itemId), "AUD-1", () => `item ${c.itemId} is already recorded`, c.meetingId)
      ]),
      () => [
        TopicDiscussed.make({
          ...Decider.stamp(c),
          meetingId: c.meetingId,
          itemId: c.itemId,
          topic: c.topic,
          ...(c.note !== undefined ? { note: c.note } : {})
        })
      ]
    ))

/** MTG-1…MTG-5, CNS-4: decide a meeting command (the actor is checked by the registry, ORG-1). */
export const decide = (c: Command, state: State, ctx: Aggregate.Context): Aggregate.Decision<Event> => {
  switch (c._tag) {
    case "HoldMeeting":
      return holdMeeting(c, state, ctx)
    case "TableCase":
      return tableCase(c, state, ctx)
    case "RecordDecision":
      return recordDecision(c, state)
    case "DiscussTopic":
      return discussTopic(c, state)
  }
}

/** The meeting aggregate for the registry. */
export const aggregate = {
  name: "meeting",
  commands: Command,
  events: Event,
  stream: (c: Command) => streamId(c.meetingId),
  reads: (c: Command): Aggregate.Reads => ({ register: true, cases: c._tag === "TableCase" ? [c.caseId] : [], meetings: [] }),
  actor: (c: Command, catalog) => Guard.requireInDirectory(catalog, c.by, c.meetingId),
  decide,
  evolve,
  initialState
} as const satisfies Aggregate.Aggregate<"meeting", typeof Command.members, typeof Event.members, State>

/** MTG-1…MTG-5: the meeting decider, taking the revisions (AUD-3). */
export const decider = Aggregate.decider(aggregate)
