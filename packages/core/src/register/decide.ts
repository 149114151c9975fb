/**
 * The register aggregate: one decide function per command behind an exhaustive switch (PLN-9),
 * and the registry entry (stream `support-meeting-register`; kept by the city, MTG-2).
 *
 * @module
 */
import { Result } from "effect"
import * as Aggregate from "../Aggregate.ts"
import * as Decider from "../Decider.ts"
import * as Edition from "../Edition.ts"
import * as Guard from "../Guard.ts"
import * as Instant from "../Instant.ts"
import * as Rule from "../Rule.ts"
import { type AppointMember, Command, type EstablishRegister, type RetireMember } from "./commands.ts"
import { Event, MemberAppointed, MemberRetired, RegisterEstablished } from "./events.ts"
import { currentPeriod, evolve, initialState, type State, streamId } from "./state.ts"

/** MTG-2, ORG-3: establish the register once, with directory agencies, each once, every core member among them. */
export const establishRegister = (c: EstablishRegister, state: State, { catalog }: Aggregate.Context): Aggregate.Decision<Event> => {
  const missing = Edition.coreMembers(catalog).filter((m) => !c.members.includes(m))
  return Result.map(
    Guard.all([
      () => Guard.unless(state.established, "AUD-1", () => "the register is already established; appoint or retire members", streamId),
      () => Guard.requireAllInDirectory(catalog, c.members, streamId),
      () => Guard.requireDistinct(c.members, "MTG-2", "a member is listed twice", streamId),
      () => Guard.unless(missing.length > 0, "MTG-2", () => `the support meeting is held with the core members; missing ${missing.join(", ")}`, streamId)
    ]),
    () => [RegisterEstablished.make({ ...Decider.stamp(c), members: c.members })]
  )
}

/** MTG-2: appoint a directory agency that is not a current member. */
export const appointMember = (c: AppointMember, state: State, { catalog }: Aggregate.Context): Aggregate.Decision<Event> =>
  Result.map(
    Guard.all([
      () => Guard.unless(!state.established, "MTG-2", () => "establish the register before appointing members", streamId),
      () => Guard.requireInDirectory(catalog, c.agencyId, streamId),
      () => Guard.unless(currentPeriod(state, c.agencyId) !== undefined, "MTG-2", () => `${c.agencyId} is already a member`, streamId)
    ]),
    () => [MemberAppointed.make({ ...Decider.stamp(c), agencyId: c.agencyId })]
  )

/**
 * MTG-2: retire a current member that is not a core member, not before it joined. [design] Core
 * members are the plan's own (ORG-3, seed §5ア, §6): changing them is a new catalog revision, not a
 * register entry (docs/design-rules.md).
 */
export const retireMember = (c: RetireMember, state: State, { catalog }: Aggregate.Context): Aggregate.Decision<Event> => {
  const period = currentPeriod(state, c.agencyId)
  if (period === undefined) return Rule.refuse("MTG-2", `${c.agencyId} is not a current member`, streamId)
  return Result.map(
    Guard.all([
      () => Guard.unless(Instant.isBefore(c.at, period.from), "MTG-2", () => `${c.agencyId} cannot leave before it joined`, streamId),
      () =>
        Guard.unless(
          Edition.coreMembers(catalog).includes(c.agencyId),
          "MTG-2",
          () => `${c.agencyId} is a core member of the regular support meeting and stays a member`,
          streamId
        )
    ]),
    () => [MemberRetired.make({ ...Decider.stamp(c), agencyId: c.agencyId })]
  )
}

/** MTG-2: decide a register command (the actor, a city section, is checked by the registry). */
export const decide = (c: Command, state: State, ctx: Aggregate.Context): Aggregate.Decision<Event> => {
  switch (c._tag) {
    case "EstablishRegister":
      return establishRegister(c, state, ctx)
    case "AppointMember":
      return appointMember(c, state, ctx)
    case "RetireMember":
      return retireMember(c, state, ctx)
  }
}

/** The register aggregate for the registry. */
export const aggregate = {
  name: "register",
  commands: Command,
  events: Event,
  stream: () => streamId,
  reads: () => Aggregate.readsNothing,
  actor: (c: Command, catalog) =>
    Guard.requireCity(catalog, c.by, "MTG-2", `the register is kept by the city; ${c.by} is not a city section`, streamId),
  decide,
  evolve,
  initialState
} as const satisfies Aggregate.Aggregate<"register", typeof Command.members, typeof Event.members, State>

/** MTG-2: the register's decider, taking the revisions (AUD-3). */
export const decider = Aggregate.decider(aggregate)
