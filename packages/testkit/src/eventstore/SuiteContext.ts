/**
 * What every capability group of the event-store suite receives from `suite`: the adapter's
 * factory and declared capabilities, and helpers to run a test on a fresh store. @internal
 */
import { EventStore } from "@kitakami-juso/core"
import { Context, Effect, Layer, type Scope } from "effect"
import type { Capabilities, Durable, Factory } from "../EventStoreConformance.ts"
import { isDurable } from "../internal/helpers.ts"

export interface SuiteContext<R, L> {
  readonly name: string
  readonly factory: Factory<R, L>
  readonly capabilities: Capabilities<R, L>
  /** The factory when it is {@link Durable}, else `undefined`. */
  readonly durable: Durable<L, R> | undefined
  /** One new store, alive for the scope. */
  readonly freshContext: Effect.Effect<Context.Context<EventStore.EventStore | R>, unknown, Scope.Scope>
  /** Run `body` against a new, empty store. */
  readonly withFresh: <A, E>(body: Effect.Effect<A, E, EventStore.EventStore | R>) => Effect.Effect<A, unknown>
}

export const make = <R, L>(name: string, factory: Factory<R, L>, capabilities: Capabilities<R, L>): SuiteContext<R, L> => {
  const durable = isDurable(factory) ? factory : undefined
  const freshContext: Effect.Effect<Context.Context<EventStore.EventStore | R>, unknown, Scope.Scope> = durable !== undefined
    ? Effect.flatMap(durable.location, (location) => Layer.build(Layer.fresh(durable.open(location))))
    : Layer.build(Layer.fresh(factory as Layer.Layer<EventStore.EventStore | R, unknown>))
  const withFresh = <A, E>(body: Effect.Effect<A, E, EventStore.EventStore | R>) =>
    Effect.scoped(Effect.flatMap(freshContext, (context) => Effect.provideContext(body, context)))
  return { name, factory, capabilities, durable, freshContext, withFresh }
}

/** Open a store at a durable location for the scope: a new connection to the same data. */
export const connect = <R, L>(durable: Durable<L, R>, location: L) =>
  Effect.map(Layer.build(Layer.fresh(durable.open(location))), (context) => Context.get(context, EventStore.EventStore))
