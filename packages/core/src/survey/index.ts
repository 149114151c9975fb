/**
 * Survey results for KPI-5…KPI-8, recorded as events (KPI-9, KPI-0, AUD-1; seed §7(3)).
 *
 * KPI-5…KPI-7 come from the resident survey (市民意識調査) and KPI-8 from the community welfare
 * questionnaire (地域福祉に関するアンケート). A result is entered by the city with its survey year
 * (a fiscal year) and sample size, so it is stored, audited and hash-chained like every other
 * event (AUD-1). The rules (KPI-9):
 *
 * - a result is recorded by the city (a city section of the catalog in force at `at`, AUD-3);
 * - its survey year is not after the fiscal year of `at` (the future cannot be recorded, TIME-1);
 * - one result per indicator and survey year: a correction names the result it replaces
 *   (`supersedes`); the replaced one stays in the history but is no longer in force;
 * - a result id is recorded once (AUD-1).
 *
 * All results live in one stream, `survey-results`. `IndicatorProjection.surveysFrom` gives the
 * results in force, which `IndicatorProjection.report` uses.
 *
 * Files: `model.ts` (stream and values), `commands.ts`, `events.ts`, `state.ts`, `decide.ts`.
 *
 * @module
 */
export * from "./commands.ts"
export { aggregate, decide, decider } from "./decide.ts"
export * from "./events.ts"
export { Percent, SampleSize, streamId, SurveyIndicator } from "./model.ts"
export * from "./state.ts"
