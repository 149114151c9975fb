/**
 * A support case: one person and their household (本人やその世帯), from referral to ending and
 * reopening (PLN-1…PLN-9, CNS-1…CNS-8, ACC-2; seed §4(2)ア①, §4(5)ア①–③, §5).
 *
 * The case decider holds the whole lifecycle of multi-agency collaboration:
 *
 * 1. **Referral** (つなぎ) by an agency opens the case with the person and household members (PLN-1).
 *    Without consent the case is worked on through the support meeting (CNS-8).
 * 2. **Consent** per household member (CNS-5, CNS-7): records, refusals and withdrawals. The
 *    application for use (利用申込み) lets multi-agency collaboration start (CNS-2).
 * 3. **Assessment** by the operator, with the referring agency as needed (PLN-1, PLN-5).
 * 4. **Plans** of three kinds, drafted by their operator (PLN-1, PLN-5), reviewed and decided (or
 *    sent back) at an individual case meeting (PLN-2), support started (PLN-3; early start of a
 *    participation-support plan with a reason, PLN-5), follow-up (PLN-6), re-plans reviewed again
 *    (PLN-3), end evaluation at the meeting: ended or suspended (PLN-4a).
 * 5. **Support for supporters** (支援者支援), recorded without a plan (PLN-7).
 * 6. **Closing and reopening**, keeping the history; information sharing under consent stays
 *    possible after the end (PLN-4).
 *
 * Information items carry their legal basis (ACC-2); a plan may rest only on items its role
 * agencies may see. One stream per case: `case-<caseId>`.
 *
 * @module
 */
import { Option, Result, Schema } from "effect"
import type * as Catalog from "./Catalog.ts"
import * as Consent from "./Consent.ts"
import * as Decider from "./Decider.ts"
import * as Disclosure from "./Disclosure.ts"
import * as Edition from "./Edition.ts"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import * as Meeting from "./Meeting.ts"
import type * as MemberRegister from "./MemberRegister.ts"
import * as Personal from "./Personal.ts"
import * as Rule from "./Rule.ts"
import * as SupportPlan from "./SupportPlan.ts"

/** The stream of a case. */
export const streamId = (caseId: Id.CaseId): string => `case-${caseId}`

/** CNS-7: 本人 (the person referred) or 世帯員 (a household member). */
export const MemberRole = Schema.Literals(["person", "household-member"])
/** The type of {@link MemberRole}. */
export type MemberRole = typeof MemberRole.Type

/** CNS-7: a household member's relation to the person. */
export const Relation = Schema.Literals(["self", "parent", "child", "spouse", "sibling", "grandparent", "grandchild", "other"])
/** The type of {@link Relation}. */
export type Relation = typeof Relation.Type

/** CNS-7: a member of the household. Name and address are personal data (AUD-2). */
export const Member = Schema.Struct({
  memberId: Id.MemberId,
  role: MemberRole,
  relation: Relation,
  name: Personal.Name,
  address: Schema.optionalKey(Personal.Address)
})
/** The type of {@link Member}. */
export type Member = typeof Member.Type

/** PLN-7: support for supporters: advice to the referring agency, or brokering another agency. */
export const SupporterSupportKind = Schema.Literals(["advice-to-referrer", "brokering"])
/** The type of {@link SupporterSupportKind}. */
export type SupporterSupportKind = typeof SupporterSupportKind.Type

/** Why a case without an active plan was closed. */
export const CloseReason = Schema.Literals(["coordination-not-needed", "handled-by-existing-links", "moved-away", "other"])
/** The type of {@link CloseReason}. */
export type CloseReason = typeof CloseReason.Type

const caseFields = { ...Decider.commandFields, caseId: Id.CaseId }

