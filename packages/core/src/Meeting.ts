/**
 * The support meeting (支援会議) and the multi-layered support meeting (重層的支援会議)
 * (MTG-1…MTG-5, CNS-3, CNS-4, CNS-7, CNS-8, ACC-2; seed §5).
 *
 * - **Support meeting** (Art. 106-6): hosted by the city; held regularly with the core members or
 *   ad hoc (urgent, or when non-core agencies should join); only current members of the register
 *   attend (MTG-2), and they share case information without consent (CNS-3). Its decisions are the
 *   business of MTG-3: watching, support direction, urgent response, and whether a case goes to
 *   multi-agency collaboration.
 * - **Multi-layered support meeting**: hosted by the multi-agency collaboration operator, the city
 *   always attends (MTG-4). The individual case meeting (個別支援会議) discusses only cases whose
 *   persons consented to sharing with every attendee (CNS-4, CNS-7) and judges plans (PLN-2; those
 *   judgments are recorded on the case, citing the meeting). The overall promotion meeting
 *   (全体推進会議) discusses no individual case.
 * - The city and the operator attend both (MTG-1). A meeting may be held jointly with an existing
 *   meeting; the record keeps every meeting type it served (MTG-5), and it still counts once (MTG-6).
 *
 * One stream per meeting: `meeting-<meetingId>`.
 *
 * @module
 */
import { Result, Schema } from "effect"
import type * as Case from "./Case.ts"
import type * as Catalog from "./Catalog.ts"
import * as Decider from "./Decider.ts"
import * as Disclosure from "./Disclosure.ts"
import * as Edition from "./Edition.ts"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import * as MemberRegister from "./MemberRegister.ts"
import * as Personal from "./Personal.ts"
import * as Rule from "./Rule.ts"

/** The stream of a meeting. */
export const streamId = (meetingId: Id.MeetingId): string => `meeting-${meetingId}`

/** MTG-1: the two meeting types. */
export const MeetingType = Schema.Literals(["support-meeting", "multi-layered-support-meeting"])
/** The type of {@link MeetingType}. */
export type MeetingType = typeof MeetingType.Type

/**
 * MTG-2, MTG-4: the kind of meeting: a support meeting is `regular` (定期開催) or `ad-hoc` (随時);
 * a multi-layered support meeting is `individual-case` (個別支援会議) or `overall-promotion` (全体推進会議).
 */
export const MeetingKind = Schema.Literals(["regular", "ad-hoc", "individual-case", "overall-promotion"])
/** The type of {@link MeetingKind}. */
export type MeetingKind = typeof MeetingKind.Type

/** MTG-2: why an ad hoc support meeting was called. */
export const AdHocReason = Schema.Literals(["urgent", "non-core-agencies"])
/** The type of {@link AdHocReason}. */
export type AdHocReason = typeof AdHocReason.Type

/**
 * MTG-5: existing meetings a meeting may be held jointly with (併用開催):
 * 生活困窮者自立支援法の支援会議 / 支援調整会議, 地域ケア会議 (介護保険法), 自立支援協議会 (障害者総合支援法),
 * and 地域福祉計画策定委員会 (the Community Welfare Plan committee, with the overall promotion meeting only).
 */
export const ExistingMeeting = Schema.Literals([
  "konkyu-shien-kaigi",
  "shien-chosei-kaigi",
  "chiiki-care-kaigi",
  "jiritsu-shien-kyogikai",
  "chiiki-fukushi-keikaku-iinkai"
])
/** The type of {@link ExistingMeeting}. */
export type ExistingMeeting = typeof ExistingMeeting.Type

/** MTG-5: a meeting type a (possibly joint) meeting served. */
export const ServedType = Schema.Union([MeetingType, ExistingMeeting])
/** The type of {@link ServedType}. */
export type ServedType = typeof ServedType.Type

