/**
 * The survey results' vocabulary: their stream, indicators and values (KPI-9, KPI-0; seed §7(3)).
 *
 * @module
 */
import { Schema } from "effect"
import * as FiscalYear from "../FiscalYear.ts"
import * as Id from "../Id.ts"
import * as TextLength from "../TextLength.ts"

/** KPI-9: the one stream holding every survey result. */
export const streamId = "survey-results"

/** KPI-0, KPI-9: the indicators measured by a survey (KPI-5…KPI-8; seed §7(3)④–⑦). */
export const SurveyIndicator = Schema.Literals(["KPI-5", "KPI-6", "KPI-7", "KPI-8"])
/** The type of {@link SurveyIndicator}. */
export type SurveyIndicator = typeof SurveyIndicator.Type

/** KPI-9: the number of respondents (at least one). */
export const SampleSize = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/** KPI-9: the share of respondents, in percent (0–100, finite). */
export const Percent = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 100 }))

// The payload the command and its event share (KPI-9).
export const resultFields = {
  resultId: Id.SurveyResultId,
  indicator: SurveyIndicator,
  surveyYear: FiscalYear.FiscalYear,
  sampleSize: SampleSize,
  value: Percent,
  /** The survey it came from (e.g. `令和7年度北上市民意識調査`); not personal data. */
  source: Schema.optionalKey(TextLength.upTo(200)),
  /** The result in force for the same indicator and survey year that this one replaces. */
  supersedes: Schema.optionalKey(Id.SurveyResultId)
}