// Payloads a command and its event share (PLN-1, CNS-5, CNS-7, ACC-2, PLN-2, PLN-4, PLN-4a, PLN-6, PLN-7).
const referralFields = { members: Schema.NonEmptyArray(Member), note: Schema.optionalKey(Personal.Note) }
const householdMemberFields = { member: Member }
const consentFields = {
  consentId: Id.ConsentId,
  memberId: Id.MemberId,
  grantor: Consent.Grantor,
  purposes: Schema.NonEmptyArray(Consent.Purpose),
  agencies: Schema.NonEmptyArray(Id.AgencyId),
  method: Consent.Method,
  validFrom: Instant.Instant,
  validUntil: Schema.optionalKey(Instant.Instant)
}
const declineFields = { memberId: Id.MemberId, purposes: Schema.NonEmptyArray(Consent.Purpose) }
const informationFields = {
  itemId: Id.InfoItemId,
  memberId: Id.MemberId,
  provenance: Disclosure.Provenance,
  note: Personal.Note
}
const assessmentFields = {
  assessmentId: Id.AssessmentId,
  kind: SupportPlan.Kind,
  subjects: Schema.NonEmptyArray(Id.MemberId),
  /** The agencies that assessed together (the operator, the referring agency as needed). */
  assessors: Schema.NonEmptyArray(Id.AgencyId),
  summary: Personal.Note
}
const reviewFields = { meetingId: Id.MeetingId, outcome: SupportPlan.ReviewOutcome, note: Schema.optionalKey(Personal.Note) }
const followUpFields = {
  planId: Id.PlanId,
  recordId: Id.RecordId,
  kind: SupportPlan.FollowUpKind,
  note: Schema.optionalKey(Personal.Note)
}
const supporterSupportFields = {
  recordId: Id.RecordId,
  kind: SupporterSupportKind,
  /** The agency advised (the referrer) or brokered to. */
  to: Id.AgencyId,
  note: Schema.optionalKey(Personal.Note)
}
const endEvaluationFields = {
  meetingId: Id.MeetingId,
  outcome: SupportPlan.EndOutcome,
  suspensionReason: Schema.optionalKey(SupportPlan.SuspensionReason),
  evaluation: Personal.Note
}
const reopenFields = { reason: Schema.optionalKey(Personal.Note) }

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** PLN-1: an agency refers (つなぐ) a person and household; `by` is the referring agency. */
export const ReferCase = Schema.TaggedStruct("ReferCase", {
  ...caseFields,
  ...referralFields
})
/** CNS-7: add a household member to the case. */
export const AddHouseholdMember = Schema.TaggedStruct("AddHouseholdMember", { ...caseFields, ...householdMemberFields })
/** CNS-5: record a consent taken by `by` at `at`. */
export const RecordConsent = Schema.TaggedStruct("RecordConsent", {
  ...caseFields,
  ...consentFields
})
/** CNS-7, CNS-8: a member declined to consent (recorded; nothing is shared outside the support meeting). */
export const DeclineConsent = Schema.TaggedStruct("DeclineConsent", {
  ...caseFields,
  ...declineFields
})
/** CNS-5: a consent is withdrawn at `at`; the record stays. */
export const WithdrawConsent = Schema.TaggedStruct("WithdrawConsent", { ...caseFields, consentId: Id.ConsentId })
/** ACC-2: record an item of information about a member, learned by `by` at `at` on a legal basis. */
export const RecordInformation = Schema.TaggedStruct("RecordInformation", {
  ...caseFields,
  ...informationFields
})
/** PLN-1, PLN-5: the operator's assessment of members for one kind of support. */
export const RecordAssessment = Schema.TaggedStruct("RecordAssessment", {
  ...caseFields,
  ...assessmentFields
})
/** PLN-1, PLN-5, CNS-2: the operator drafts a plan: roles, goals and direction. */
export const DraftPlan = Schema.TaggedStruct("DraftPlan", {
  ...caseFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  subjects: Schema.NonEmptyArray(Id.MemberId),
  roles: Schema.NonEmptyArray(SupportPlan.Role),
  goals: Personal.Note,
  /** ACC-2: the information items the plan rests on. */
  basis: Schema.optionalKey(Schema.Array(Id.InfoItemId))
})
/** PLN-3: a re-plan (再プラン) or a redraft after a send-back: a new revision, reviewed again. */
export const RevisePlan = Schema.TaggedStruct("RevisePlan", {
  ...caseFields,
  planId: Id.PlanId,
  roles: Schema.NonEmptyArray(SupportPlan.Role),
  goals: Personal.Note,
  basis: Schema.optionalKey(Schema.Array(Id.InfoItemId))
})
/** PLN-2: the individual case meeting judged the current draft: approved (decided) or sent back. */
export const ReviewPlan = Schema.TaggedStruct("ReviewPlan", {
  ...caseFields,
  planId: Id.PlanId,
  ...reviewFields
})
/** PLN-3, PLN-5: support under the plan starts; before the decision only for participation support, with a reason. */
export const StartSupport = Schema.TaggedStruct("StartSupport", {
  ...caseFields,
  planId: Id.PlanId,
  earlyStartReason: Schema.optionalKey(Personal.Note)
})
/** PLN-6: settling-in support, support for the receiving place, or a follow-up visit. */
export const RecordFollowUp = Schema.TaggedStruct("RecordFollowUp", {
  ...caseFields,
  ...followUpFields
})
/** PLN-7: support for supporters, without a plan. */
export const RecordSupporterSupport = Schema.TaggedStruct("RecordSupporterSupport", {
  ...caseFields,
  ...supporterSupportFields
})
/** PLN-2, PLN-4a: the individual case meeting evaluates a plan at its end: ended or suspended. */
export const EvaluateEnd = Schema.TaggedStruct("EvaluateEnd", {
  ...caseFields,
  planId: Id.PlanId,
  ...endEvaluationFields
})
/** Close a case that has no active plan (e.g. coordination judged not needed, PLN-7). */
export const CloseCase = Schema.TaggedStruct("CloseCase", { ...caseFields, reason: CloseReason })
/** PLN-4: reopen a closed case; its history stays. */
export const ReopenCase = Schema.TaggedStruct("ReopenCase", { ...caseFields, ...reopenFields })

/** Commands on a case. */
export const Command = Schema.Union([
  ReferCase,
  AddHouseholdMember,
  RecordConsent,
  DeclineConsent,
  WithdrawConsent,
  RecordInformation,
  RecordAssessment,
  DraftPlan,
  RevisePlan,
  ReviewPlan,
  StartSupport,
  RecordFollowUp,
  RecordSupporterSupport,
  EvaluateEnd,
  CloseCase,
  ReopenCase
])
/** The type of {@link Command}. */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

const caseEventFields = { ...Decider.eventFields, caseId: Id.CaseId }

