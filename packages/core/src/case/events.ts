/**
 * Events of a case (PLN-1…PLN-8, CNS-5, CNS-7, ACC-2; AUD-1). Their `_tag`s and JSON shapes are
 * what the event store keeps: they never change.
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import * as Id from "../Id.ts"
import * as Personal from "../Personal.ts"
import * as SupportPlan from "../SupportPlan.ts"
import * as F from "./fields.ts"
import { CloseReason, UnmetNeed } from "./model.ts"

const caseEventFields = { ...Decider.eventFields, caseId: Id.CaseId }

/** PLN-1: a case was referred by `by`. */
export const CaseReferred = Schema.TaggedStruct("CaseReferred", {
  ...caseEventFields,
  ...F.referralFields
})
/** MTG-3: the case was judged to need (or not) coordination by multi-agency collaboration. */
export const CoordinationJudged = Schema.TaggedStruct("CoordinationJudged", { ...caseEventFields, ...F.coordinationFields })
/** CNS-7: a household member was added. */
export const HouseholdMemberAdded = Schema.TaggedStruct("HouseholdMemberAdded", { ...caseEventFields, ...F.householdMemberFields })
/** CNS-5: a consent was recorded by `by` at `at`. */
export const ConsentRecorded = Schema.TaggedStruct("ConsentRecorded", {
  ...caseEventFields,
  ...F.consentFields
})
/** CNS-7, CNS-8: a member declined to consent. */
export const ConsentDeclined = Schema.TaggedStruct("ConsentDeclined", {
  ...caseEventFields,
  ...F.declineFields
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
  ...F.informationFields
})
/** PLN-1: an assessment was recorded. */
export const AssessmentRecorded = Schema.TaggedStruct("AssessmentRecorded", {
  ...caseEventFields,
  ...F.assessmentFields
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
  consents: Schema.Array(Id.ConsentId),
  /** PLN-5: for participation support, the need existing programs cannot meet (absent in older records). */
  unmetNeed: Schema.optionalKey(UnmetNeed)
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
  consents: Schema.Array(Id.ConsentId),
  /** PLN-3: the monitoring entries that led to the re-plan. */
  monitoring: Schema.optionalKey(Schema.Array(Id.RecordId))
})
/** PLN-2, PLN-8: a revision of a plan was reviewed at an individual case meeting (KPI-3). */
export const PlanReviewed = Schema.TaggedStruct("PlanReviewed", {
  ...caseEventFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  revision: Schema.Int,
  ...F.reviewFields
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
  ...F.followUpFields
})
/** PLN-3: how support under a plan is going was recorded, as an agency reported it. */
export const MonitoringRecorded = Schema.TaggedStruct("MonitoringRecorded", { ...caseEventFields, ...F.monitoringFields })
/** PLN-7: support for supporters was given, without a plan. */
export const SupporterSupportRecorded = Schema.TaggedStruct("SupporterSupportRecorded", {
  ...caseEventFields,
  ...F.supporterSupportFields
})
/** PLN-2, PLN-4a: a plan's end evaluation at an individual case meeting: ended or suspended. */
export const PlanEndEvaluated = Schema.TaggedStruct("PlanEndEvaluated", {
  ...caseEventFields,
  planId: Id.PlanId,
  kind: SupportPlan.Kind,
  ...F.endEvaluationFields
})
/** PLN-4, PLN-4a: the case closed (after its last plan's end evaluation, or without a plan). */
export const CaseClosed = Schema.TaggedStruct("CaseClosed", {
  ...caseEventFields,
  outcome: Schema.Union([SupportPlan.EndOutcome, CloseReason])
})
/** PLN-4: a closed case was reopened; its history stays. */
export const CaseReopened = Schema.TaggedStruct("CaseReopened", { ...caseEventFields, ...F.reopenFields })

/** Events of a case. */
export const Event = Schema.Union([
  CaseReferred,
  CoordinationJudged,
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
  MonitoringRecorded,
  SupporterSupportRecorded,
  PlanEndEvaluated,
  CaseClosed,
  CaseReopened
]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Event}. */
export type Event = typeof Event.Type

/** The type of {@link CaseReferred}. */
export type CaseReferred = typeof CaseReferred.Type
/** The type of {@link HouseholdMemberAdded}. */
export type HouseholdMemberAdded = typeof HouseholdMemberAdded.Type
/** The type of {@link ConsentRecorded}. */
export type ConsentRecorded = typeof ConsentRecorded.Type
/** The type of {@link ConsentDeclined}. */
export type ConsentDeclined = typeof ConsentDeclined.Type
/** The type of {@link ConsentWithdrawn}. */
export type ConsentWithdrawn = typeof ConsentWithdrawn.Type
/** The type of {@link InformationRecorded}. */
export type InformationRecorded = typeof InformationRecorded.Type
/** The type of {@link AssessmentRecorded}. */
export type AssessmentRecorded = typeof AssessmentRecorded.Type
/** The type of {@link PlanDrafted}. */
export type PlanDrafted = typeof PlanDrafted.Type
/** The type of {@link PlanRevised}. */
export type PlanRevised = typeof PlanRevised.Type
/** The type of {@link PlanReviewed}. */
export type PlanReviewed = typeof PlanReviewed.Type
/** The type of {@link PlanDecided}. */
export type PlanDecided = typeof PlanDecided.Type
/** The type of {@link SupportStarted}. */
export type SupportStarted = typeof SupportStarted.Type
/** The type of {@link FollowUpRecorded}. */
export type FollowUpRecorded = typeof FollowUpRecorded.Type
/** The type of {@link SupporterSupportRecorded}. */
export type SupporterSupportRecorded = typeof SupporterSupportRecorded.Type
/** The type of {@link PlanEndEvaluated}. */
export type PlanEndEvaluated = typeof PlanEndEvaluated.Type
/** The type of {@link CaseClosed}. */
export type CaseClosed = typeof CaseClosed.Type
/** The type of {@link CaseReopened}. */
export type CaseReopened = typeof CaseReopened.Type
/** The type of {@link CoordinationJudged}. */
export type CoordinationJudged = typeof CoordinationJudged.Type
/** The type of {@link MonitoringRecorded}. */
export type MonitoringRecorded = typeof MonitoringRecorded.Type
