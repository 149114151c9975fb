/**
 * Events of a meeting (MTG-1…MTG-6; AUD-1). Their `_tag`s and JSON shapes never change.
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import * as Id from "../Id.ts"
import { decisionFields, heldFields, itemFields, tabledFields, topicFields } from "./fields.ts"
import { JointConditions, ServedType } from "./model.ts"

/** MTG-1…MTG-5: a meeting was held at `at`, hosted by `by`. `served` lists every meeting type it served. */
export const MeetingHeld = Schema.TaggedStruct("MeetingHeld", {
  ...Decider.eventFields,
  ...heldFields,
  served: Schema.NonEmptyArray(ServedType),
  /** MTG-5: the conditions of joint holding as affirmed (absent in older records and for meetings not held jointly). */
  jointConditions: Schema.optionalKey(JointConditions)
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
export const Event = Schema.Union([MeetingHeld, CaseTabled, DecisionRecorded, TopicDiscussed]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Event}. */
export type Event = typeof Event.Type

/** The type of {@link MeetingHeld}. */
export type MeetingHeld = typeof MeetingHeld.Type
/** The type of {@link CaseTabled}. */
export type CaseTabled = typeof CaseTabled.Type
/** The type of {@link DecisionRecorded}. */
export type DecisionRecorded = typeof DecisionRecorded.Type
/** The type of {@link TopicDiscussed}. */
export type TopicDiscussed = typeof TopicDiscussed.Type
