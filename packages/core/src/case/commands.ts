/**
 * Commands on a case (PLN-1…PLN-7, CNS-5, CNS-7, ACC-2; seed §4(5)ア①–③, §5).
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

const caseFields = { ...Decider.commandFields, caseId: Id.CaseId }


/** PLN-1: an agency refers (つなぐ) a person and household; `by` is the referring agency. */
export const ReferCase = Schema.TaggedStruct("ReferCase", {
  ...caseFields,
  ...F.referralFields
})
/**
 * MTG-3 (seed §4(5)ア①): record whether the case needs coordination by multi-agency collaboration:
 * a support meeting's decision (`decision`) or the operator's own judgement after the referral.
 * Only a judgement that it is needed opens multi-agency intake (application for use, assessment,
 * drafting); a case judged not to need it gets support for supporters (PLN-7).
 */
export const JudgeCoordination = Schema.TaggedStruct("JudgeCoordination", { ...caseFields, ...F.coordinationFields })
/** CNS-7: add a household member to the case. */
export const AddHouseholdMember = Schema.TaggedStruct("AddHouseholdMember", { ...caseFields, ...F.householdMemberFields })
/** CNS-5: record a consent taken by `by` at `at`. */
export const RecordConsent = Schema.TaggedStruct("RecordConsent", {
  ...caseFields,
  ...F.consentFields
})
/** CNS-7, CNS-8: a member declined to consent (recorded; nothing is shared outside the support meeting). */
export const DeclineConsent = Schema.TaggedStruct("DeclineConsent", {
  ...caseFields,
  ...F.declineFields
})
/** CNS-5: a consent is withdrawn at `at`; the record stays. */
export const WithdrawConsent = Schema.TaggedStruct("WithdrawConsent", { ...caseFields, consentId: Id.ConsentId })
/** ACC-2: record an item of information about a member, learned by `by` at `at` on a legal basis. */
export const RecordInformation = Schema.TaggedStruct("RecordInformation", {
  ...caseFields,
  ...F.informationFields
})
/** PLN-1, PLN-5: the operator's assessment of members for one kind of support. */
export const RecordAssessment = Schema.TaggedStruct("RecordAssessment", {
  ...caseFields,
  ...F.assessmentFields
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
  basis: Schema.optionalKey(Schema.Array(Id.InfoItemId)),
  /** PLN-5: for participation support, the need existing programs cannot meet. */
  unmetNeed: Schema.optionalKey(UnmetNeed)
})
/** PLN-3: a re-plan (再プラン) or a redraft after a send-back: a new revision, reviewed again. */
export const RevisePlan = Schema.TaggedStruct("RevisePlan", {
  ...caseFields,
  planId: Id.PlanId,
  roles: Schema.NonEmptyArray(SupportPlan.Role),
  goals: Personal.Note,
  basis: Schema.optionalKey(Schema.Array(Id.InfoItemId)),
  /** PLN-3: the monitoring entries that led to the re-plan. */
  monitoring: Schema.optionalKey(Schema.Array(Id.RecordId))
})
/** PLN-2: the individual case meeting judged the current draft: approved (decided) or sent back. */
export const ReviewPlan = Schema.TaggedStruct("ReviewPlan", {
  ...caseFields,
  planId: Id.PlanId,
  ...F.reviewFields
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
  ...F.followUpFields
})
/** PLN-3: record how support under a decided plan is going, as an agency reported it (at a meeting, or otherwise: 随時). */
export const RecordMonitoring = Schema.TaggedStruct("RecordMonitoring", { ...caseFields, ...F.monitoringFields })
/** PLN-7: support for supporters, without a plan. */
export const RecordSupporterSupport = Schema.TaggedStruct("RecordSupporterSupport", {
  ...caseFields,
  ...F.supporterSupportFields
})
/** PLN-2, PLN-4a: the individual case meeting evaluates a plan at its end: ended or suspended. */
export const EvaluateEnd = Schema.TaggedStruct("EvaluateEnd", {
  ...caseFields,
  planId: Id.PlanId,
  ...F.endEvaluationFields
})
/** Close a case that has no active plan (e.g. coordination judged not needed, PLN-7). */
export const CloseCase = Schema.TaggedStruct("CloseCase", { ...caseFields, reason: CloseReason })
/** PLN-4: reopen a closed case; its history stays. */
export const ReopenCase = Schema.TaggedStruct("ReopenCase", { ...caseFields, ...F.reopenFields })

/** Commands on a case. */
export const Command = Schema.Union([
  ReferCase,
  JudgeCoordination,
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
  RecordMonitoring,
  RecordSupporterSupport,
  EvaluateEnd,
  CloseCase,
  ReopenCase
]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** The type of {@link ReferCase}. */
export type ReferCase = typeof ReferCase.Type
/** The type of {@link AddHouseholdMember}. */
export type AddHouseholdMember = typeof AddHouseholdMember.Type
/** The type of {@link RecordConsent}. */
export type RecordConsent = typeof RecordConsent.Type
/** The type of {@link DeclineConsent}. */
export type DeclineConsent = typeof DeclineConsent.Type
/** The type of {@link WithdrawConsent}. */
export type WithdrawConsent = typeof WithdrawConsent.Type
/** The type of {@link RecordInformation}. */
export type RecordInformation = typeof RecordInformation.Type
/** The type of {@link RecordAssessment}. */
export type RecordAssessment = typeof RecordAssessment.Type
/** The type of {@link DraftPlan}. */
export type DraftPlan = typeof DraftPlan.Type
/** The type of {@link RevisePlan}. */
export type RevisePlan = typeof RevisePlan.Type
/** The type of {@link ReviewPlan}. */
export type ReviewPlan = typeof ReviewPlan.Type
/** The type of {@link StartSupport}. */
export type StartSupport = typeof StartSupport.Type
/** The type of {@link RecordFollowUp}. */
export type RecordFollowUp = typeof RecordFollowUp.Type
/** The type of {@link RecordSupporterSupport}. */
export type RecordSupporterSupport = typeof RecordSupporterSupport.Type
/** The type of {@link EvaluateEnd}. */
export type EvaluateEnd = typeof EvaluateEnd.Type
/** The type of {@link CloseCase}. */
export type CloseCase = typeof CloseCase.Type
/** The type of {@link ReopenCase}. */
export type ReopenCase = typeof ReopenCase.Type
/** The type of {@link JudgeCoordination}. */
export type JudgeCoordination = typeof JudgeCoordination.Type
/** The type of {@link RecordMonitoring}. */
export type RecordMonitoring = typeof RecordMonitoring.Type