/** MTG-3: what a support meeting decided about a case. */
export const SupportMeetingDecision = Schema.Literals([
  /** 多機関協働事業へつなぐ */
  "refer-to-multi-agency-collaboration",
  /** 既存の連携で対応 (coordination not needed) */
  "handled-by-existing-links",
  /** 見守り */
  "watch",
  /** 緊急対応 */
  "urgent-response",
  /** 情報共有のみ (cases of concern, cases an agency is consulted on) */
  "shared-only"
])
/** The type of {@link SupportMeetingDecision}. */
export type SupportMeetingDecision = typeof SupportMeetingDecision.Type

/** MTG-4: what an overall promotion meeting discusses. */
export const Topic = Schema.Literals(["resource-gap", "shared-understanding", "system-evaluation", "feedback-to-agencies"])
/** The type of {@link Topic}. */
export type Topic = typeof Topic.Type

// Payloads a command and its event share (MTG-1…MTG-5).
const heldFields = {
  meetingId: Id.MeetingId,
  meetingType: MeetingType,
  kind: MeetingKind,
  adHocReason: Schema.optionalKey(AdHocReason),
  attendees: Schema.NonEmptyArray(Id.AgencyId)
}
const itemFields = { meetingId: Id.MeetingId, itemId: Id.ItemId }
const tabledFields = {
  ...itemFields,
  caseId: Id.CaseId,
  /** CNS-7: the household members whose information is shared; may be empty (the case by id only). */
  subjects: Schema.Array(Id.MemberId)
}
const decisionFields = { decision: SupportMeetingDecision, note: Schema.optionalKey(Personal.Note) }
const topicFields = { ...itemFields, topic: Topic, note: Schema.optionalKey(Personal.Note) }

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** MTG-1…MTG-5: record a meeting held at `at`, hosted by `by`. */
export const HoldMeeting = Schema.TaggedStruct("HoldMeeting", {
  ...Decider.commandFields,
  ...heldFields,
  jointWith: Schema.optionalKey(Schema.Array(ExistingMeeting))
})
/** MTG-3, MTG-4, CNS-4: put a case on the meeting's agenda, naming the persons discussed and the information tabled. */
export const TableCase = Schema.TaggedStruct("TableCase", {
  ...Decider.commandFields,
  ...tabledFields,
  /** ACC-2: information items tabled. */
  information: Schema.optionalKey(Schema.Array(Id.InfoItemId))
})
/** MTG-3: record a support meeting's decision on a tabled case. */
export const RecordDecision = Schema.TaggedStruct("RecordDecision", {
  ...Decider.commandFields,
  ...itemFields,
  ...decisionFields
})
/** MTG-4: record a topic of an overall promotion meeting. */
export const DiscussTopic = Schema.TaggedStruct("DiscussTopic", {
  ...Decider.commandFields,
  ...topicFields
})

/** Commands on a meeting. */
export const Command = Schema.Union([HoldMeeting, TableCase, RecordDecision, DiscussTopic])
/** The type of {@link Command}. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** MTG-1…MTG-5: a meeting was held at `at`, hosted by `by`. `served` lists every meeting type it served. */
export const MeetingHeld = Schema.TaggedStruct("MeetingHeld", {
  ...Decider.eventFields,
  ...heldFields,
  served: Schema.NonEmptyArray(ServedType)
})
/** MTG-3, MTG-4: a case was discussed (subjects: the members whose information was shared). */
export const CaseTabled = Schema.TaggedStruct("CaseTabled", {
  ...Decider.eventFields,
  ...tabledFields,
  information: Schema.Array(Id.InfoItemId)
})
/** MTG-3: the support meeting decided on a tabled case. */
export const DecisionRecorded = Schema.TaggedStruct("DecisionRecorded", {
  ...Decider.eventFields,
  ...itemFields,
  caseId: Id.CaseId,
  ...decisionFields
})
/** MTG-4: an overall promotion meeting discussed a topic. */
export const TopicDiscussed = Schema.TaggedStruct("TopicDiscussed", {
  ...Decider.eventFields,
  ...topicFields
})