/** PLN-1: a case was referred by `by`. */
export const CaseReferred = Schema.TaggedStruct("CaseReferred", {
  ...caseEventFields,
  ...referralFields
})
/** CNS-7: a household member was added. */
export const HouseholdMemberAdded = Schema.TaggedStruct("HouseholdMemberAdded", { ...caseEventFields, ...householdMemberFields })
/** CNS-5: a consent was recorded by `by` at `at`. */
export const ConsentRecorded = Schema.TaggedStruct("ConsentRecorded", {
  ...caseEventFields,
  ...consentFields
})
/** CNS-7, CNS-8: a member declined to consent. */
export const ConsentDeclined = Schema.TaggedStruct("ConsentDeclined", {
  ...caseEventFields,
  ...declineFields
})
/** CNS-5: a consent was withdrawn at `at`. */
export const ConsentWithdrawn = Schema.TaggedStruct("ConsentWithdrawn", {
  ...caseEventFields,
  consentId: Id.ConsentId,
  memberId: Id.MemberId
})
/** ACC-2: an item of information was recorded with its legal basis. */
export const InformationRecorded = Schema.TaggedStruct("InformationRecorded", {
  ...caseEventFields,
  ...informationFields
})
/** PLN-1: an assessment was recorded. */
export const AssessmentRecorded = Schema.TaggedStruct("AssessmentRecorded", {
  ...caseEventFields,
  ...assessmentFields
})
/** PLN-1: a plan's first draft (revision 1). `consents` are the records it relied on (CNS-6). */
export const PlanDrafted = Schema.TaggedStruct("PlanDrafted", {
  ...caseEventFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  subjects: Schema.NonEmptyArray(Id.MemberId),
  roles: Schema.NonEmptyArray(SupportPlan.Role),
  goals: Personal.Note,
  basis: Schema.Array(Id.InfoItemId),
  consents: Schema.Array(Id.ConsentId)
})
/** PLN-3: a new revision of a plan (re-plan or redraft), to be reviewed again. */
export const PlanRevised = Schema.TaggedStruct("PlanRevised", {
  ...caseEventFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  revision: Schema.Int,
  roles: Schema.NonEmptyArray(SupportPlan.Role),
  goals: Personal.Note,
  basis: Schema.Array(Id.InfoItemId),
  consents: Schema.Array(Id.ConsentId)
})
/** PLN-2, PLN-8: a revision of a plan was reviewed at an individual case meeting (KPI-3). */
export const PlanReviewed = Schema.TaggedStruct("PlanReviewed", {
  ...caseEventFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  revision: Schema.Int,
  ...reviewFields
})
/** PLN-2, PLN-8: a revision of a plan was decided at an individual case meeting (KPI-4). */
export const PlanDecided = Schema.TaggedStruct("PlanDecided", {
  ...caseEventFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  revision: Schema.Int,
  meetingId: Id.MeetingId
})
/** PLN-3, PLN-5: support under a plan started; `earlyStartReason` when before the decision. */
export const SupportStarted = Schema.TaggedStruct("SupportStarted", {
  ...caseEventFields,
  planId: Id.PlanId,
  early: Schema.Boolean,
  earlyStartReason: Schema.optionalKey(Personal.Note)
})
/** PLN-6: follow-up after a participation-support plan started. */
export const FollowUpRecorded = Schema.TaggedStruct("FollowUpRecorded", {
  ...caseEventFields,
  ...followUpFields
})
/** PLN-7: support for supporters was given, without a plan. */
export const SupporterSupportRecorded = Schema.TaggedStruct("SupporterSupportRecorded", {
  ...caseEventFields,
  ...supporterSupportFields
})
/** PLN-2, PLN-4a: a plan's end evaluation at an individual case meeting: ended or suspended. */
export const PlanEndEvaluated = Schema.TaggedStruct("PlanEndEvaluated", {
  ...caseEventFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  ...endEvaluationFields
})
/** PLN-4, PLN-4a: the case closed (after its last plan's end evaluation, or without a plan). */
export const CaseClosed = Schema.TaggedStruct("CaseClosed", {
  ...caseEventFields,
  outcome: Schema.Union([SupportPlan.EndOutcome, CloseReason])
})
/** PLN-4: a closed case was reopened; its history stays. */
export const CaseReopened = Schema.TaggedStruct("CaseReopened", { ...caseEventFields, ...reopenFields })

/** Events of a case. */
export const Event = Schema.Union([
  CaseReferred,
  HouseholdMemberAdded,
  ConsentRecorded,
  ConsentDeclined,
  ConsentWithdrawn,
  InformationRecorded,
  AssessmentRecorded,
  PlanDrafted,
  PlanRevised,
  PlanReviewed,
  PlanDecided,
  SupportStarted,
  FollowUpRecorded,
  SupporterSupportRecorded,
  PlanEndEvaluated,
  CaseClosed,
  CaseReopened
])
/** The type of {@link Event}. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** PLN-1: an assessment as the case holds it. */
export interface Assessment {
  readonly assessmentId: Id.AssessmentId
  readonly kind: SupportPlan.Kind
  readonly subjects: ReadonlyArray<Id.MemberId>
  readonly at: Instant.Instant
}

/** The case as its events leave it. History is never erased (CNS-5, PLN-4). */
export interface State {
  readonly status: "none" | "open" | "closed"
  readonly caseId?: Id.CaseId | undefined
  readonly referredBy?: Id.AgencyId | undefined
  readonly members: ReadonlyArray<Member>
  readonly consents: ReadonlyArray<Consent.ConsentRecord>
  readonly declined: ReadonlyArray<{ readonly memberId: Id.MemberId; readonly at: Instant.Instant }>
  readonly information: ReadonlyArray<Disclosure.InfoItem>
  readonly assessments: ReadonlyArray<Assessment>
  readonly plans: ReadonlyArray<SupportPlan.Plan>
  readonly records: ReadonlyArray<Id.RecordId>
  /** PLN-4: every closing and reopening, in order. */
  readonly history: ReadonlyArray<{ readonly at: Instant.Instant; readonly change: "closed" | "reopened"; readonly outcome?: string }>
}

/** A case before its first event: no referral yet (`status: "none"`), nothing recorded (AUD-1). */
export const initialState: State = {
  status: "none",
  members: [],
  consents: [],
  declined: [],
  information: [],
  assessments: [],
  plans: [],
  records: [],
  history: []
}

const updatePlan = (state: State, planId: Id.PlanId, f: (p: SupportPlan.Plan) => SupportPlan.Plan): State => ({
  ...state,
  plans: state.plans.map((p) => (p.planId === planId ? f(p) : p))
})

