/**
 * The in-memory reference adapter of the {@link EventStore} port: the behaviour every other
 * adapter is held to by the conformance kit. Not durable; for tests, examples and tooling.
 *
 * Its layout mirrors the SQL adapters: a table of event rows in position order, a table of
 * stream heads (last version and hash, AUD-1) and a table of idempotency keys. {@link Raw}
 * exposes the rows to tests as a "backdoor", so the kit can check what was really stored and
 * simulate tampering.
 *
 * @module
 */
import { Context, Effect, Layer, Option, Stream } from "effect"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"

interface Memory {
  /** Row `position - 1`; `undefined` where a test deleted the row through {@link Raw}. */
  readonly rows: Array<EventStore.StoredEvent | undefined>
  /** Positions of each stream's rows, in version order. */
  readonly streams: Map<string, Array<number>>
  readonly heads: Map<string, { version: number; hash: string }>
  readonly eventIds: Set<string>
  readonly idempotency: Map<string, { readonly request: string; readonly result: EventStore.AppendResult }>
}

/** Direct access to the stored rows, for tests only (the kit's raw backdoor). */
export interface RawTable {
  /** Every stored row in position order, exactly as stored. */
  readonly rows: () => ReadonlyArray<EventStore.StoredEvent>
  /** The recorded stream heads. */
  readonly heads: () => ReadonlyArray<EventStore.StreamHead>
  /** Overwrite the row at `position` (keeps the position): simulates tampering with storage. */
  readonly update: (position: number, row: EventStore.StoredEvent) => void
  /** Remove the row at `position`: simulates deleting a stored event. */
  readonly delete: (position: number) => void
}

/** The raw backdoor of a store built by {@link layerWithRaw}. */
export class Raw extends Context.Service<Raw, RawTable>()("@kitakami-juso/core/MemoryEventStore/Raw") {}