/** Events of a meeting. */
export const Event = Schema.Union([MeetingHeld, CaseTabled, DecisionRecorded, TopicDiscussed])
/** The type of {@link Event}. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A meeting's record. `held` is absent until the meeting is recorded. */
export interface State {
  readonly held?: typeof MeetingHeld.Type | undefined
  readonly agenda: ReadonlyArray<typeof CaseTabled.Type>
  readonly decisions: ReadonlyArray<typeof DecisionRecorded.Type>
  readonly topics: ReadonlyArray<typeof TopicDiscussed.Type>
}

/** A meeting before its first event: not held, nothing tabled, decided or discussed. */
export const initialState: State = { agenda: [], decisions: [], topics: [] }

/**
 * Apply one recorded event to a meeting's record (AUD-1). The rules of MTG-1…MTG-5 (seed §5) are
 * checked when deciding (PLN-9); every recorded event is applied as it is.
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "MeetingHeld":
      return { ...state, held: event }
    case "CaseTabled":
      return { ...state, agenda: [...state.agenda, event] }
    case "DecisionRecorded":
      return { ...state, decisions: [...state.decisions, event] }
    case "TopicDiscussed":
      return { ...state, topics: [...state.topics, event] }
  }
}

/** PLN-2: true for a held individual case meeting (個別支援会議). */
export const isIndividualCaseMeeting = (state: State): boolean =>
  state.held?.meetingType === "multi-layered-support-meeting" && state.held.kind === "individual-case"

/** MTG-6: true for a held support meeting (counted once per meeting, however many types it served). */
export const isSupportMeeting = (state: State): boolean => state.held?.meetingType === "support-meeting"

const usedItemIds = (state: State): ReadonlySet<string> =>
  new Set([...state.agenda.map((a) => a.itemId), ...state.topics.map((t) => t.itemId), ...state.decisions.map((d) => d.itemId)])

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

/** What a meeting's decisions need from outside: revisions (AUD-3), the register (MTG-2) and tabled cases (CNS-4). */
export interface Context {
  readonly revisions: ReadonlyArray<Catalog.Catalog>
  readonly register: MemberRegister.State
  readonly cases: ReadonlyMap<Id.CaseId, Case.State>
}

type Decision = Result.Result<ReadonlyArray<Event>, Rule.RuleViolation>