/**
 * Apply one recorded event to a case's state (AUD-1: the state is a fold of the append-only
 * history). The rules are checked when deciding, not here (PLN-9): every event is applied as it
 * was recorded, following the case flow of PLN-1…PLN-4 (seed §4(5)ア①–③).
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "CaseReferred":
      return { ...state, status: "open", caseId: event.caseId, referredBy: event.by, members: event.members }
    case "HouseholdMemberAdded":
      return { ...state, members: [...state.members, event.member] }
    case "ConsentRecorded":
      return {
        ...state,
        consents: [...state.consents, {
          consentId: event.consentId,
          caseId: event.caseId,
          memberId: event.memberId,
          grantor: event.grantor,
          purposes: event.purposes,
          agencies: event.agencies,
          method: event.method,
          recordedBy: event.by,
          recordedAt: event.at,
          validFrom: event.validFrom,
          ...(event.validUntil !== undefined ? { validUntil: event.validUntil } : {})
        }]
      }
    case "ConsentDeclined":
      return { ...state, declined: [...state.declined, { memberId: event.memberId, at: event.at }] }
    case "ConsentWithdrawn":
      return {
        ...state,
        consents: state.consents.map((c) => (c.consentId === event.consentId ? { ...c, withdrawnAt: event.at } : c))
      }
    case "InformationRecorded":
      return {
        ...state,
        information: [...state.information, {
          itemId: event.itemId,
          caseId: event.caseId,
          memberId: event.memberId,
          provenance: event.provenance,
          learnedAt: event.at,
          learnedBy: event.by
        }]
      }
    case "AssessmentRecorded":
      return {
        ...state,
        assessments: [...state.assessments, { assessmentId: event.assessmentId, kind: event.kind, subjects: event.subjects, at: event.at }]
      }
    case "PlanDrafted":
      return {
        ...state,
        plans: [...state.plans, {
          planId: event.planId,
          kind: event.kind,
          subjects: event.subjects,
          revision: 1,
          phase: "drafted",
          roles: event.roles.map((r) => r.agencyId),
          reviews: []
        }]
      }
    case "PlanRevised":
      return updatePlan(state, event.planId, (p) => ({
        ...p,
        revision: event.revision,
        phase: "drafted",
        roles: event.roles.map((r) => r.agencyId)
      }))
    case "PlanReviewed":
      return updatePlan(state, event.planId, (p) => ({
        ...p,
        phase: event.outcome === "sent-back" ? "sent-back" : p.phase,
        reviews: [...p.reviews, { revision: event.revision, meetingId: event.meetingId, outcome: event.outcome, at: event.at }]
      }))
    case "PlanDecided":
      return updatePlan(state, event.planId, (p) => ({ ...p, phase: "decided", decidedRevision: event.revision }))
    case "SupportStarted":
      return updatePlan(state, event.planId, (p) => ({ ...p, started: { at: event.at, early: event.early } }))
    case "FollowUpRecorded":
    case "SupporterSupportRecorded":
      return { ...state, records: [...state.records, event.recordId] }
    case "PlanEndEvaluated":
      return updatePlan(state, event.planId, (p) => ({ ...p, phase: event.outcome }))
    case "CaseClosed":
      return { ...state, status: "closed", history: [...state.history, { at: event.at, change: "closed", outcome: event.outcome }] }
    case "CaseReopened":
      return { ...state, status: "open", history: [...state.history, { at: event.at, change: "reopened" }] }
  }
}

/**
 * CNS-8: where a case stands: `support-meeting` while the person has no application for use
 * (利用申込み) in force (worked on only through the support meeting), `multi-agency-collaboration`
 * once they have.
 */
export const track = (state: State, at: Instant.Instant): "support-meeting" | "multi-agency-collaboration" =>
  state.consents.some((c) => c.purposes.includes("multi-agency-collaboration") && Consent.isInForce(c, at))
    ? "multi-agency-collaboration"
    : "support-meeting"

/** The plan with this id, if the case has one. */
export const findPlan = (state: State, planId: Id.PlanId): Option.Option<SupportPlan.Plan> =>
  Option.fromUndefinedOr(state.plans.find((p) => p.planId === planId))

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

/** What a case's decisions need from outside: revisions (AUD-3), the register, referenced meetings (PLN-2). */
export interface Context {
  readonly revisions: ReadonlyArray<Catalog.Catalog>
  readonly register: MemberRegister.State
  readonly meetings: ReadonlyMap<Id.MeetingId, Meeting.State>
}

type Decision = Result.Result<ReadonlyArray<Event>, Rule.RuleViolation>
type Check = Result.Result<void, Rule.RuleViolation>
const ok: Check = Result.succeed(undefined)
const fail = (r: Result.Failure<unknown, Rule.RuleViolation>): Decision => Result.fail(r.failure)

const firstFailure = (checks: ReadonlyArray<() => Check>): Check => {
  for (const check of checks) {
    const r = check()
    if (Result.isFailure(r)) return r
  }
  return ok
}

const hasMember = (state: State, memberId: Id.MemberId): boolean => state.members.some((m) => m.memberId === memberId)

/** CNS-1, CNS-2: every subject has the application for this kind of support in force. */
const consentsFor = (
  state: State,
  kind: SupportPlan.Kind,
  subjects: ReadonlyArray<Id.MemberId>,
  at: Instant.Instant,
  subject: string
): Result.Result<ReadonlyArray<Id.ConsentId>, Rule.RuleViolation> => {
  const rule: Rule.RuleId = kind === "multi-agency" ? "CNS-2" : "CNS-1"
  const ids: Array<Id.ConsentId> = []
  for (const memberId of subjects) {
    const finding = Consent.find(state.consents, { memberId, purpose: Consent.applicationFor(kind), at }, rule)
    if (!finding.covered) {
      return Rule.refuse(finding.rule, `${kind} support needs the application for use: ${finding.explanation}`, subject)
    }
    ids.push(finding.record.consentId)
  }
  return Result.succeed(ids)
}

