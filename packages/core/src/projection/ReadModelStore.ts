/**
 * The read-model store port: where projections keep their documents and checkpoints (AUD-1,
 * read side). Read models live in the same database as the events, in their own tables.
 *
 * The contract every adapter keeps (the testkit's `ProjectionConformance` suite checks it):
 * - {@link ReadModelStoreShape.commit} stores a batch's document changes **and** moves the
 *   checkpoint in one transaction, and only if the checkpoint is still where the runner read
 *   it (compare-and-set): two runners can never both apply the same events, and a crash leaves
 *   either the whole batch with its checkpoint or neither;
 * - {@link ReadModelStoreShape.reset} deletes a projection's documents and checkpoint at once
 *   (rebuild from zero);
 * - a lease ({@link ReadModelStoreShape.acquire}) lets one runner at a time work on a
 *   projection; a runner that dies loses it when its time runs out.
 *
 * {@link makeMemory} is the reference implementation.
 *
 * @module
 */
import { Context, Effect, Schema } from "effect"
import type { Doc } from "./Projection.ts"
import type { Change } from "./Projection.ts"

/** Where a projection stands: the last feed position applied, and the projection version. */
export interface Checkpoint {
  readonly position: number
  readonly version: number
}

/** One stored document. */
export interface Entry {
  readonly key: string
  readonly doc: Doc
}

/**
 * A page of documents in key order, filtered on top-level fields of the document:
 * `{ field: "status", in: ["open"] }` keeps documents whose `status` is one of the values; when the
 * field holds an array, documents where any element is one of the values.
 */
export interface ListQuery {
  readonly where?: ReadonlyArray<{ readonly field: string; readonly in: ReadonlyArray<string | number> }> | undefined
  /** Keyset paging: only keys after this one. */
  readonly after?: string | undefined
  readonly limit: number
}

/** What went wrong, as a tagged reason. */
export type Reason =
  /** The checkpoint moved since it was read: another runner applied events; nothing was written. */
  | "checkpoint-moved"
  /** Another runner holds the projection's lease. */
  | "busy"
  /** The database could not be reached, or a lock or timeout stopped the write; retry. */
  | "unavailable"
  /** A stored document could not be read. */
  | "corrupt"
  /** The query was refused before touching storage (bad field name, limit). */
  | "invalid"

/** The one error of the port. Messages name projections, keys and positions, never document content (AUD-2). */
export class ReadModelError extends Schema.TaggedError<ReadModelError>("@kitakami-juso/core/ReadModelStore/ReadModelError")(
  "ReadModelError",
  { reason: Schema.Literals(["checkpoint-moved", "busy", "unavailable", "corrupt", "invalid"]), message: Schema.String }
) {
  get isRetryable(): boolean {
    return this.reason === "unavailable" || this.reason === "checkpoint-moved" || this.reason === "busy"
  }
}

/** A batch to commit: the changes, and the checkpoint move `from` → `to`. */
export interface Commit {
  readonly from: number
  readonly to: number
  readonly version: number
  readonly changes: ReadonlyArray<Change>
}

