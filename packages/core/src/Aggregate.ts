/**
 * An aggregate as plain data (PLN-9, AUD-3; the Emmett decider shape): its command and event
 * schemas, the stream a command targets, the other streams its decision reads, the actor check,
 * and `decide`/`evolve` over its state. The registry (`Aggregates`) lists every aggregate and
 * derives the `Command` and `DomainEvent` schemas, routing and the whole-domain decision from it.
 *
 * A decision gets an explicit {@link Context}: the catalog revision in force at the command's
 * instant (resolved once per command, AUD-3) and the states of the streams it reads.
 *
 * @module
 */
import { Result, type Schema } from "effect"
import type * as Catalog from "./Catalog.ts"
import type { State as CaseState } from "./case/state.ts"
import * as Decider from "./Decider.ts"
import * as Edition from "./Edition.ts"
import type * as Guard from "./Guard.ts"
import type * as Id from "./Id.ts"
import type * as Instant from "./Instant.ts"
import type { State as MeetingState } from "./meeting/state.ts"
import { initialState as emptyRegister, type State as RegisterState } from "./register/state.ts"
import type * as Rule from "./Rule.ts"

/** The streams a decision reads besides its own: the register, referenced cases and meetings. */
export interface Reads {
  readonly register: boolean
  readonly cases: ReadonlyArray<Id.CaseId>
  readonly meetings: ReadonlyArray<Id.MeetingId>
}

/** A decision that reads no other stream. */
export const readsNothing: Reads = { register: false, cases: [], meetings: [] }

/** What a decision is given: the revision in force (AUD-3) and the states of the streams it reads. */
export interface Context {
  readonly catalog: Catalog.Catalog
  readonly register: RegisterState
  readonly cases: ReadonlyMap<Id.CaseId, CaseState>
  readonly meetings: ReadonlyMap<Id.MeetingId, MeetingState>
}

/** All the events a command causes, or the rule it would break (PLN-9). */
export type Decision<E> = Result.Result<ReadonlyArray<E>, Rule.RuleViolation>

/** Tagged schemas an aggregate's commands and events are made of. */
export type Members = ReadonlyArray<Schema.Top & { readonly Type: { readonly _tag: string; readonly at: Instant.Instant } }>

/** A union of tagged structs with its tags (`Schema.toTaggedUnion("_tag")`). */
export type TaggedUnion<M extends Members> = Schema.Union<M> & { readonly discriminants: ReadonlyArray<PropertyKey> }

/** PLN-9: one aggregate of the domain. */
export interface Aggregate<Name extends string, CM extends Members, EM extends Members, S> {
  readonly name: Name
  readonly commands: TaggedUnion<CM>
  readonly events: TaggedUnion<EM>
  /** The stream a command addresses. */
  stream(command: CM[number]["Type"]): string
  /** The other streams the decision reads. */
  reads(command: CM[number]["Type"]): Reads
  /** Who may send the command (checked once, before the state is looked at). */
  actor(command: CM[number]["Type"], catalog: Catalog.Catalog): Guard.Check
  decide(command: CM[number]["Type"], state: S, context: Context): Decision<EM[number]["Type"]>
  evolve(state: S, event: EM[number]["Type"]): S
  readonly initialState: S
}

/** Any aggregate (for the registry). */
export type Any = Aggregate<string, Members, Members, any>

/** Decide one command on an aggregate: the actor check, then the aggregate's rules, under `context.catalog`. */
export const decideWith = <CM extends Members, EM extends Members, S>(
  aggregate: Aggregate<string, CM, EM, S>,
  command: CM[number]["Type"],
  state: S,
  context: Context
): Decision<EM[number]["Type"]> =>
  Edition.withRevision(context.catalog, Result.flatMap(aggregate.actor(command, context.catalog), () => aggregate.decide(command, state, context)))

/** The state after a history of events. */
export const fold = Decider.fold

/**
 * The aggregate as a `Decider`-shaped value taking the revisions (AUD-3): the revision in
 * force at the command's instant is resolved, then {@link decideWith} runs. Streams the decision
 * reads default to empty.
 */
export const decider = <CM extends Members, EM extends Members, S>(aggregate: Aggregate<string, CM, EM, S>) => ({
  decide: (
    command: CM[number]["Type"],
    state: S,
    context: { readonly revisions: ReadonlyArray<Catalog.Catalog> } & Partial<Omit<Context, "catalog">>
  ): Decision<EM[number]["Type"]> =>
    Result.flatMap(Edition.inForceAt(context.revisions, command.at), (catalog) =>
      decideWith(aggregate, command, state, {
        catalog,
        register: context.register ?? emptyRegister,
        cases: context.cases ?? new Map(),
        meetings: context.meetings ?? new Map()
      })),
  evolve: aggregate.evolve,
  initialState: aggregate.initialState
})
