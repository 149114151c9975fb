/** Shared steps of the projection suite and its crash test: seed a history, fold it, read a model back. @internal */
import { DomainEvent, EventStore, Projection, ReadModelStore } from "@kitakami-juso/core"
import { Effect, Result, Stream } from "effect"
import * as EventHistory from "../EventHistory.ts"

/** Append a generated history; returns how many events were written. */
export const seed = (options: EventHistory.Options, prefix = "") =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    let count = 0
    for (const a of EventHistory.generate(options)) {
      const events = prefix === "" ? a.events : a.events.map((e) => ({
        ...e,
        eventId: `${prefix}${e.eventId}`,
        payload: { ...(e.payload as object), eventId: `${prefix}${e.eventId}` }
      }))
      yield* store.append(a.stream, "any", events)
      count += events.length
    }
    return count
  })

/** Every stored event with its position, decoded (domain events only). */
export const decodedFeed = Effect.gen(function*() {
  const store = yield* EventStore.EventStore
  const stored = yield* Stream.runCollect(store.readAll(0))
  return stored.flatMap((s) => {
    const r = DomainEvent.decode(s.payload)
    return Result.isSuccess(r) ? [{ position: s.position, event: r.success }] : []
  })
})

/** Every document of a projection, by key (read back page by page). */
export const readModel = (name: string) =>
  Effect.gen(function*() {
    const store = yield* ReadModelStore.ReadModelStore
    const out = new Map<string, Projection.Doc>()
    let after: string | undefined
    for (;;) {
      const page = yield* store.list(name, { after, limit: 1000 })
      for (const e of page) out.set(e.key, e.doc)
      if (page.length < 1000) return out
      after = page[page.length - 1]!.key
    }
  })

/** The read model a from-scratch fold of the events up to `position` gives. */
export const expected = (
  projection: Projection.Projection,
  feed: ReadonlyArray<{ readonly position: number; readonly event: DomainEvent.DomainEvent }>,
  position = Number.POSITIVE_INFINITY
) => Projection.fold(projection, feed.filter((f) => f.position <= position).map((f) => f.event))

/** Plain objects of a map, for deep comparison (JSON numbers and key order aside). */
export const plain = (m: ReadonlyMap<string, Projection.Doc>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)))