/** The read-model store port. */
export interface ReadModelStoreShape {
  /** The projection's checkpoint (`undefined`: never run). */
  readonly checkpoint: (projection: string) => Effect.Effect<Checkpoint | undefined, ReadModelError>
  /** The stored documents of these keys (absent keys have none). */
  readonly load: (projection: string, keys: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, Doc>, ReadModelError>
  /** Store the changes and move the checkpoint from `from` to `to`, atomically; `checkpoint-moved` when it is not at `from`. */
  readonly commit: (projection: string, batch: Commit) => Effect.Effect<void, ReadModelError>
  /** Delete the projection's documents and checkpoint, atomically (rebuild from zero). */
  readonly reset: (projection: string) => Effect.Effect<void, ReadModelError>
  /** One page of documents in key order. */
  readonly list: (projection: string, query: ListQuery) => Effect.Effect<ReadonlyArray<Entry>, ReadModelError>
  /** Take or renew the lease for `owner` for `ttlMillis`; false when another owner holds it. */
  readonly acquire: (projection: string, owner: string, ttlMillis: number) => Effect.Effect<boolean, ReadModelError>
  /** Give the lease up (no-op when `owner` does not hold it). */
  readonly release: (projection: string, owner: string) => Effect.Effect<void, ReadModelError>
}

/** The read-model store service key. */
export class ReadModelStore extends Context.Service<ReadModelStore, ReadModelStoreShape>()("@kitakami-juso/core/ReadModelStore") {}

/** A field name a {@link ListQuery} may filter on: a plain identifier (it is spliced into SQL paths). */
export const FIELD = /^[A-Za-z][A-Za-z0-9]{0,63}$/

/** Refuse a query before it touches storage: unknown field syntax, limit outside 1…1000. */
export const validateQuery = (query: ListQuery): ReadModelError | undefined => {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 1000) {
    return new ReadModelError({ reason: "invalid", message: "limit must be an integer from 1 to 1000" })
  }
  for (const w of query.where ?? []) {
    if (!FIELD.test(w.field)) return new ReadModelError({ reason: "invalid", message: "a filter field must be a plain identifier" })
  }
  return undefined
}

/** Whether a document matches a query's filters (the memory store's reading of {@link ListQuery}). */
export const matches = (doc: Doc, query: ListQuery): boolean => {
  for (const w of query.where ?? []) {
    const value = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>)[w.field] : undefined
    const values: ReadonlyArray<unknown> = Array.isArray(value) ? value : [value]
    if (!w.in.some((v) => values.includes(v))) return false
  }
  return true
}

/** The in-memory reference store (per process; for tests, examples and small tools). */
export const makeMemory = (options?: { readonly now?: () => number }): ReadModelStoreShape => {
  const now = options?.now ?? Date.now
  const docs = new Map<string, Map<string, Doc>>()
  const checkpoints = new Map<string, Checkpoint>()
  const leases = new Map<string, { owner: string; until: number }>()
  const docsOf = (p: string) => {
    let m = docs.get(p)
    if (m === undefined) docs.set(p, m = new Map())
    return m
  }
  return {
    checkpoint: (p) => Effect.sync(() => checkpoints.get(p)),
    load: (p, keys) =>
      Effect.sync(() => {
        const m = docsOf(p)
        const out = new Map<string, Doc>()
        for (const k of keys) {
          const d = m.get(k)
          if (d !== undefined) out.set(k, structuredClone(d))
        }
        return out
      }),
    commit: (p, batch) =>
      Effect.suspend(() => {
        const at = checkpoints.get(p)?.position ?? 0
        if (at !== batch.from) {
          return Effect.fail(new ReadModelError({ reason: "checkpoint-moved", message: `${p}: checkpoint is at ${at}, not ${batch.from}` }))
        }
        const m = docsOf(p)
        for (const c of batch.changes) {
          if (c.doc === null) m.delete(c.key)
          else m.set(c.key, structuredClone(c.doc))
        }
        checkpoints.set(p, { position: batch.to, version: batch.version })
        return Effect.void
      }),
    reset: (p) =>
      Effect.sync(() => {
        docs.delete(p)
        checkpoints.delete(p)
      }),
    list: (p, query) =>
      Effect.suspend(() => {
        const invalid = validateQuery(query)
        if (invalid !== undefined) return Effect.fail(invalid)
        const keys = [...docsOf(p).keys()].filter((k) => query.after === undefined || k > query.after).sort()
        const out: Array<Entry> = []
        for (const key of keys) {
          if (out.length >= query.limit) break
          const doc = docsOf(p).get(key)!
          if (matches(doc, query)) out.push({ key, doc: structuredClone(doc) })
        }
        return Effect.succeed(out)
      }),
    acquire: (p, owner, ttl) =>
      Effect.sync(() => {
        const held = leases.get(p)
        if (held !== undefined && held.owner !== owner && held.until > now()) return false
        leases.set(p, { owner, until: now() + ttl })
        return true
      }),
    release: (p, owner) =>
      Effect.sync(() => {
        if (leases.get(p)?.owner === owner) leases.delete(p)
      })
  }
}
