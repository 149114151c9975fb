/**
 * Payloads a case command and its event share (PLN-1, CNS-5, CNS-7, ACC-2, PLN-2, PLN-4,
 * PLN-4a, PLN-6, PLN-7). Internal to the case module.
 *
 * @module
 */
import { Schema } from "effect"
import * as Consent from "../Consent.ts"
import * as Disclosure from "../Disclosure.ts"
import * as Id from "../Id.ts"
import * as Instant from "../Instant.ts"
import * as Personal from "../Personal.ts"
import * as SupportPlan from "../SupportPlan.ts"
import { CloseReason, JudgementSource, Member, MonitoringFollowUp, MonitoringStatus, OutsideParty, SupporterSupportKind } from "./model.ts"

export const referralFields = {
  members: Schema.NonEmptyArray(Member),
  note: Schema.optionalKey(Personal.Note),
  /** ORG-5: the party outside the statutory programs that brought the consultation; `by` records it. */
  from: Schema.optionalKey(OutsideParty)
}
/** MTG-3: the coordination judgement (支援のコーディネートが必要と判断されたもの, seed §4(5)ア①). */
export const coordinationFields = {
  needed: Schema.Boolean,
  /** The support meeting's decision it records; absent for the operator's own judgement. */
  decision: Schema.optionalKey(JudgementSource)
}
/** PLN-3: an entry of monitoring (支援の実施状況), gathered from an agency at a meeting or otherwise (随時). */
export const monitoringFields = {
  recordId: Id.RecordId,
  planId: Id.PlanId,
  reportedBy: Id.AgencyId,
  meetingId: Schema.optionalKey(Id.MeetingId),
  status: MonitoringStatus,
  followUp: MonitoringFollowUp
}
export const householdMemberFields = { member: Member }
export const consentFields = {
  consentId: Id.ConsentId,
  memberId: Id.MemberId,
  grantor: Consent.Grantor,
  purposes: Schema.NonEmptyArray(Consent.Purpose),
  agencies: Schema.NonEmptyArray(Id.AgencyId),
  method: Consent.Method,
  validFrom: Instant.Instant,
  validUntil: Schema.optionalKey(Instant.Instant)
}
export const declineFields = { memberId: Id.MemberId, purposes: Schema.NonEmptyArray(Consent.Purpose) }
export const informationFields = {
  itemId: Id.InfoItemId,
  memberId: Id.MemberId,
  provenance: Disclosure.Provenance,
  note: Personal.Note
}
export const assessmentFields = {
  assessmentId: Id.AssessmentId,
  kind: SupportPlan.Kind,
  subjects: Schema.NonEmptyArray(Id.MemberId),
  /** The agencies that assessed together (the operator, the referring agency as needed). */
  assessors: Schema.NonEmptyArray(Id.AgencyId),
  summary: Personal.Note
}
export const reviewFields = { meetingId: Id.MeetingId, outcome: SupportPlan.ReviewOutcome, note: Schema.optionalKey(Personal.Note) }
export const followUpFields = {
  planId: Id.PlanId,
  recordId: Id.RecordId,
  kind: SupportPlan.FollowUpKind,
  note: Schema.optionalKey(Personal.Note)
}
export const supporterSupportFields = {
  recordId: Id.RecordId,
  kind: SupporterSupportKind,
  /** The agency advised (the referrer) or brokered to. */
  to: Id.AgencyId,
  note: Schema.optionalKey(Personal.Note)
}
export const endEvaluationFields = {
  meetingId: Id.MeetingId,
  outcome: SupportPlan.EndOutcome,
  suspensionReason: Schema.optionalKey(SupportPlan.SuspensionReason),
  evaluation: Personal.Note
}
export const reopenFields = { reason: Schema.optionalKey(Personal.Note) }
