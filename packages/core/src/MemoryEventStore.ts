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
import * as ChainVerifier from "./ChainVerifier.ts"
import * as EventBatch from "./EventBatch.ts"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"

/** Options of {@link make} and the layers. */
export interface Options {
  readonly clock?: (() => Date) | undefined
  /** The chain key (AUD-1); without it the chain is unkeyed SHA-256. */
  readonly chainKey?: EventHash.ChainKey | undefined
}

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
  /** Store a row as given at its position: simulates a forged append. */
  readonly insert: (row: EventStore.StoredEvent) => void
  /** Set (or with `undefined` remove) a stream's recorded head: simulates editing the heads. */
  readonly setHead: (stream: string, head: { readonly version: number; readonly hash: string } | undefined) => void
}

/** The raw backdoor of a store built by {@link layerWithRaw}. */
export class Raw extends Context.Service<Raw, RawTable>()("@kitakami-juso/core/MemoryEventStore/Raw") {}

const build = (options?: Options) => {
  const clock = options?.clock ?? (() => new Date())
  const digest = EventHash.digestFor(options?.chainKey)
  const mem: Memory = { rows: [], streams: new Map(), heads: new Map(), eventIds: new Set(), idempotency: new Map() }

  const streamRows = (stream: string): Array<EventStore.StoredEvent> => {
    const out: Array<EventStore.StoredEvent> = []
    for (const position of mem.streams.get(stream) ?? []) {
      const row = mem.rows[position - 1]
      if (row !== undefined) out.push(row)
    }
    return out
  }

  // What one append will write, decided against the current state (nothing written yet).
  type Planned = { readonly rows: ReadonlyArray<EventStore.StoredEvent>; readonly result: EventStore.AppendResult }
  const plan = (
    stream: string,
    expectedVersion: EventStore.ExpectedVersion,
    encoded: ReadonlyArray<EventBatch.EncodedEvent>,
    firstPosition: number,
    recordedAt: string
  ): Planned | EventStore.EventStoreErrorReason => {
    const head = mem.heads.get(stream) ?? { version: 0, hash: "" }
    const conflict = EventBatch.versionConflict(stream, expectedVersion, head.version)
    if (conflict !== undefined) return conflict
    for (const e of encoded) {
      if (mem.eventIds.has(e.eventId)) {
        return new EventStore.DuplicateEvent({ message: `event ${e.eventId} already stored`, eventId: e.eventId })
      }
    }
    let prevHash = head.hash
    const rows: Array<EventStore.StoredEvent> = []
    for (const e of encoded) {
      const version = head.version + rows.length + 1
      const hash = EventHash.hashEncoded(prevHash, { ...e, stream, version, recordedAt }, digest)
      rows.push({
        stream,
        version,
        position: firstPosition + rows.length,
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
    const result: EventStore.AppendResult = {
      stream,
      nextExpectedVersion: head.version + rows.length,
      firstPosition,
      lastPosition: firstPosition + rows.length - 1,
      replayed: false
    }
    return { rows, result }
  }

  const commit = (planned: Planned): void => {
    const positions = mem.streams.get(planned.result.stream) ?? []
    for (const row of planned.rows) {
      mem.rows.push(row)
      positions.push(row.position)
      mem.eventIds.add(row.eventId)
    }
    mem.streams.set(planned.result.stream, positions)
    const last = planned.rows.at(-1)!
    mem.heads.set(planned.result.stream, { version: last.version, hash: last.hash })
  }

  // Each write runs inside one synchronous callback: no other fiber can interleave between
  // the version check and the write, so appends are atomic.
  const write = (
    stream: string,
    expectedVersion: EventStore.ExpectedVersion,
    encoded: ReadonlyArray<EventBatch.EncodedEvent>,
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
      const planned = plan(stream, expectedVersion, encoded, mem.rows.length + 1, clock().toISOString())
      if (!("rows" in planned)) return EventStore.fail(planned)
      commit(planned)
      if (key !== undefined) mem.idempotency.set(key, { request, result: planned.result })
      return Effect.succeed(planned.result)
    })

  const append: EventStore.EventStoreShape["append"] = (stream, expectedVersion, events, opts) =>
    Effect.flatMap(
      EventBatch.validateBatch(stream, events),
      (encoded) => write(stream, expectedVersion, encoded, opts?.idempotencyKey)
    )

  // Every append planned against the state before any is committed: all or nothing.
  const appendMany: NonNullable<EventStore.EventStoreShape["appendMany"]> = (appends) =>
    Effect.flatMap(EventBatch.validateMany(appends), (encoded) =>
      Effect.suspend(() => {
        const recordedAt = clock().toISOString()
        const plans: Array<Planned> = []
        let position = mem.rows.length + 1
        for (const a of encoded) {
          const planned = plan(a.stream, a.expectedVersion, a.events, position, recordedAt)
          if (!("rows" in planned)) return EventStore.fail(planned)
          plans.push(planned)
          position += planned.rows.length
        }
        for (const planned of plans) commit(planned)
        return Effect.succeed(plans.map((p) => p.result))
      }))

  const readStream: EventStore.EventStoreShape["readStream"] = (stream, opts) =>
    Effect.sync(() => {
      const from = opts?.fromVersion ?? 1
      return streamRows(stream).filter((e) => e.version >= from)
    })

  const readAll: EventStore.EventStoreShape["readAll"] = (fromPosition = 0, opts) => {
    const batchSize = Math.max(1, opts?.batchSize ?? 500)
    const types = opts?.types === undefined ? undefined : new Set(opts.types)
    return Stream.paginate(Math.max(0, fromPosition), (after: number) =>
      Effect.sync(() => {
        const page: Array<EventStore.StoredEvent> = []
        let index = after
        // The `types` hint: other events are left out, except the last one (the feed's reach).
        let last = mem.rows.length - 1
        while (last >= 0 && mem.rows[last] === undefined) last--
        while (index < mem.rows.length && page.length < batchSize) {
          const row = mem.rows[index++]
          if (row !== undefined && (types === undefined || types.has(row.type) || index - 1 === last)) page.push(row)
        }
        return [page, index < mem.rows.length ? Option.some(index) : Option.none()] as const
      }))
  }

  const verify: EventStore.EventStoreShape["verify"] = (opts) =>
    Effect.sync(() => {
      const verifier = ChainVerifier.make({ digest, since: opts?.since })
      for (const row of mem.rows) {
        if (row === undefined) continue
        const problem = verifier.check(row)
        if (problem) return problem
      }
      return verifier.result(rawHeads())
    })

  // Positions are handed out one after another as appends commit (`mem.rows.length + 1`).
  const tip: EventStore.EventStoreShape["tip"] = Effect.sync(() => {
    for (let i = mem.rows.length - 1; i >= 0; i--) {
      const row = mem.rows[i]
      if (row !== undefined) return { position: row.position, eventId: row.eventId, hash: row.hash }
    }
    return { position: 0, eventId: "", hash: "" }
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
    },
    insert: (row) => {
      for (let i = mem.rows.length; i < row.position - 1; i++) mem.rows[i] = undefined
      mem.rows[row.position - 1] = row
      mem.streams.set(row.stream, [...(mem.streams.get(row.stream) ?? []), row.position])
    },
    setHead: (stream, head) => {
      if (head === undefined) mem.heads.delete(stream)
      else mem.heads.set(stream, { version: head.version, hash: head.hash })
    }
  }

  return { store: EventStore.EventStore.of({ append, appendMany, readStream, readAll, verify, tip }), raw }
}

/** Build a fresh, empty store. */
export const make = (options?: Options): EventStore.EventStoreShape => build(options).store

/** A layer with a fresh in-memory store per build. */
export const layer = (options?: Options): Layer.Layer<EventStore.EventStore> =>
  Layer.sync(EventStore.EventStore, () => make(options))

/** A fresh in-memory store plus its {@link Raw} backdoor, for tests that inspect or tamper with storage. */
export const layerWithRaw = (options?: Options): Layer.Layer<EventStore.EventStore | Raw> =>
  Layer.effectContext(Effect.sync(() => {
    const { raw, store } = build(options)
    return Context.make(EventStore.EventStore, store).pipe(Context.add(Raw, raw))
  }))