/** CNS-4, ACC-2: a plan is shared with its role agencies; each must be allowed to see each subject's information and basis. */
const sharePlan = (
  state: State,
  ctx: Context,
  subjects: ReadonlyArray<Id.MemberId>,
  roles: ReadonlyArray<SupportPlan.Role>,
  basis: ReadonlyArray<Id.InfoItemId>,
  at: Instant.Instant,
  subject: string
): Check => {
  const facts: Disclosure.Facts = { consents: state.consents, register: ctx.register }
  const agencies = [...new Set(roles.map((r) => r.agencyId))]
  // ACC-2 first: an item learned only at the support meeting is refused as such.
  for (const itemId of basis) {
    const item = state.information.find((i) => i.itemId === itemId)
    if (item === undefined) return Rule.refuse("ACC-2", `item ${itemId} is not recorded in this case`, subject)
    if (!subjects.includes(item.memberId)) {
      return Rule.refuse("CNS-7", `item ${itemId} is about member ${item.memberId}, who is not a subject of the plan`, subject)
    }
    for (const agency of agencies) {
      const answer = Disclosure.decide({ agency, memberId: item.memberId, setting: "direct-sharing", at, item }, facts)
      if (!answer.allowed) {
        return Rule.refuse(answer.because.rule, `item ${itemId} cannot go into a plan shared with ${agency}: ${answer.because.explanation}`, subject)
      }
    }
  }
  for (const memberId of subjects) {
    for (const agency of agencies) {
      const answer = Disclosure.decide({ agency, memberId, setting: "direct-sharing", at }, facts)
      if (!answer.allowed) {
        return Rule.refuse(answer.because.rule, `the plan cannot be shared with ${agency}: ${answer.because.explanation}`, subject)
      }
    }
  }
  return ok
}

/** PLN-2: the meeting is an individual case meeting held at `at` with this case (and these members) on its agenda. */
const atIndividualCaseMeeting = (
  ctx: Context,
  meetingId: Id.MeetingId,
  caseId: Id.CaseId,
  members: ReadonlyArray<Id.MemberId>,
  by: Id.AgencyId,
  at: Instant.Instant,
  subject: string
): Check => {
  const meeting = ctx.meetings.get(meetingId)
  if (meeting === undefined || meeting.held === undefined) return Rule.refuse("PLN-2", `meeting ${meetingId} is not recorded`, subject)
  if (!Meeting.isIndividualCaseMeeting(meeting)) {
    return Rule.refuse(
      "PLN-2",
      `plans are judged only at an individual case meeting of the multi-layered support meeting; meeting ${meetingId} is a ${meeting.held.meetingType} (${meeting.held.kind})`,
      subject
    )
  }
  if (!Meeting.isDuring(meeting, at)) {
    return Rule.refuse("PLN-2", `the judgment is recorded at the meeting's instant; meeting ${meetingId} was held at ${Instant.format(meeting.held.at)}`, subject)
  }
  if (!meeting.held.attendees.includes(by)) return Rule.refuse("PLN-2", `${by} did not attend meeting ${meetingId}`, subject)
  const tabled = meeting.agenda.filter((a) => a.caseId === caseId)
  if (tabled.length === 0) return Rule.refuse("PLN-2", `case ${caseId} was not on the agenda of meeting ${meetingId}`, subject)
  const discussed = new Set(tabled.flatMap((a) => a.subjects))
  const missing = members.find((m) => !discussed.has(m))
  if (missing !== undefined) {
    return Rule.refuse("CNS-4", `member ${missing} was not discussed at meeting ${meetingId} (no consent to share there)`, subject)
  }
  return ok
}

