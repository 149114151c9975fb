/**
 * The survey results as their events leave them (KPI-9; AUD-1).
 *
 * @module
 */
import type * as FiscalYear from "../FiscalYear.ts"
import type * as Id from "../Id.ts"
import type { Event, SurveyResultRecorded } from "./events.ts"
import type { SurveyIndicator } from "./model.ts"

/** KPI-9: every result recorded (the history), and the one in force per indicator and survey year. */
export interface State {
  readonly recorded: ReadonlyMap<Id.SurveyResultId, SurveyResultRecorded>
  /** Keyed by {@link keyOf}. */
  readonly current: ReadonlyMap<string, SurveyResultRecorded>
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

