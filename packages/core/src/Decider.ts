/**
 * The decider: a business rule set as plain data (PLN-9; the Emmett pattern).
 *
 * `decide(command, state, context)` returns all the events a command causes, or the
 * {@link Rule.RuleViolation} naming the rule it would break — never a part of them (PLN-9).
 * `evolve(state, event)` folds one event into the state; `initialState` is the state of a stream
 * with no events. Deciders are pure: no I/O, no clock. The context carries what a rule needs from
 * outside the stream (the catalog revisions, the support-meeting register, a referenced meeting
 * or case), loaded by the command handler.
 *
 * @module
 */
import type { Result } from "effect"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import type * as Rule from "./Rule.ts"

/** Fields every command carries: a client-supplied id, the instant it happened, the acting agency. */
export const commandFields = { commandId: Id.CommandId, at: Instant.Instant, by: Id.AgencyId } as const

/** Fields every event carries: a unique id, the instant it happened, the acting agency. */
export const eventFields = { eventId: Id.EventId, at: Instant.Instant, by: Id.AgencyId } as const

/** The envelope of the `index`-th event decided from a command: same instant and actor. */
export const stamp = (
  command: { readonly commandId: Id.CommandId; readonly at: Instant.Instant; readonly by: Id.AgencyId },
  index = 0
): { readonly eventId: Id.EventId; readonly at: Instant.Instant; readonly by: Id.AgencyId } => ({
  eventId: Id.eventId(command.commandId, index),
  at: command.at,
  by: command.by
})

/** PLN-9: a decider over commands `C`, events `E`, state `S` and decision context `X`. */
export interface Decider<C, E, S, X> {
  readonly decide: (command: C, state: S, context: X) => Result.Result<ReadonlyArray<E>, Rule.RuleViolation>
  readonly evolve: (state: S, event: E) => S
  readonly initialState: S
}

/** The state after a history of events (anything with `evolve` and `initialState`: a decider or an aggregate). */
export const fold = <E, S>(decider: { readonly initialState: S; evolve(state: S, event: E): S }, events: Iterable<E>): S => {
  let state = decider.initialState
  for (const e of events) state = decider.evolve(state, e)
  return state
}
