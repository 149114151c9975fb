/**
 * Commands on a meeting (MTG-1…MTG-5, CNS-4, ACC-2; seed §5).
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import * as Id from "../Id.ts"
import { decisionFields, heldFields, itemFields, tabledFields, topicFields } from "./fields.ts"
import { JointConditions, JointMeeting } from "./model.ts"

/** MTG-1…MTG-5: record a meeting held at `at`, hosted by `by`. */
export const HoldMeeting = Schema.TaggedStruct("HoldMeeting", {
  ...Decider.commandFields,
  ...heldFields,
  jointWith: Schema.optionalKey(Schema.Array(JointMeeting)),
  /** MTG-5: the conditions of joint holding, affirmed; required when `jointWith` is not empty. */
  jointConditions: Schema.optionalKey(JointConditions)
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
export const Command = Schema.Union([HoldMeeting, TableCase, RecordDecision, DiscussTopic]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** The type of {@link HoldMeeting}. */
export type HoldMeeting = typeof HoldMeeting.Type
/** The type of {@link TableCase}. */
export type TableCase = typeof TableCase.Type
/** The type of {@link RecordDecision}. */
export type RecordDecision = typeof RecordDecision.Type
/** The type of {@link DiscussTopic}. */
export type DiscussTopic = typeof DiscussTopic.Type