const hold = (c: typeof HoldMeeting.Type, state: State, ctx: Context, catalog: Catalog.Catalog): Decision => {
  const subject = c.meetingId
  if (state.held !== undefined) return Rule.refuse("AUD-1", `meeting ${c.meetingId} is already recorded`, subject)
  const attendees = c.attendees
  if (new Set(attendees).size !== attendees.length) return Rule.refuse("MTG-2", "an attendee is listed twice", subject)
  const unknown = attendees.find((a) => !Edition.isKnownParty(catalog, a))
  if (unknown !== undefined) return Rule.refuse("ORG-1", `attendee ${unknown} is not in the directory`, subject)
  if (!attendees.includes(c.by)) return Rule.refuse("MTG-1", `the host ${c.by} must attend`, subject)
  const operator = Edition.operator(catalog)
  const jointWith = c.jointWith ?? []
  if (new Set(jointWith).size !== jointWith.length) return Rule.refuse("MTG-5", "a joint meeting type is listed twice", subject)
  if (c.meetingType === "support-meeting") {
    if (c.kind !== "regular" && c.kind !== "ad-hoc") {
      return Rule.refuse("MTG-2", `a support meeting is regular or ad-hoc, not ${c.kind}`, subject)
    }
    if (!Edition.isCity(catalog, c.by)) return Rule.refuse("MTG-2", `the support meeting is hosted by the city; ${c.by} is not the city`, subject)
    for (const a of attendees) {
      if (!MemberRegister.isMemberAt(ctx.register, a, c.at)) {
        const former = MemberRegister.formerMembersAt(ctx.register, c.at).includes(a)
        return Rule.refuse(
          "MTG-2",
          former
            ? `${a} is a former member of the support meeting and may not receive case information there`
            : `${a} is not a member of the support meeting; only registered members attend`,
          subject
        )
      }
    }
    if (c.kind === "regular") {
      const core = Edition.coreMembers(catalog)
      const nonCore = attendees.find((a) => !core.includes(a))
      if (nonCore !== undefined) {
        return Rule.refuse("MTG-2", `the regular meeting is held with the core members; ${nonCore} joins an ad-hoc meeting`, subject)
      }
    } else if (c.adHocReason === undefined) {
      return Rule.refuse("MTG-2", "an ad-hoc support meeting records why it was called (urgent or non-core agencies)", subject)
    }
    if (jointWith.includes("chiiki-fukushi-keikaku-iinkai")) {
      return Rule.refuse(
        "MTG-5",
        "the support meeting shares case information under confidentiality and is not held jointly with the Community Welfare Plan committee",
        subject
      )
    }
  } else {
    if (c.kind !== "individual-case" && c.kind !== "overall-promotion") {
      return Rule.refuse("MTG-4", `a multi-layered support meeting is individual-case or overall-promotion, not ${c.kind}`, subject)
    }
    if (c.by !== operator) {
      return Rule.refuse("MTG-4", `the multi-layered support meeting is hosted by the operator ${operator}, not ${c.by}`, subject)
    }
    if (c.kind === "individual-case" && jointWith.includes("chiiki-fukushi-keikaku-iinkai")) {
      return Rule.refuse("MTG-5", "the individual case meeting is not held jointly with the Community Welfare Plan committee", subject)
    }
  }
  if (!attendees.includes(operator)) return Rule.refuse("MTG-1", `the operator ${operator} attends every meeting`, subject)
  if (!attendees.some((a) => Edition.isCity(catalog, a))) return Rule.refuse("MTG-1", "the city attends every meeting", subject)
  const held = MeetingHeld.make({
    ...Decider.stamp(c),
    meetingId: c.meetingId,
    meetingType: c.meetingType,
    kind: c.kind,
    ...(c.adHocReason !== undefined && c.meetingType === "support-meeting" ? { adHocReason: c.adHocReason } : {}),
    attendees,
    served: [c.meetingType, ...jointWith]
  })
  return Result.succeed([held])
}

