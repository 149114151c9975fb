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
 * @module
 */
import { Result, Schema } from "effect"
import type * as Catalog from "./Catalog.ts"
import * as Decider from "./Decider.ts"
import * as Edition from "./Edition.ts"
import * as FiscalYear from "./FiscalYear.ts"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import * as Rule from "./Rule.ts"

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
const resultFields = {
  resultId: Id.SurveyResultId,
  indicator: SurveyIndicator,
  surveyYear: FiscalYear.FiscalYear,
  sampleSize: SampleSize,
  value: Percent,
  /** The survey it came from (e.g. `令和7年度北上市民意識調査`); not personal data. */
  source: Schema.optionalKey(Schema.NonEmptyString.check(Schema.isMaxLength(200))),
  /** The result in force for the same indicator and survey year that this one replaces. */
  supersedes: Schema.optionalKey(Id.SurveyResultId)
}

/** KPI-9: record a survey result for KPI-5…KPI-8 with its survey year and sample size. */
export const RecordSurveyResult = Schema.TaggedStruct("RecordSurveyResult", { ...Decider.commandFields, ...resultFields })

/** Commands on survey results. */
export const Command = Schema.Union([RecordSurveyResult])
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** KPI-9: a survey result was recorded (replacing the one it `supersedes`, if any). */
export const SurveyResultRecorded = Schema.TaggedStruct("SurveyResultRecorded", { ...Decider.eventFields, ...resultFields })

/** Events of the survey results stream. */
export const Event = Schema.Union([SurveyResultRecorded])
/** The type of {@link Event}. */
export type Event = typeof Event.Type

/** KPI-9: every result recorded (the history), and the one in force per indicator and survey year. */
export interface State {
  readonly recorded: ReadonlyMap<Id.SurveyResultId, typeof SurveyResultRecorded.Type>
  /** Keyed by {@link keyOf}. */
  readonly current: ReadonlyMap<string, typeof SurveyResultRecorded.Type>
}

/** No results recorded. */
export const initialState: State = { recorded: new Map(), current: new Map() }

/** KPI-9: the key of "one result per indicator and survey year". */
export const keyOf = (r: { readonly indicator: SurveyIndicator; readonly surveyYear: FiscalYear.FiscalYear }): string =>
  `${r.indicator}/${r.surveyYear}`

/** KPI-9, AUD-1: apply a recorded result; it becomes the one in force for its indicator and year. */
export const evolve = (state: State, event: Event): State => ({
  recorded: new Map(state.recorded).set(event.resultId, event),
  current: new Map(state.current).set(keyOf(event), event)
})

/** What survey decisions need from outside: the revisions (AUD-3). */
export interface Context {
  readonly revisions: ReadonlyArray<Catalog.Catalog>
}

const decideWith = (c: Command, state: State, catalog: Catalog.Catalog): Result.Result<ReadonlyArray<Event>, Rule.RuleViolation> => {
  const subject = c.resultId
  if (state.recorded.has(c.resultId)) return Rule.refuse("AUD-1", `survey result ${c.resultId} is already recorded`, subject)
  if (!Edition.isCity(catalog, c.by)) {
    return Rule.refuse("KPI-9", `survey results are recorded by the city (a city section), not ${c.by}`, subject)
  }
  const fy = FiscalYear.ofInstant(Instant.millis(c.at))
  if (c.surveyYear > fy) {
    return Rule.refuse("KPI-9", `survey year FY${c.surveyYear} is after the fiscal year of the record (FY${fy})`, subject)
  }
  const current = state.current.get(keyOf(c))
  if (current === undefined && c.supersedes !== undefined) {
    return Rule.refuse("KPI-9", `no result of ${c.indicator} FY${c.surveyYear} to supersede (${c.supersedes})`, subject)
  }
  if (current !== undefined && c.supersedes !== current.resultId) {
    return Rule.refuse(
      "KPI-9",
      `${c.indicator} FY${c.surveyYear} already has result ${current.resultId}; a correction must say it supersedes it`,
      subject
    )
  }
  return Result.succeed([
    SurveyResultRecorded.make({
      ...Decider.stamp(c),
      resultId: c.resultId,
      indicator: c.indicator,
      surveyYear: c.surveyYear,
      sampleSize: c.sampleSize,
      value: c.value,
      ...(c.source !== undefined ? { source: c.source } : {}),
      ...(c.supersedes !== undefined ? { supersedes: c.supersedes } : {})
    })
  ])
}

/** KPI-9: the survey results decider, under the revision in force at the command's instant (AUD-3). */
export const decider: Decider.Decider<Command, Event, State, Context> = {
  decide: (command, state, context) => Edition.decideUnder(context.revisions, command.at, (catalog) => decideWith(command, state, catalog)),
  evolve,
  initialState
}
