/**
 * The register as its events leave it, and the membership queries (MTG-2; AUD-1).
 *
 * @module
 */
import { Option } from "effect"
import type * as Id from "../Id.ts"
import * as Instant from "../Instant.ts"
import type { Event } from "./events.ts"

/** The stream holding the register. */
export const streamId = "support-meeting-register"

/** MTG-2: one period of membership: from (inclusive) until (exclusive; absent while current). */
export interface Period {
  readonly agencyId: Id.AgencyId
  readonly from: Instant.Instant
  readonly until?: Instant.Instant | undefined
}

/** The register: every period of membership, current and former, in order. */
export interface State {
  readonly established: boolean
  readonly periods: ReadonlyArray<Period>
}

/** The register before it is established (MTG-2): no members. */
export const initialState: State = { established: false, periods: [] }

/** MTG-2: the period during which `agencyId` was a member at `at`, if it was. */
export const membershipAt = (state: State, agencyId: string, at: Instant.Instant): Option.Option<Period> =>
  Option.fromUndefinedOr(state.periods.find((p) => p.agencyId === agencyId && Instant.within(at, p.from, p.until)))

/** MTG-2: true when `agencyId` is a member at `at`. */
export const isMemberAt = (state: State, agencyId: string, at: Instant.Instant): boolean =>
  Option.isSome(membershipAt(state, agencyId, at))

/** MTG-2: the members at `at`. */
export const membersAt = (state: State, at: Instant.Instant): ReadonlyArray<Id.AgencyId> =>
  state.periods.filter((p) => Instant.within(at, p.from, p.until)).map((p) => p.agencyId)

/** MTG-2: the agencies that were members before `at` and are not at `at` (still bound by confidentiality). */
export const formerMembersAt = (state: State, at: Instant.Instant): ReadonlyArray<Id.AgencyId> => {
  const current = new Set(membersAt(state, at))
  const former = state.periods.filter((p) => p.until !== undefined && Instant.millis(p.until) <= Instant.millis(at))
  return [...new Set(former.map((p) => p.agencyId))].filter((a) => !current.has(a))
}

/** MTG-2: the open period of a current member. */
export const currentPeriod = (state: State, agencyId: string): Period | undefined =>
  state.periods.find((p) => p.agencyId === agencyId && p.until === undefined)

/**
 * Apply one recorded event to the register (AUD-1): establishing it opens its first members'
 * periods, an appointment opens one, a retirement closes it (MTG-2, seed §5ア). The rules are
 * checked when deciding (PLN-9).
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "RegisterEstablished":
      return { established: true, periods: [...state.periods, ...event.members.map((agencyId) => ({ agencyId, from: event.at }))] }
    case "MemberAppointed":
      return { ...state, periods: [...state.periods, { agencyId: event.agencyId, from: event.at }] }
    case "MemberRetired":
      return {
        ...state,
        periods: state.periods.map((p) => (p.agencyId === event.agencyId && p.until === undefined ? { ...p, until: event.at } : p))
      }
  }
}