const decideWith = (command: Command, state: State, ctx: Context, catalog: Catalog.Catalog): Decision => {
  const subject = command.caseId
  const stamp = (i = 0) => ({ ...Decider.stamp(command, i), caseId: command.caseId })
  if (!Edition.isKnownParty(catalog, command.by)) return Rule.refuse("ORG-1", `${command.by} is not in the directory`, subject)
  if (command._tag === "ReferCase") {
    if (state.status !== "none") return Rule.refuse("AUD-1", `case ${command.caseId} already exists`, subject)
    const ids = command.members.map((m) => m.memberId)
    if (new Set(ids).size !== ids.length) return Rule.refuse("CNS-7", "a household member id is listed twice", subject)
    const persons = command.members.filter((m) => m.role === "person")
    if (persons.length !== 1) return Rule.refuse("CNS-7", "a case has exactly one person (本人); the others are household members", subject)
    if (persons[0]!.relation !== "self") return Rule.refuse("CNS-7", "the person's relation is self", subject)
    return Result.succeed([CaseReferred.make({ ...stamp(), members: command.members, ...(command.note ? { note: command.note } : {}) })])
  }
  if (state.status === "none") return Rule.refuse("PLN-1", `case ${command.caseId} has not been referred`, subject)
  const operatorFor = (kind: SupportPlan.Kind) => Edition.operatorsOf(catalog, SupportPlan.programOf(kind))
  const closedRefusal = () =>
    state.status === "closed" ? Rule.refuse("PLN-4", `case ${command.caseId} is closed; reopen it first (its history stays)`, subject) : ok

  switch (command._tag) {
    case "AddHouseholdMember": {
      if (hasMember(state, command.member.memberId)) return Rule.refuse("AUD-1", `member ${command.member.memberId} already exists`, subject)
      if (command.member.role !== "household-member" || command.member.relation === "self") {
        return Rule.refuse("CNS-7", "a case has exactly one person (本人); add others as household members", subject)
      }
      return Result.succeed([HouseholdMemberAdded.make({ ...stamp(), member: command.member })])
    }
    case "RecordConsent": {
      if (!hasMember(state, command.memberId)) return Rule.refuse("CNS-7", `member ${command.memberId} is not in case ${command.caseId}`, subject)
      if (state.consents.some((c) => c.consentId === command.consentId)) {
        return Rule.refuse("AUD-1", `consent ${command.consentId} is already recorded`, subject)
      }
      if (command.validUntil !== undefined && !Instant.isBefore(command.validFrom, command.validUntil)) {
        return Rule.refuse("CNS-5", "a consent ends after it starts", subject)
      }
      const unknown = command.agencies.find((a) => !Edition.isKnownParty(catalog, a))
      if (unknown !== undefined) return Rule.refuse("ORG-1", `consent names ${unknown}, which is not in the directory`, subject)
      if (new Set(command.purposes).size !== command.purposes.length || new Set(command.agencies).size !== command.agencies.length) {
        return Rule.refuse("CNS-5", "a purpose or agency is listed twice", subject)
      }
      return Result.succeed([
        ConsentRecorded.make({
          ...stamp(),
          consentId: command.consentId,
          memberId: command.memberId,
          grantor: command.grantor,
          purposes: command.purposes,
          agencies: command.agencies,
          method: command.method,
          validFrom: command.validFrom,
          ...(command.validUntil !== undefined ? { validUntil: command.validUntil } : {})
        })
      ])
    }
    case "DeclineConsent": {
      if (!hasMember(state, command.memberId)) return Rule.refuse("CNS-7", `member ${command.memberId} is not in case ${command.caseId}`, subject)
      return Result.succeed([ConsentDeclined.make({ ...stamp(), memberId: command.memberId, purposes: command.purposes })])
    }
    case "WithdrawConsent": {
      const record = state.consents.find((c) => c.consentId === command.consentId)
      if (record === undefined) return Rule.refuse("CNS-5", `consent ${command.consentId} is not recorded in this case`, subject)
      if (record.withdrawnAt !== undefined) {
        return Rule.refuse("CNS-5", `consent ${command.consentId} was already withdrawn at ${Instant.format(record.withdrawnAt)}`, subject)
      }
      if (Instant.isBefore(command.at, record.recordedAt)) {
        return Rule.refuse("CNS-5", `consent ${command.consentId} cannot be withdrawn before it was recorded`, subject)
      }
      return Result.succeed([ConsentWithdrawn.make({ ...stamp(), consentId: command.consentId, memberId: record.memberId })])
    }
    case "RecordInformation": {
      if (!hasMember(state, command.memberId)) return Rule.refuse("CNS-7", `member ${command.memberId} is not in case ${command.caseId}`, subject)
      if (state.information.some((i) => i.itemId === command.itemId)) return Rule.refuse("AUD-1", `item ${command.itemId} is already recorded`, subject)
      const p = command.provenance
      if (p._tag === "SupportMeeting") {
        const meeting = ctx.meetings.get(p.meetingId)
        if (meeting === undefined || !Meeting.isSupportMeeting(meeting)) {
          return Rule.refuse("ACC-2", `meeting ${p.meetingId} is not a recorded support meeting`, subject)
        }
        if (!meeting.agenda.some((a) => a.caseId === command.caseId && a.subjects.includes(command.memberId))) {
          return Rule.refuse("ACC-2", `member ${command.memberId} of case ${command.caseId} was not discussed at support meeting ${p.meetingId}`, subject)
        }
        if (!meeting.held!.attendees.includes(command.by)) {
          return Rule.refuse("MTG-2", `${command.by} did not attend support meeting ${p.meetingId}`, subject)
        }
      } else {
        const record = state.consents.find((c) => c.consentId === p.consentId)
        if (record === undefined || record.memberId !== command.memberId) {
          return Rule.refuse("CNS-7", `consent ${p.consentId} is not a consent of member ${command.memberId}`, subject)
        }
        const finding = Consent.find([record], { memberId: command.memberId, purpose: "information-sharing", agency: command.by, at: command.at }, "CNS-4")
        if (!finding.covered) return Rule.refuse(finding.rule, finding.explanation, subject)
      }
      return Result.succeed([
        InformationRecorded.make({ ...stamp(), itemId: command.itemId, memberId: command.memberId, provenance: p, note: command.note })
      ])
    }
    case "RecordAssessment": {
      const operators = operatorFor(command.kind)
      const check = firstFailure([
        closedRefusal,
        () =>
          state.assessments.some((a) => a.assessmentId === command.assessmentId)
            ? Rule.refuse("AUD-1", `assessment ${command.assessmentId} is already recorded`, subject)
            : ok,
        () =>
          operators.includes(command.by)
            ? ok
            : Rule.refuse(command.kind === "participation-support" ? "PLN-5" : "PLN-1", `the ${command.kind} assessment is done by ${operators.join(", ")}, not ${command.by}`, subject),
        () => (command.assessors.includes(command.by) ? ok : Rule.refuse("PLN-1", "the recording operator is one of the assessors", subject)),
        () => {
          const stranger = command.subjects.find((m) => !hasMember(state, m))
          return stranger === undefined ? ok : Rule.refuse("CNS-7", `member ${stranger} is not in case ${command.caseId}`, subject)
        },
        () => {
          const unknown = command.assessors.find((a) => !Edition.isKnownParty(catalog, a))
          return unknown === undefined ? ok : Rule.refuse("ORG-1", `${unknown} is not in the directory`, subject)
        },
        () => Result.map(consentsFor(state, command.kind, command.subjects, command.at, subject), () => undefined)
      ])
      if (Result.isFailure(check)) return fail(check)
      return Result.succeed([
        AssessmentRecorded.make({
          ...stamp(),
          assessmentId: command.assessmentId,
          kind: command.kind,
          subjects: command.subjects,
          assessors: command.assessors,
          summary: command.summary
        })
      ])
    }
    case "DraftPlan":
    case "RevisePlan": {
      const existing = state.plans.find((p) => p.planId === command.planId)
      const kind = command._tag === "DraftPlan" ? command.kind : existing?.kind
      const closed = closedRefusal()
      if (Result.isFailure(closed)) return fail(closed)
      if (command._tag === "DraftPlan" && existing !== undefined) {
        return Rule.refuse("AUD-1", `plan ${command.planId} already exists; revise it instead`, subject)
      }
      if (existing === undefined && command._tag === "RevisePlan") return Rule.refuse("PLN-3", `plan ${command.planId} does not exist`, subject)
      if (kind === undefined) return Rule.refuse("PLN-3", `plan ${command.planId} does not exist`, subject)
      const subjects = command._tag === "DraftPlan" ? command.subjects : existing!.subjects
      if (existing !== undefined) {
        if (existing.phase === "drafted") return Rule.refuse("PLN-3", `revision ${existing.revision} of plan ${command.planId} is awaiting review`, subject)
        if (!SupportPlan.isActive(existing)) {
          return Rule.refuse("PLN-4", `plan ${command.planId} is ${existing.phase}; draft a new plan (its history stays)`, subject)
        }
      }
      const operators = operatorFor(kind)
      if (!operators.includes(command.by)) {
        return Rule.refuse(kind === "participation-support" ? "PLN-5" : "PLN-1", `a ${kind} plan is drafted by ${operators.join(", ")}, not ${command.by}`, subject)
      }
      const stranger = subjects.find((m) => !hasMember(state, m))
      if (stranger !== undefined) return Rule.refuse("CNS-7", `member ${stranger} is not in case ${command.caseId}`, subject)
      if (new Set(subjects).size !== subjects.length) return Rule.refuse("CNS-7", "a subject is listed twice", subject)
      const consents = consentsFor(state, kind, subjects, command.at, subject)
      if (Result.isFailure(consents)) return fail(consents)
      const assessed = subjects.every((m) => state.assessments.some((a) => a.kind === kind && a.subjects.includes(m)))
      if (!assessed) {
        return Rule.refuse(
          kind === "participation-support" ? "PLN-5" : "PLN-1",
          `a ${kind} plan is drafted after the assessment of each of its subjects`,
          subject
        )
      }
      const unknown = command.roles.find((r) => !Edition.isKnownParty(catalog, r.agencyId))
      if (unknown !== undefined) return Rule.refuse("ORG-1", `role agency ${unknown.agencyId} is not in the directory`, subject)
      const basis = command.basis ?? []
      const shared = sharePlan(state, ctx, subjects, command.roles, basis, command.at, subject)
      if (Result.isFailure(shared)) return fail(shared)
      if (command._tag === "DraftPlan") {
        return Result.succeed([
          PlanDrafted.make({
            ...stamp(),
            planId: command.planId,
            kind,
            subjects: command.subjects,
            roles: command.roles,
            goals: command.goals,
            basis,
            consents: consents.success
          })
        ])
      }
      return Result.succeed([
        PlanRevised.make({
          ...stamp(),
          planId: command.planId,
          kind,
          revision: existing!.revision + 1,
          roles: command.roles,
          goals: command.goals,
          basis,
          consents: consents.success
        })
      ])
    }
    case "ReviewPlan": {
      const plan = state.plans.find((p) => p.planId === command.planId)
      if (plan === undefined) return Rule.refuse("PLN-1", `plan ${command.planId} does not exist`, subject)
      const closed = closedRefusal()
      if (Result.isFailure(closed)) return fail(closed)
      if (plan.phase !== "drafted") {
        return Rule.refuse("PLN-2", `plan ${command.planId} has no draft awaiting review (it is ${plan.phase})`, subject)
      }
      const at = atIndividualCaseMeeting(ctx, command.meetingId, command.caseId, plan.subjects, command.by, command.at, subject)
      if (Result.isFailure(at)) return fail(at)
      const common = { planId: plan.planId, kind: plan.kind, revision: plan.revision, meetingId: command.meetingId }
      const reviewed = PlanReviewed.make({ ...stamp(0), ...common, outcome: command.outcome, ...(command.note ? { note: command.note } : {}) })
      return Result.succeed(command.outcome === "approved" ? [reviewed, PlanDecided.make({ ...stamp(1), ...common })] : [reviewed])
    }
    case "StartSupport": {
      const plan = state.plans.find((p) => p.planId === command.planId)
      if (plan === undefined) return Rule.refuse("PLN-3", `plan ${command.planId} does not exist`, subject)
      const closed = closedRefusal()
      if (Result.isFailure(closed)) return fail(closed)
      if (plan.started !== undefined) return Rule.refuse("PLN-3", `support under plan ${command.planId} already started`, subject)
      if (!SupportPlan.isActive(plan)) return Rule.refuse("PLN-4a", `plan ${command.planId} is ${plan.phase}`, subject)
      const decided = plan.decidedRevision !== undefined
      if (!decided) {
        if (plan.kind !== "participation-support") {
          return Rule.refuse("PLN-3", `support under a ${plan.kind} plan starts once the meeting has decided it`, subject)
        }
        if (command.earlyStartReason === undefined) {
          return Rule.refuse("PLN-5", "participation support may start before the decision only with a recorded reason", subject)
        }
      }
      const early = !decided
      return Result.succeed([
        SupportStarted.make({
          ...stamp(),
          planId: plan.planId,
          early,
          ...(early && command.earlyStartReason !== undefined ? { earlyStartReason: command.earlyStartReason } : {})
        })
      ])
    }
    case "RecordFollowUp": {
      const plan = state.plans.find((p) => p.planId === command.planId)
      if (plan === undefined) return Rule.refuse("PLN-6", `plan ${command.planId} does not exist`, subject)
      if (plan.kind !== "participation-support") return Rule.refuse("PLN-6", "settling-in and follow-up belong to participation-support plans", subject)
      if (!SupportPlan.isInSupport(plan)) return Rule.refuse("PLN-6", `support under plan ${command.planId} has not started (or has ended)`, subject)
      const operators = operatorFor("participation-support")
      if (!operators.includes(command.by)) return Rule.refuse("PLN-6", `follow-up is given by ${operators.join(", ")}, not ${command.by}`, subject)
      if (state.records.includes(command.recordId)) return Rule.refuse("AUD-1", `record ${command.recordId} already exists`, subject)
      return Result.succeed([
        FollowUpRecorded.make({
          ...stamp(),
          planId: plan.planId,
          recordId: command.recordId,
          kind: command.kind,
          ...(command.note ? { note: command.note } : {})
        })
      ])
    }
    case "RecordSupporterSupport": {
      const closed = closedRefusal()
      if (Result.isFailure(closed)) return fail(closed)
      const operator = Edition.operator(catalog)
      if (command.by !== operator) return Rule.refuse("PLN-7", `support for supporters is given by the operator ${operator}`, subject)
      if (state.plans.some((p) => p.kind === "multi-agency" && SupportPlan.isActive(p))) {
        return Rule.refuse("PLN-7", "the case has an active multi-agency plan: coordination is needed, so this is not support for supporters", subject)
      }
      if (state.records.includes(command.recordId)) return Rule.refuse("AUD-1", `record ${command.recordId} already exists`, subject)
      if (!Edition.isKnownParty(catalog, command.to)) return Rule.refuse("ORG-1", `${command.to} is not in the directory`, subject)
      if (command.kind === "advice-to-referrer" && command.to !== state.referredBy) {
        return Rule.refuse("PLN-7", `advice goes to the referring agency ${state.referredBy ?? "(none)"}; use brokering for ${command.to}`, subject)
      }
      if (command.kind === "brokering") {
        const person = state.members.find((m) => m.role === "person")!
        const answer = Disclosure.decide(
          { agency: command.to, memberId: person.memberId, setting: "direct-sharing", at: command.at },
          { consents: state.consents, register: ctx.register }
        )
        if (!answer.allowed) {
          return Rule.refuse(answer.because.rule, `brokering to ${command.to} shares the person's information: ${answer.because.explanation}`, subject)
        }
      }
      return Result.succeed([
        SupporterSupportRecorded.make({
          ...stamp(),
          recordId: command.recordId,
          kind: command.kind,
          to: command.to,
          ...(command.note ? { note: command.note } : {})
        })
      ])
    }
    case "EvaluateEnd": {
      const plan = state.plans.find((p) => p.planId === command.planId)
      if (plan === undefined) return Rule.refuse("PLN-4a", `plan ${command.planId} does not exist`, subject)
      if (!SupportPlan.isActive(plan)) return Rule.refuse("PLN-4a", `plan ${command.planId} is already ${plan.phase}`, subject)
      if (command.outcome === "ended" && plan.started === undefined) {
        return Rule.refuse("PLN-4a", `support under plan ${command.planId} never started: it can be suspended, not ended`, subject)
      }
      if (command.outcome === "suspended" && command.suspensionReason === undefined) {
        return Rule.refuse("PLN-4a", "a suspension records its reason", subject)
      }
      // Ending evaluates the person's progress, which is shared at the meeting (CNS-4); a
      // suspension may be recorded with the case on the agenda by id only (e.g. consent withdrawn).
      const members = command.outcome === "ended" ? plan.subjects : []
      const at = atIndividualCaseMeeting(ctx, command.meetingId, command.caseId, members, command.by, command.at, subject)
      if (Result.isFailure(at)) return fail(at)
      const evaluated = PlanEndEvaluated.make({
        ...stamp(0),
        planId: plan.planId,
        kind: plan.kind,
        meetingId: command.meetingId,
        outcome: command.outcome,
        ...(command.outcome === "suspended" && command.suspensionReason !== undefined ? { suspensionReason: command.suspensionReason } : {}),
        evaluation: command.evaluation
      })
      const othersActive = state.plans.some((p) => p.planId !== plan.planId && SupportPlan.isActive(p))
      return Result.succeed(othersActive ? [evaluated] : [evaluated, CaseClosed.make({ ...stamp(1), outcome: command.outcome })])
    }
    case "CloseCase": {
      if (state.status === "closed") return Rule.refuse("PLN-4", `case ${command.caseId} is already closed`, subject)
      const active = state.plans.find(SupportPlan.isActive)
      if (active !== undefined) {
        return Rule.refuse("PLN-4a", `plan ${active.planId} is active: support ends only through an end evaluation at an individual case meeting`, subject)
      }
      return Result.succeed([CaseClosed.make({ ...stamp(), outcome: command.reason })])
    }
    case "ReopenCase": {
      if (state.status !== "closed") return Rule.refuse("PLN-4", `case ${command.caseId} is not closed`, subject)
      return Result.succeed([CaseReopened.make({ ...stamp(), ...(command.reason ? { reason: command.reason } : {}) })])
    }
  }
}

/** PLN-1…PLN-9, CNS-1…CNS-8, ACC-2: the case decider. */
export const decider: Decider.Decider<Command, Event, State, Context> = {
  decide: (command, state, context) =>
    Edition.decideUnder(context.revisions, command.at, (catalog) => decideWith(command, state, context, catalog)),
  evolve,
  initialState
}
