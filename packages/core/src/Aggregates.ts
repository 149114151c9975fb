/**
 * The registry of aggregates (PLN-9): the one list from which the `Command` and `DomainEvent`
 * schemas (each one flat tagged union), command routing, the streams a decision reads and the
 * whole-domain decision are derived. A new aggregate is a folder plus one line in
 * {@link aggregates}; a new command of an existing aggregate stays inside its folder.
 *
 * @module
 */
import { Schema } from "effect"
import * as Aggregate from "./Aggregate.ts"
import { aggregate as caseAggregate } from "./case/decide.ts"
import { streamId as caseStream } from "./case/model.ts"
import type * as Catalog from "./Catalog.ts"
import type * as Id from "./Id.ts"
import { aggregate as meetingAggregate } from "./meeting/decide.ts"
import { streamId as meetingStream } from "./meeting/model.ts"
import { aggregate as outreachAggregate } from "./outreach/decide.ts"
import { aggregate as registerAggregate } from "./register/decide.ts"
import { streamId as registerStream } from "./register/state.ts"
import { aggregate as surveyAggregate } from "./survey/decide.ts"

/** Every aggregate of the domain, in the order their commands and events are listed. */
export const aggregates = [caseAggregate, meetingAggregate, registerAggregate, outreachAggregate, surveyAggregate] as const

/** The type of the registry {@link aggregates}. */
export type Registry = typeof aggregates
type CommandMembers<T> = T extends readonly [infer H, ...infer R]
  ? H extends { readonly commands: Schema.Union<infer M> } ? [...M, ...CommandMembers<R>] : never
  : []
type EventMembers<T> = T extends readonly [infer H, ...infer R]
  ? H extends { readonly events: Schema.Union<infer M> } ? [...M, ...EventMembers<R>] : never
  : []

/** Every command of every aggregate, as one flat tagged union (KPI-9, PLN-9). */
export const Command = Schema.Union(
  aggregates.flatMap((a): ReadonlyArray<Schema.Top> => a.commands.members) as unknown as CommandMembers<Registry>
).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** Every event of every aggregate, as one flat tagged union (AUD-1, KPI-9). */
export const DomainEvent = Schema.Union(
  aggregates.flatMap((a): ReadonlyArray<Schema.Top> => a.events.members) as unknown as EventMembers<Registry>
).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link DomainEvent}. */
export type DomainEvent = typeof DomainEvent.Type

/** The name of an aggregate (`case`, `meeting`, `register`, `outreach`, `survey`). */
export type Name = Registry[number]["name"]

const byCommandTag = new Map<PropertyKey, Aggregate.Any>(
  aggregates.flatMap((a) => a.commands.discriminants.map((tag) => [tag, a as Aggregate.Any] as const))
)
const eventTags = new Map<Aggregate.Any, ReadonlySet<PropertyKey>>(
  aggregates.map((a) => [a as Aggregate.Any, new Set(a.events.discriminants)] as const)
)

/** The aggregate a command addresses. */
export const aggregateOf = (command: Command): Aggregate.Any => byCommandTag.get(command._tag)!

/** The state of one of `aggregate`'s streams from its events (events of other aggregates are ignored). */
export const stateOf = <A extends Aggregate.Any>(aggregate: A, events: ReadonlyArray<DomainEvent>): A["initialState"] =>
  foldOnto(aggregate, aggregate.initialState, events)

/**
 * `state` with `events` folded on by `aggregate` (events of other aggregates are ignored): the
 * state after a history continued by more events. `stateOf(a, [...xs, ...ys])` equals
 * `foldOnto(a, stateOf(a, xs), ys)`, since `evolve` is pure.
 */
export const foldOnto = <A extends Aggregate.Any>(aggregate: A, state: A["initialState"], events: ReadonlyArray<DomainEvent>): A["initialState"] => {
  const tags = eventTags.get(aggregate)!
  let s = state
  for (const e of events) if (tags.has(e._tag)) s = aggregate.evolve(s, e)
  return s
}

/** The streams a decision reads besides its own (the register, cases, meetings), as stream names. */
export const otherStreams = (reads: Aggregate.Reads): ReadonlyArray<string> => [
  ...(reads.register ? [registerStream] : []),
  ...reads.cases.map(caseStream),
  ...reads.meetings.map(meetingStream)
]

/** A stream a decision reads, and the aggregate whose `evolve` folds it into the state the decision sees. */
export interface Read {
  readonly aggregate: Aggregate.Any
  readonly stream: string
}

/**
 * Every stream a command's decision reads, each with the aggregate that folds it: its own stream
 * first, then the register, the cases and the meetings its rules consult (the same streams
 * {@link decide} loads).
 */
export const readsOf = (command: Command): ReadonlyArray<Read> => {
  const aggregate = aggregateOf(command)
  const reads = aggregate.reads(command)
  return [
    { aggregate, stream: aggregate.stream(command) },
    ...(reads.register ? [{ aggregate: registerAggregate as Aggregate.Any, stream: registerStream }] : []),
    ...reads.cases.map((id: Id.CaseId) => ({ aggregate: caseAggregate as Aggregate.Any, stream: caseStream(id) })),
    ...reads.meetings.map((id: Id.MeetingId) => ({ aggregate: meetingAggregate as Aggregate.Any, stream: meetingStream(id) }))
  ]
}

/** The state of `stream` as `aggregate` folds it (what {@link decideOn} asks for each stream of {@link readsOf}). */
export type StateOf = <A extends Aggregate.Any>(aggregate: A, stream: string) => A["initialState"]

/**
 * PLN-9, AUD-3: decide a command under the catalog revision in force at its instant, given the
 * folded state of each stream it reads (`state(aggregate, stream)`, for the pairs of
 * {@link readsOf}). Pure. The command handler passes states it keeps between commands.
 */
export const decideOn = (command: Command, state: StateOf, catalog: Catalog.Catalog): Aggregate.Decision<DomainEvent> => {
  const aggregate = aggregateOf(command)
  const reads = aggregate.reads(command)
  const context: Aggregate.Context = {
    catalog,
    register: reads.register ? state(registerAggregate, registerStream) : registerAggregate.initialState,
    cases: new Map(reads.cases.map((id: Id.CaseId) => [id, state(caseAggregate, caseStream(id))] as const)),
    meetings: new Map(reads.meetings.map((id: Id.MeetingId) => [id, state(meetingAggregate, meetingStream(id))] as const))
  }
  // Every aggregate decides events of its own schema, which the registry's union contains.
  return Aggregate.decideWith(aggregate, command, state(aggregate, aggregate.stream(command)), context) as Aggregate.Decision<DomainEvent>
}

/**
 * PLN-9, AUD-3: decide a command under the catalog revision in force at its instant, given the
 * events of the streams it reads (`load(stream)`, empty when it has none). Pure.
 */
export const decide = (
  command: Command,
  load: (stream: string) => ReadonlyArray<DomainEvent>,
  catalog: Catalog.Catalog
): Aggregate.Decision<DomainEvent> => decideOn(command, (aggregate, stream) => stateOf(aggregate, load(stream)), catalog)