const table = (c: typeof TableCase.Type, state: State, ctx: Context): Decision => {
  const subject = c.meetingId
  const held = state.held
  if (held === undefined) return Rule.refuse("MTG-1", `meeting ${c.meetingId} is not recorded`, subject)
  if (usedItemIds(state).has(c.itemId)) return Rule.refuse("AUD-1", `item ${c.itemId} is already recorded`, subject)
  if (held.kind === "overall-promotion") {
    return Rule.refuse("MTG-4", "the overall promotion meeting does not discuss individual cases", subject)
  }
  const kase = ctx.cases.get(c.caseId)
  if (kase === undefined || kase.status === "none") return Rule.refuse("PLN-1", `case ${c.caseId} has not been referred`, subject)
  if (new Set(c.subjects).size !== c.subjects.length) return Rule.refuse("CNS-7", "a subject is listed twice", subject)
  const stranger = c.subjects.find((m) => !kase.members.some((x) => x.memberId === m))
  if (stranger !== undefined) return Rule.refuse("CNS-7", `member ${stranger} is not in case ${c.caseId}`, subject)
  const information = c.information ?? []
  const items: Array<Disclosure.InfoItem> = []
  for (const itemId of information) {
    const item = kase.information.find((i) => i.itemId === itemId)
    if (item === undefined) return Rule.refuse("ACC-2", `item ${itemId} is not recorded in case ${c.caseId}`, subject)
    if (!c.subjects.includes(item.memberId)) {
      return Rule.refuse("CNS-7", `item ${itemId} is about member ${item.memberId}, who is not a subject of this item`, subject)
    }
    items.push(item)
  }
  const setting: Disclosure.Setting = held.meetingType === "support-meeting" ? "support-meeting" : "individual-case-meeting"
  const facts: Disclosure.Facts = { consents: kase.consents, register: ctx.register }
  // ACC-2 first: an item learned only at the support meeting is refused as such.
  for (const item of items) {
    for (const agency of held.attendees) {
      const answer = Disclosure.decide({ agency, memberId: item.memberId, setting, at: held.at, item }, facts)
      if (!answer.allowed) {
        return Rule.refuse(answer.because.rule, `item ${item.itemId} cannot be tabled with ${agency}: ${answer.because.explanation}`, subject)
      }
    }
  }
  for (const memberId of c.subjects) {
    for (const agency of held.attendees) {
      const answer = Disclosure.decide({ agency, memberId, setting, at: held.at }, facts)
      if (!answer.allowed) {
        return Rule.refuse(
          answer.because.rule,
          `member ${memberId} of case ${c.caseId} cannot be discussed with ${agency} at meeting ${c.meetingId}: ${answer.because.explanation}`,
          subject
        )
      }
    }
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

const decideWith = (command: Command, state: State, ctx: Context, catalog: Catalog.Catalog): Decision => {
  if (!Edition.isKnownParty(catalog, command.by)) {
    return Rule.refuse("ORG-1", `${command.by} is not in the directory`, command.meetingId)
  }
  switch (command._tag) {
    case "HoldMeeting":
      return hold(command, state, ctx, catalog)
    case "TableCase":
      return table(command, state, ctx)
    case "RecordDecision": {
      const held = state.held
      if (held === undefined) return Rule.refuse("MTG-1", `meeting ${command.meetingId} is not recorded`, command.meetingId)
      if (held.meetingType !== "support-meeting") {
        return Rule.refuse(
          "MTG-3",
          "only the support meeting records these decisions; plan judgments of the individual case meeting are recorded on the case",
          command.meetingId
        )
      }
      const item = state.agenda.find((a) => a.itemId === command.itemId)
      if (item === undefined) return Rule.refuse("MTG-3", `no case was tabled as item ${command.itemId}`, command.meetingId)
      return Result.succeed([
        DecisionRecorded.make({
          ...Decider.stamp(command),
          meetingId: command.meetingId,
          itemId: command.itemId,
          caseId: item.caseId,
          decision: command.decision,
          ...(command.note !== undefined ? { note: command.note } : {})
        })
      ])
    }
    case "DiscussTopic": {
      const held = state.held
      if (held === undefined) return Rule.refuse("MTG-1", `meeting ${command.meetingId} is not recorded`, command.meetingId)
      if (held.kind !== "overall-promotion") {
        return Rule.refuse("MTG-4", "topics are the business of the overall promotion meeting", command.meetingId)
      }
      if (usedItemIds(state).has(command.itemId)) return Rule.refuse("AUD-1", `item ${command.itemId} is already recorded`, command.meetingId)
      return Result.succeed([
        TopicDiscussed.make({
          ...Decider.stamp(command),
          meetingId: command.meetingId,
          itemId: command.itemId,
          topic: command.topic,
          ...(command.note !== undefined ? { note: command.note } : {})
        })
      ])
    }
  }
}

/** MTG-1…MTG-5: the meeting decider. */
export const decider: Decider.Decider<Command, Event, State, Context> = {
  decide: (command, state, context) =>
    Edition.decideUnder(context.revisions, command.at, (catalog) => decideWith(command, state, context, catalog)),
  evolve,
  initialState
}

/** The meeting's instant, for a judgment recorded against it (PLN-2): true when `at` falls on the meeting (within 24 hours of its start). */
export const isDuring = (state: State, at: Instant.Instant): boolean =>
  state.held !== undefined
  && Instant.millis(state.held.at) <= Instant.millis(at)
  && Instant.millis(at) < Instant.millis(state.held.at) + 24 * 60 * 60 * 1000
