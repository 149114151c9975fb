/**
 * Payloads a meeting command and its event share (MTG-1…MTG-5). Internal to the meeting module.
 *
 * @module
 */
import { Schema } from "effect"
import * as Id from "../Id.ts"
import * as Personal from "../Personal.ts"
import { AdHocReason, MeetingKind, MeetingType, SupportMeetingDecision, Topic } from "./model.ts"

export const heldFields = {
  meetingId: Id.MeetingId,
  meetingType: MeetingType,
  kind: MeetingKind,
  adHocReason: Schema.optionalKey(AdHocReason),
  attendees: Schema.NonEmptyArray(Id.AgencyId)
}
export const itemFields = { meetingId: Id.MeetingId, itemId: Id.ItemId }
export const tabledFields = {
  ...itemFields,
  caseId: Id.CaseId,
  /** CNS-7: the household members whose information is shared; may be empty (the case by id only). */
  subjects: Schema.Array(Id.MemberId)
}
export const decisionFields = { decision: SupportMeetingDecision, note: Schema.optionalKey(Personal.Note) }
export const topicFields = { ...itemFields, topic: Topic, note: Schema.optionalKey(Personal.Note) }
