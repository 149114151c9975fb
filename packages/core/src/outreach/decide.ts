/**
 * The outreach aggregate: the decide function of its one command and the registry entry (stream
 * `outreach-<contactId>`; reads the case of an individual contact). OUT-1, PRG-4.
 *
 * @module
 */
import { Result } from "effect"
import * as Aggregate from "../Aggregate.ts"
import type * as Catalog from "../Catalog.ts"
import { requireMemberInCase, requireReferred } from "../case/guards.ts"
import * as Decider from "../Decider.ts"
import * as Edition from "../Edition.ts"
import * as Guard from "../Guard.ts"
import { Command, type RecordContact } from "./commands.ts"
import { ContactRecorded, Event } from "./events.ts"
import { streamId } from "./model.ts"
import { evolve, initialState, type State } from "./state.ts"

/** OUT-1, ORG-1: record a contact once: a directory agency visited, or a member of a referred case supported. */
export const recordContact = (c: RecordContact, state: State, ctx: Aggregate.Context): Aggregate.Decision<Event> => {
  const subject = c.contactId
  const a = c.activity
  const activity = (): Guard.Check => {
    if (a._tag === "AgencyVisit") {
      return Guard.requireInDirectory(ctx.catalog, a.agencyId, subject, (id) => `${id} is not in the directory; record an organisation visit instead`)
    }
    if (a._tag !== "IndividualSupport") return Guard.ok
    return Result.flatMap(
      requireReferred(ctx.cases.get(a.caseId), a.caseId, subject, "OUT-1"),
      (kase) => requireMemberInCase(kase, a.memberId, a.caseId, subject, "OUT-1")
    )
  }
  return Result.map(
    Guard.all([
      () => Guard.unless(state.recorded !== undefined, "AUD-1", () => `contact ${c.contactId} is already recorded`, subject),
      activity
    ]),
    () => [ContactRecorded.make({ ...Decider.stamp(c), contactId: c.contactId, activity: a, ...(c.note ? { note: c.note } : {}) })]
  )
}

/** OUT-1: decide an outreach command (the actor, an outreach operator, is checked by the registry). */
export const decide = (c: Command, state: State, ctx: Aggregate.Context): Aggregate.Decision<Event> => {
  switch (c._tag) {
    case "RecordContact":
      return recordContact(c, state, ctx)
  }
}

/** PRG-4, OUT-1: outreach contacts are made by the outreach operator. */
const actor = (c: Command, catalog: Catalog.Catalog): Guard.Check => {
  const operators = Edition.operatorsOf(catalog, "outreach")
  return Guard.unless(
    !operators.includes(c.by),
    "OUT-1",
    () => `outreach contacts are made by the outreach operator (${operators.join(", ")}), not ${c.by}`,
    c.contactId
  )
}

/** The outreach aggregate for the registry. */
export const aggregate = {
  name: "outreach",
  commands: Command,
  events: Event,
  stream: (c: Command) => streamId(c.contactId),
  reads: (c: Command): Aggregate.Reads => ({
    register: false,
    cases: c.activity._tag === "IndividualSupport" ? [c.activity.caseId] : [],
    meetings: []
  }),
  actor,
  decide,
  evolve,
  initialState
} as const satisfies Aggregate.Aggregate<"outreach", typeof Command.members, typeof Event.members, State>

/** OUT-1: the outreach decider, taking the revisions (AUD-3). */
export const decider = Aggregate.decider(aggregate)
