/**
 * The survey results aggregate: the decide function of its one command and the registry entry
 * (stream `survey-results`; recorded by the city). KPI-9, TIME-1, AUD-1.
 *
 * @module
 */
import { Result } from "effect"
import * as Aggregate from "../Aggregate.ts"
import * as Decider from "../Decider.ts"
import * as FiscalYear from "../FiscalYear.ts"
import * as Guard from "../Guard.ts"
import * as Rule from "../Rule.ts"
import { Command, type RecordSurveyResult } from "./commands.ts"
import { Event, SurveyResultRecorded } from "./events.ts"
import { streamId } from "./model.ts"
import { evolve, initialState, keyOf, type State } from "./state.ts"

/** KPI-9, TIME-1, AUD-1: a new result id, a survey year not in the future, one result in force per indicator and year. */
export const recordSurveyResult = (c: RecordSurveyResult, state: State): Aggregate.Decision<Event> => {
  const subject = c.resultId
  if (state.recorded.has(c.resultId)) return Rule.refuse("AUD-1", `survey result ${c.resultId} is already recorded`, subject)
  const fy = FiscalYear.ofInstant(c.at)
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

/** KPI-9: decide a survey command (the actor, a city section, is checked by the registry). */
export const decide = (c: Command, state: State): Aggregate.Decision<Event> => {
  switch (c._tag) {
    case "RecordSurveyResult":
      return recordSurveyResult(c, state)
  }
}

/** The survey results aggregate for the registry. */
export const aggregate = {
  name: "survey",
  commands: Command,
  events: Event,
  stream: () => streamId,
  reads: () => Aggregate.readsNothing,
  actor: (c: Command, catalog) =>
    Guard.requireCity(catalog, c.by, "KPI-9", `survey results are recorded by the city (a city section), not ${c.by}`, c.resultId),
  decide,
  evolve,
  initialState
} as const satisfies Aggregate.Aggregate<"survey", typeof Command.members, typeof Event.members, State>

/** KPI-9: the survey results decider, taking the revisions (AUD-3). */
export const decider = Aggregate.decider(aggregate)
