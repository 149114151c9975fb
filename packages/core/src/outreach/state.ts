/**
 * A contact's record, and how it counts (OUT-1, OUT-2; AUD-1).
 *
 * @module
 */
import type { ContactRecorded, Event } from "./events.ts"
import type { Activity } from "./model.ts"

/** A contact's record: absent until recorded. */
export interface State {
  readonly recorded?: ContactRecorded | undefined
}

/** A contact before it is recorded. */
export const initialState: State = {}

/** Apply the recorded contact (OUT-1, seed §4(4); AUD-1). */
export const evolve = (_state: State, event: Event): State => ({ recorded: event })

/** OUT-2: how a contact counts toward KPI-1: with an individual, an agency, or a resident visit (not in KPI-1). */
export const countsAs = (activity: Activity): "individual" | "agency" | "resident" =>
  activity._tag === "IndividualSupport" ? "individual" : activity._tag === "ResidentVisit" ? "resident" : "agency"

