/**
 * Events of the survey results (KPI-9; AUD-1). Their `_tag`s and JSON shapes never change.
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import { resultFields } from "./model.ts"

/** KPI-9: a survey result was recorded (replacing the one it `supersedes`, if any). */
export const SurveyResultRecorded = Schema.TaggedStruct("SurveyResultRecorded", { ...Decider.eventFields, ...resultFields })

/** Events of the survey results stream. */
export const Event = Schema.Union([SurveyResultRecorded]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Event}. */
export type Event = typeof Event.Type

/** The type of {@link SurveyResultRecorded}. */
export type SurveyResultRecorded = typeof SurveyResultRecorded.Type
