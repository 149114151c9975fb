/**
 * The in-memory reference adapter of the {@link EventStore} port: the behaviour every other
 * adapter is held to by the conformance kit. Not durable; for tests, examples and tooling.
 *
 * @module
 */
import { Effect, Layer, Option, Stream } from "effect"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"

interface Memory {
  readonly all: Array<EventStore.StoredEvent>
  readonly streams: Map<string, Array<EventStore.StoredEvent>>
  readonly eventIds: Set<string>
  readonly idempotency: Map<string, { readonly request: string; readonly result: EventStore.AppendResult }>
}

/** Build a fresh, empty store. Appends are atomic because they run without yielding. */
export const make = (options?: { readonly clock?: () => Date }): EventStore.EventStoreShape => {
  const clock = options?.clock ?? (() => new Date())
  const mem: Memory = { all: [], streams: new Map(), eventIds: new Set(), idempotency: new Map() }

  const append: EventStore.EventStoreShape["append"] = (stream, expectedVersion, events, opts) =>
    Effect.gen(function*() {
      yield* EventStore.validateBatch(stream, events)
      const key = opts?.idempotencyKey
      const request = EventHash.hashRequest(stream, events)
      if (key !== undefined) {
        const seen = mem.idempotency.get(key)
        if (seen !== undefined) {
          if (seen.request !== request) {
            return yield* EventStore.fail(
              new EventStore.IdempotencyConflict({ message: `idempotency key reused with different events`, idempotencyKey: key })
            )
          }
          return { ...seen.result, replayed: true }
        }
      }
      const current = mem.streams.get(stream) ?? []
      yield* EventStore.checkExpectedVersion(stream, expectedVersion, current.length)
      for (const e of events) {
        if (mem.eventIds.has(e.eventId)) {
          return yield* EventStore.fail(new EventStore.DuplicateEvent({ message: `event ${e.eventId} already stored`, eventId: e.eventId }))
        }
      }
      const recordedAt = clock().toISOString()
      let prevHash = current.at(-1)?.hash ?? ""
      const stored: Array<EventStore.StoredEvent> = []
      for (const e of events) {
        // Round-trip through JSON so stored values never alias the caller's objects.
        const payload = JSON.parse(JSON.stringify(e.payload))
        const metadata = e.metadata === undefined || e.metadata === null ? null : JSON.parse(JSON.stringify(e.metadata))
        const version = current.length + stored.length + 1
        const base = { stream, version, eventId: e.eventId, type: e.type, payload, metadata, recordedAt }
        const hash = EventHash.hashEvent(prevHash, base)
        stored.push({ ...base, position: mem.all.length + stored.length + 1, prevHash, hash })
        prevHash = hash
      }
      mem.streams.set(stream, current.concat(stored))
      for (const e of stored) {
        mem.all.push(e)
        mem.eventIds.add(e.eventId)
      }
      const result: EventStore.AppendResult = {
        stream,
        nextExpectedVersion: current.length + stored.length,
        firstPosition: stored[0]!.position,
        lastPosition: stored.at(-1)!.position,
        replayed: false
      }
      if (key !== undefined) mem.idempotency.set(key, { request, result })
      return result
    })

  const readStream: EventStore.EventStoreShape["readStream"] = (stream, opts) =>
    Effect.sync(() => {
      const from = opts?.fromVersion ?? 1
      return (mem.streams.get(stream) ?? []).filter((e) => e.version >= from)
    })

  const readAll: EventStore.EventStoreShape["readAll"] = (fromPosition = 0, opts) => {
    const batchSize = Math.max(1, opts?.batchSize ?? 500)
    return Stream.paginate(fromPosition, (after: number) =>
      Effect.sync(() => {
        const page = mem.all.slice(after, after + batchSize)
        const last = page.at(-1)
        return [page, page.length === batchSize && last !== undefined ? Option.some(last.position) : Option.none()] as const
      }))
  }

  const verify: EventStore.EventStoreShape["verify"] = () =>
    Effect.sync(() => {
      const verifier = EventStore.makeChainVerifier(EventHash.hashEvent)
      for (const e of mem.all) {
        const problem = verifier.check(e)
        if (problem) return problem
      }
      return verifier.result()
    })

  return EventStore.EventStore.of({ append, readStream, readAll, verify })
}

/** A layer with a fresh in-memory store per build. */
export const layer = (options?: { readonly clock?: () => Date }): Layer.Layer<EventStore.EventStore> =>
  Layer.sync(EventStore.EventStore, () => make(options))
