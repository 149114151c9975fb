/**
 * Commands on the survey results (KPI-9).
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import { resultFields } from "./model.ts"

/** KPI-9: record a survey result for KPI-5…KPI-8 with its survey year and sample size. */
export const RecordSurveyResult = Schema.TaggedStruct("RecordSurveyResult", { ...Decider.commandFields, ...resultFields })

/** Commands on survey results. */
export const Command = Schema.Union([RecordSurveyResult]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** The type of {@link RecordSurveyResult}. */
export type RecordSurveyResult = typeof RecordSurveyResult.Type