const build = (options?: { readonly clock?: () => Date }) => {
  const clock = options?.clock ?? (() => new Date())
  const mem: Memory = { rows: [], streams: new Map(), heads: new Map(), eventIds: new Set(), idempotency: new Map() }

  const streamRows = (stream: string): Array<EventStore.StoredEvent> => {
    const out: Array<EventStore.StoredEvent> = []
    for (const position of mem.streams.get(stream) ?? []) {
      const row = mem.rows[position - 1]
      if (row !== undefined) out.push(row)
    }
    return out
  }

  // The whole write runs inside one synchronous callback: no other fiber can interleave
  // between the version check and the write, so appends are atomic.
  const write = (
    stream: string,
    expectedVersion: EventStore.ExpectedVersion,
    encoded: ReadonlyArray<EventStore.EncodedEvent>,
    key: string | undefined
  ): Effect.Effect<EventStore.AppendResult, EventStore.EventStoreError> =>
    Effect.suspend(() => {
      const request = key === undefined ? "" : EventHash.hashRequestEncoded(stream, encoded)
      if (key !== undefined) {
        const seen = mem.idempotency.get(key)
        if (seen !== undefined) {
          return seen.request === request
            ? Effect.succeed({ ...seen.result, replayed: true })
            : EventStore.fail(
              new EventStore.IdempotencyConflict({ message: "idempotency key reused with different events", idempotencyKey: key })
            )
        }
      }
      const head = mem.heads.get(stream) ?? { version: 0, hash: "" }
      const conflict = EventStore.versionConflict(stream, expectedVersion, head.version)
      if (conflict !== undefined) return EventStore.fail(conflict)
      for (const e of encoded) {
        if (mem.eventIds.has(e.eventId)) {
          return EventStore.fail(new EventStore.DuplicateEvent({ message: `event ${e.eventId} already stored`, eventId: e.eventId }))
        }
      }
      const recordedAt = clock().toISOString()
      let prevHash = head.hash
      const positions = mem.streams.get(stream) ?? []
      const firstPosition = mem.rows.length + 1
      const stored: Array<EventStore.StoredEvent> = []
      for (const e of encoded) {
        const version = head.version + stored.length + 1
        const hash = EventHash.hashEncoded(prevHash, { ...e, stream, version, recordedAt })
        stored.push({
          stream,
          version,
          position: firstPosition + stored.length,
          eventId: e.eventId,
          type: e.type,
          payload: JSON.parse(e.payload),
          metadata: e.metadata === null ? null : JSON.parse(e.metadata),
          recordedAt,
          prevHash,
          hash
        })
        prevHash = hash
      }
      for (const row of stored) {
        mem.rows.push(row)
        positions.push(row.position)
        mem.eventIds.add(row.eventId)
      }
      mem.streams.set(stream, positions)
      mem.heads.set(stream, { version: head.version + stored.length, hash: prevHash })
      const result: EventStore.AppendResult = {
        stream,
        nextExpectedVersion: head.version + stored.length,
        firstPosition,
        lastPosition: firstPosition + stored.length - 1,
        replayed: false
      }
      if (key !== undefined) mem.idempotency.set(key, { request, result })
      return Effect.succeed(result)
    })

  const append: EventStore.EventStoreShape["append"] = (stream, expectedVersion, events, opts) =>
    Effect.flatMap(
      EventStore.validateBatch(stream, events),
      (encoded) => write(stream, expectedVersion, encoded, opts?.idempotencyKey)
    )

  const readStream: EventStore.EventStoreShape["readStream"] = (stream, opts) =>
    Effect.sync(() => {
      const from = opts?.fromVersion ?? 1
      return streamRows(stream).filter((e) => e.version >= from)
    })

  const readAll: EventStore.EventStoreShape["readAll"] = (fromPosition = 0, opts) => {
    const batchSize = Math.max(1, opts?.batchSize ?? 500)
    return Stream.paginate(Math.max(0, fromPosition), (after: number) =>
      Effect.sync(() => {
        const page: Array<EventStore.StoredEvent> = []
        let index = after
        while (index < mem.rows.length && page.length < batchSize) {
          const row = mem.rows[index++]
          if (row !== undefined) page.push(row)
        }
        return [page, index < mem.rows.length ? Option.some(index) : Option.none()] as const
      }))
  }

  const verify: EventStore.EventStoreShape["verify"] = () =>
    Effect.sync(() => {
      const verifier = EventStore.makeChainVerifier(EventHash.hashEvent)
      for (const row of mem.rows) {
        if (row === undefined) continue
        const problem = verifier.check(row)
        if (problem) return problem
      }
      return verifier.result(rawHeads())
    })

  const rawHeads = (): ReadonlyArray<EventStore.StreamHead> =>
    Array.from(mem.heads, ([stream, head]) => ({ stream, version: head.version, hash: head.hash }))

  const raw: RawTable = {
    rows: () => mem.rows.filter((row): row is EventStore.StoredEvent => row !== undefined),
    heads: rawHeads,
    update: (position, row) => {
      if (mem.rows[position - 1] !== undefined) mem.rows[position - 1] = { ...row, position }
    },
    delete: (position) => {
      mem.rows[position - 1] = undefined
    }
  }

  return { store: EventStore.EventStore.of({ append, readStream, readAll, verify }), raw }
}

/** Build a fresh, empty store. */
export const make = (options?: { readonly clock?: () => Date }): EventStore.EventStoreShape => build(options).store

/** A layer with a fresh in-memory store per build. */
export const layer = (options?: { readonly clock?: () => Date }): Layer.Layer<EventStore.EventStore> =>
  Layer.sync(EventStore.EventStore, () => make(options))

/** A fresh in-memory store plus its {@link Raw} backdoor, for tests that inspect or tamper with storage. */
export const layerWithRaw = (options?: { readonly clock?: () => Date }): Layer.Layer<EventStore.EventStore | Raw> =>
  Layer.effectContext(Effect.sync(() => {
    const { raw, store } = build(options)
    return Context.make(EventStore.EventStore, store).pipe(Context.add(Raw, raw))
  }))
