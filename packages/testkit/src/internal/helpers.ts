/** Small helpers shared by the conformance tests. @internal */
import { expect } from "@effect/vitest"
import { EventHash, EventStore } from "@kitakami-juso/core"
import { Cause, Effect, Exit, Layer, Option, Stream } from "effect"
import { randomUUID } from "node:crypto"
import type { Durable, Factory } from "../EventStoreConformance.ts"

export const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name])
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** Fresh ids for one test: streams and events no other test uses. */
export const ids = () => {
  const id = randomUUID().replaceAll("-", "").slice(0, 12)
  let n = 0
  return {
    prefix: `t${id}`,
    stream: (name = "s") => `${name}-t${id}`,
    event: () => `ev-${id}-${n++}`,
    key: () => `key-${id}-${n++}`
  }
}

export const event = (eventId: string, payload: unknown = { n: 1 }, metadata?: unknown): EventStore.NewEvent => ({
  eventId,
  type: "Recorded",
  payload: payload as never,
  ...(metadata === undefined ? {} : { metadata: metadata as never })
})

/** The reason of the failure an effect must end with. */
export const failure = <A, R>(effect: Effect.Effect<A, EventStore.EventStoreError, R>) =>
  Effect.flatMap(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return Effect.die(new Error(`expected a failure, got ${JSON.stringify(exit.value)}`))
    const error = Cause.findErrorOption(exit.cause)
    if (Option.isNone(error)) return Effect.die(new Error(`expected an EventStoreError, got ${Cause.pretty(exit.cause)}`))
    expect(EventStore.isEventStoreError(error.value)).toBe(true)
    return Effect.succeed(error.value.reason)
  })

export const all = (store: EventStore.EventStoreShape, from = 0, batchSize?: number) =>
  Stream.runCollect(store.readAll(from, batchSize === undefined ? undefined : { batchSize }))

export const isDurable = <R, L>(factory: Factory<R, L>): factory is Durable<L, R> => !Layer.isLayer(factory)

export const sameJson = (a: unknown, b: unknown) => EventHash.canonicalJson(a) === EventHash.canonicalJson(b)

/**
 * Read the feed from `from` until `done` holds (or 10 s pass). A feed may lag behind commits
 * — PostgreSQL's shows nothing above a transaction still running anywhere in the cluster — but
 * it must never skip: tests wait for what they expect, then check it exactly.
 */
export const feedUntil = (
  store: EventStore.EventStoreShape,
  from: number,
  done: (feed: ReadonlyArray<EventStore.StoredEvent>) => boolean,
  batchSize?: number
) =>
  Effect.gen(function*() {
    const deadline = Date.now() + 10_000
    for (;;) {
      const feed = yield* all(store, from, batchSize)
      if (done(feed) || Date.now() > deadline) return feed
      yield* Effect.sleep("20 millis")
    }
  })
