/**
 * A projection: a pure fold of domain events into keyed read-model documents (the read side of
 * AUD-1; every read model can be rebuilt from the append-only history).
 *
 * A projection names the event `_tag`s it reads ({@link Projection.handles}), says which documents
 * an event touches ({@link Projection.keysOf}) and how a document changes ({@link Projection.evolve}).
 * Documents are plain JSON so every read-model store (memory, SQLite, PostgreSQL, a vendor's) can
 * keep them; a document evolved to `undefined` is deleted. Nothing here does I/O: the runner
 * (`ProjectionRunner`) loads the touched documents, calls {@link applyBatch} and stores the
 * changes together with the checkpoint.
 *
 * @module
 */
import type { Schema } from "effect"
import type { DomainEvent } from "../index.ts"

/** A read-model document: plain JSON. */
export type Doc = Schema.Json

/** A projection over domain events into documents keyed by string. */
export interface Projection {
  /** Unique name; also the checkpoint's key. */
  readonly name: string
  /** Bump when `evolve` changes: a stored read model of another version must be rebuilt. */
  readonly version: number
  /** The event `_tag`s it reads; the runner asks the store for these only (`readAll`'s `types` hint) and skips (does not decode) any other event. */
  readonly handles: ReadonlySet<string>
  /** The documents an event changes. */
  readonly keysOf: (event: DomainEvent.DomainEvent) => ReadonlyArray<string>
  /** The document after the event (`undefined`: delete it). Pure. */
  readonly evolve: (doc: Doc | undefined, event: DomainEvent.DomainEvent, key: string) => Doc | undefined
  /**
   * Optional: a whole batch's changes at once, for projections where one pass over the batch is
   * much cheaper than an `evolve` per event. It must give what folding `evolve` gives.
   */
  readonly evolveBatch?: ((events: ReadonlyArray<DomainEvent.DomainEvent>, loaded: ReadonlyMap<string, Doc>) => ReadonlyArray<Change>) | undefined
}

/** One document's change: its new content, or `null` to delete it. */
export interface Change {
  readonly key: string
  readonly doc: Doc | null
}

/** The keys a batch touches, in first-touched order, without duplicates. */
export const keysOfBatch = (projection: Projection, events: Iterable<DomainEvent.DomainEvent>): ReadonlyArray<string> => {
  const keys = new Set<string>()
  for (const e of events) for (const k of projection.keysOf(e)) keys.add(k)
  return [...keys]
}

/**
 * Fold a batch of events (in feed order) over the documents they touch, given their stored
 * content (`loaded`; absent keys have no document yet). Returns one change per touched key.
 */
export const applyBatch = (
  projection: Projection,
  events: ReadonlyArray<DomainEvent.DomainEvent>,
  loaded: ReadonlyMap<string, Doc>
): ReadonlyArray<Change> => {
  if (projection.evolveBatch !== undefined) return projection.evolveBatch(events, loaded)
  const docs = new Map<string, Doc | undefined>()
  for (const e of events) {
    for (const key of projection.keysOf(e)) {
      const before = docs.has(key) ? docs.get(key) : loaded.get(key)
      docs.set(key, projection.evolve(before, e, key))
    }
  }
  return [...docs].map(([key, doc]) => ({ key, doc: doc === undefined ? null : doc }))
}

/** Fold every event from nothing: the read model a rebuild from zero gives (for tests and small stores). */
export const fold = (projection: Projection, events: Iterable<DomainEvent.DomainEvent>): ReadonlyMap<string, Doc> => {
  const handled = [...events].filter((e) => projection.handles.has(e._tag))
  const out = new Map<string, Doc>()
  for (const c of applyBatch(projection, handled, new Map())) if (c.doc !== null) out.set(c.key, c.doc)
  return out
}
