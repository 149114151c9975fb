/**
 * A meeting's record as its events leave it, and the queries on it (MTG-1…MTG-6, PLN-2; AUD-1).
 *
 * @module
 */
import * as Instant from "../Instant.ts"
import type { CaseTabled, DecisionRecorded, Event, MeetingHeld, TopicDiscussed } from "./events.ts"

/** A meeting's record. `held` is absent until the meeting is recorded. */
export interface State {
  readonly held?: MeetingHeld | undefined
  readonly agenda: ReadonlyArray<CaseTabled>
  readonly decisions: ReadonlyArray<DecisionRecorded>
  readonly topics: ReadonlyArray<TopicDiscussed>
}

/** A meeting before its first event: not held, nothing tabled, decided or discussed. */
export const initialState: State = { agenda: [], decisions: [], topics: [] }

/**
 * Apply one recorded event to a meeting's record (AUD-1). The rules of MTG-1…MTG-5 (seed §5) are
 * checked when deciding (PLN-9); every recorded event is applied as it is.
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "MeetingHeld":
      return { ...state, held: event }
    case "CaseTabled":
      return { ...state, agenda: [...state.agenda, event] }
    case "DecisionRecorded":
      return { ...state, decisions: [...state.decisions, event] }
    case "TopicDiscussed":
      return { ...state, topics: [...state.topics, event] }
  }
}

/** PLN-2: true for a held individual case meeting (個別支援会議). */
export const isIndividualCaseMeeting = (state: State): boolean =>
  state.held?.meetingType === "multi-layered-support-meeting" && state.held.kind === "individual-case"

/** MTG-6: true for a held support meeting (counted once per meeting, however many types it served). */
export const isSupportMeeting = (state: State): boolean => state.held?.meetingType === "support-meeting"

/** AUD-1: the item ids already used on the meeting (agenda, topics, decisions). */
export const usedItemIds = (state: State): ReadonlySet<string> =>
  new Set([...state.agenda.map((a) => a.itemId), ...state.topics.map((t) => t.itemId), ...state.decisions.map((d) => d.itemId)])
/**
 * The meeting's instant, for a judgment recorded against it (PLN-2): true when `at` falls on the
 * meeting (within 24 hours of its start). [design] The plan gives no recording deadline; the window
 * keeps each judgment in its meeting's fiscal year (docs/design-rules.md).
 */
export const isDuring = (state: State, at: Instant.Instant): boolean =>
  state.held !== undefined
  && Instant.millis(state.held.at) <= Instant.millis(at)
  && Instant.millis(at) < Instant.millis(state.held.at) + 24 * 60 * 60 * 1000
