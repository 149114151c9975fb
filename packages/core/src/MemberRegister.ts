/**
 * The support meeting's register of members (支援会議構成員名簿) (MTG-2, MTG-1, ORG-3; seed §5ア).
 *
 * Members of the support meeting are fixed by its establishment rules (設置要綱) and bound by a
 * statutory duty of confidentiality (Art. 106-6) that continues after they leave. The register is
 * therefore append-only: it keeps every member with the period of membership, so it can answer
 * both "is this agency a member now?" (only current members may receive case information at the
 * meeting) and "was it ever a member, and when?" (former members stay bound).
 *
 * One register per municipality, kept by the city, in the stream {@link streamId}.
 *
 * @module
 */
import { Option, Result, Schema } from "effect"
import type * as Catalog from "./Catalog.ts"
import * as Decider from "./Decider.ts"
import * as Edition from "./Edition.ts"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import * as Rule from "./Rule.ts"

/** The stream holding the register. */
export const streamId = "support-meeting-register"

// ---------------------------------------------------------------------------------------------
// Commands and events
// ---------------------------------------------------------------------------------------------

/** MTG-2: set up the register with its first members; every core member must be one (ORG-3). */
export const EstablishRegister = Schema.TaggedStruct("EstablishRegister", {
  ...Decider.commandFields,
  members: Schema.NonEmptyArray(Id.AgencyId)
})
/** MTG-2: appoint an agency as a member from `at` on. */
export const AppointMember = Schema.TaggedStruct("AppointMember", { ...Decider.commandFields, agencyId: Id.AgencyId })
/** MTG-2: end an agency's membership at `at`; it stays on the register as a former member. */
export const RetireMember = Schema.TaggedStruct("RetireMember", { ...Decider.commandFields, agencyId: Id.AgencyId })

/** Commands on the register. */
export const Command = Schema.Union([EstablishRegister, AppointMember, RetireMember])
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** MTG-2: the register was set up with these members, from `at`. */
export const RegisterEstablished = Schema.TaggedStruct("RegisterEstablished", {
  ...Decider.eventFields,
  members: Schema.NonEmptyArray(Id.AgencyId)
})
/** MTG-2: an agency became a member at `at`. */
export const MemberAppointed = Schema.TaggedStruct("MemberAppointed", { ...Decider.eventFields, agencyId: Id.AgencyId })
/** MTG-2: an agency stopped being a member at `at` (and remains bound by confidentiality). */
export const MemberRetired = Schema.TaggedStruct("MemberRetired", { ...Decider.eventFields, agencyId: Id.AgencyId })

/** Events of the register. */
export const Event = Schema.Union([RegisterEstablished, MemberAppointed, MemberRetired])
/** The type of {@link Event}. */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------
// State and queries
// ---------------------------------------------------------------------------------------------

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

const current = (state: State, agencyId: string): Period | undefined =>
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

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

/** What the register's decisions need from outside: the catalog revisions (AUD-3). */
export interface Context {
  readonly revisions: ReadonlyArray<Catalog.Catalog>
}

const decideWith = (command: Command, state: State, catalog: Catalog.Catalog): Result.Result<ReadonlyArray<Event>, Rule.RuleViolation> => {
  if (!Edition.isCity(catalog, command.by)) {
    return Rule.refuse("MTG-2", `the register is kept by the city; ${command.by} is not a city section`, streamId)
  }
  switch (command._tag) {
    case "EstablishRegister": {
      if (state.established) return Rule.refuse("AUD-1", "the register is already established; appoint or retire members", streamId)
      const unknown = command.members.find((m) => !Edition.isKnownParty(catalog, m))
      if (unknown !== undefined) return Rule.refuse("ORG-1", `${unknown} is not in the directory`, streamId)
      if (new Set(command.members).size !== command.members.length) {
        return Rule.refuse("MTG-2", "a member is listed twice", streamId)
      }
      const missing = Edition.coreMembers(catalog).filter((c) => !command.members.includes(c))
      if (missing.length > 0) {
        return Rule.refuse("MTG-2", `the support meeting is held with the core members; missing ${missing.join(", ")}`, streamId)
      }
      return Result.succeed([RegisterEstablished.make({ ...Decider.stamp(command), members: command.members })])
    }
    case "AppointMember": {
      if (!state.established) return Rule.refuse("MTG-2", "establish the register before appointing members", streamId)
      if (!Edition.isKnownParty(catalog, command.agencyId)) {
        return Rule.refuse("ORG-1", `${command.agencyId} is not in the directory`, streamId)
      }
      if (current(state, command.agencyId) !== undefined) {
        return Rule.refuse("MTG-2", `${command.agencyId} is already a member`, streamId)
      }
      return Result.succeed([MemberAppointed.make({ ...Decider.stamp(command), agencyId: command.agencyId })])
    }
    case "RetireMember": {
      const period = current(state, command.agencyId)
      if (period === undefined) return Rule.refuse("MTG-2", `${command.agencyId} is not a current member`, streamId)
      if (Instant.isBefore(command.at, period.from)) {
        return Rule.refuse("MTG-2", `${command.agencyId} cannot leave before it joined`, streamId)
      }
      if (Edition.coreMembers(catalog).includes(command.agencyId)) {
        return Rule.refuse("MTG-2", `${command.agencyId} is a core member of the regular support meeting and stays a member`, streamId)
      }
      return Result.succeed([MemberRetired.make({ ...Decider.stamp(command), agencyId: command.agencyId })])
    }
  }
}

/** MTG-2: the register's decider. */
export const decider: Decider.Decider<Command, Event, State, Context> = {
  decide: (command, state, context) =>
    Edition.decideUnder(context.revisions, command.at, (catalog) => decideWith(command, state, catalog)),
  evolve,
  initialState
}
