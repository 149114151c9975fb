/**
 * The folded states of the streams decisions read, kept between commands (PLN-9, AUD-1, AUD-3).
 *
 * A decision needs the state of its own stream and of the streams its rules consult (the
 * support-meeting register, referenced cases and meetings). Reading and decoding each of them
 * whole for every command costs more than the decision and the append together, so the command
 * handler keeps, per stream, the state as of a version it read and brings it up to date on each
 * use with ONE read of the events after that version (`readStream(stream, { fromVersion })`),
 * decoding and folding only those.
 *
 * Why this never decides on stale state, even with other writers (other processes, other
 * connections) on the same SQLite or PostgreSQL store:
 * - Every use reads the store. The state handed to a decision is the cached fold plus every
 *   event stored after it at the moment of the read — exactly what reading the whole stream then
 *   would give, since streams are append-only and `evolve` is pure (AUD-1). So a stream a
 *   decision reads but does not write (the register for a meeting's membership, a meeting for a
 *   tabled case) is as fresh as without the cache; the own stream is as fresh too, and the
 *   append's expected version still catches a writer that lands between the read and the write.
 * - The read starts AT the cached version, not after it: the store must still hold the cached
 *   event there — same id (unique store-wide), and the same hash where the entry was read (hashes
 *   chain every earlier event, AUD-1). A mismatch (a read inside a transaction that was later
 *   rolled back, a store restored from a backup) drops the entry and reads the stream whole.
 * - Besides what reads return, an entry takes only the events of this handler's own append that
 *   the store accepted at exactly the entry's version ({@link StreamStates.recorded}), so the
 *   next command need not decode them again; the next read checks the store holds the last of
 *   them (by id) before folding anything onto it, so an append that did not stay is never used.
 * - The handler drops a command's entries on any failure (a version conflict, a store error, a
 *   refusal), so a retry starts from a whole read; entries are replaced, never mutated, so
 *   concurrent fibers each see a consistent (version, state, command ids) triple.
 * - The cache is bounded (least recently used streams are dropped first); size 0 disables it.
 *
 * Each entry also keeps the command ids (and their content hashes) stored in the stream, so the
 * idempotency check (AUD-1: a command id is recorded once) needs no extra read.
 *
 * @module
 */
import { Effect, Predicate, Result } from "effect"
import type * as Aggregate from "./Aggregate.ts"
import * as Aggregates from "./Aggregates.ts"
import * as DomainEvent from "./DomainEvent.ts"
import * as EventStore from "./EventStore.ts"

/** A stream's state as `aggregate` folds it, as of a stored version. */
export interface Entry<S = unknown> {
  /** The version the state is at (0: the stream has no events). */
  readonly version: number
  /** The id of the event at `version` ("" at 0): the next read checks the store still holds it there. */
  readonly eventId: string
  /** Its stored hash, when this entry was read (not known for events this handler appended; see {@link recorded}). */
  readonly hash: string | undefined
  /** The folded state at `version`. */
  readonly state: S
  /** Command id → command hash, for every event of the stream up to `version` (AUD-1 idempotency). */
  readonly commands: ReadonlyMap<string, string | undefined>
}

/** The default number of streams kept (least recently used dropped first). */
export const DEFAULT_SIZE = 4096

/** The command id and command hash a stored event's metadata carries (`CommandHandler.Metadata`). */
export const metadataOf = (e: { readonly metadata: unknown }): { readonly commandId?: string; readonly commandHash?: string } => {
  const m: unknown = e.metadata
  if (!Predicate.isObject(m)) return {}
  const commandId = Predicate.hasProperty(m, "commandId") && typeof m.commandId === "string" ? m.commandId : undefined
  const commandHash = Predicate.hasProperty(m, "commandHash") && typeof m.commandHash === "string" ? m.commandHash : undefined
  return { ...(commandId !== undefined ? { commandId } : {}), ...(commandHash !== undefined ? { commandHash } : {}) }
}

const extend = <A extends Aggregate.Any>(
  aggregate: A,
  base: Entry<A["initialState"]>,
  rows: ReadonlyArray<EventStore.StoredEvent>
): Result.Result<Entry<A["initialState"]>, DomainEvent.UndecodableEvent> | undefined => {
  if (rows.length === 0) return Result.succeed(base)
  const events = new Array<DomainEvent.DomainEvent>(rows.length)
  const commands = new Map(base.commands)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    if (row.version !== base.version + i + 1) return undefined
    const decoded = DomainEvent.decodeStored(row)
    if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
    events[i] = decoded.success
    const m = metadataOf(row)
    if (m.commandId !== undefined && !commands.has(m.commandId)) commands.set(m.commandId, m.commandHash)
  }
  const last = rows[rows.length - 1]!
  return Result.succeed({
    version: last.version,
    eventId: last.eventId,
    hash: last.hash,
    state: Aggregates.foldOnto(aggregate, base.state, events),
    commands
  })
}

/**
 * True when `row` (the stored event at the entry's version, read just now) is the event the
 * entry was folded up to: same version and id, and the same hash where the entry read one
 * (hashes chain every earlier event, AUD-1). Event ids are unique store-wide.
 */
const anchored = (entry: Entry, row: EventStore.StoredEvent | undefined): boolean =>
  row !== undefined && row.version === entry.version && row.eventId === entry.eventId &&
  (entry.hash === undefined || row.hash === entry.hash)

/** The states of streams, brought up to date from the store on every use (see the module notes). */
export interface StreamStates {
  /** The state of `stream` as `aggregate` folds it, as stored now. */
  readonly current: <A extends Aggregate.Any>(
    aggregate: A,
    stream: string
  ) => Effect.Effect<Entry<A["initialState"]>, DomainEvent.UndecodableEvent | EventStore.EventStoreError>
  /**
   * Keep `base` continued by the events this handler has just appended after it (a fresh append
   * at `base.version`, not a replay): the next use checks the store holds the last of them at
   * `version` before trusting it, so an append that was not kept (a caller's transaction rolled
   * back) is never used.
   */
  readonly recorded: <A extends Aggregate.Any>(
    aggregate: A,
    stream: string,
    base: Entry<A["initialState"]>,
    append: {
      readonly version: number
      readonly events: ReadonlyArray<DomainEvent.DomainEvent>
      readonly commandId: string
      readonly commandHash: string
    }
  ) => void
  /** Drop what is kept for `stream` (its next use reads it whole). */
  readonly forget: (stream: string) => void
  /** How many streams are kept now. */
  readonly size: () => number
}

/** Keep the states of at most `size` streams read through `store` (0: keep none, read every stream whole on every use). */
export const make = (store: EventStore.EventStoreShape, size: number = DEFAULT_SIZE): StreamStates => {
  const limit = Math.max(0, Math.floor(size))
  // Least recently used first: a use moves the stream to the end.
  const kept = new Map<string, Map<Aggregate.Any, Entry>>()

  const remember = (stream: string, aggregate: Aggregate.Any, entry: Entry): void => {
    if (limit === 0) return
    const byAggregate = kept.get(stream) ?? new Map<Aggregate.Any, Entry>()
    kept.delete(stream)
    while (kept.size >= limit) kept.delete(kept.keys().next().value!)
    byAggregate.set(aggregate, entry)
    kept.set(stream, byAggregate)
  }

  const empty = <A extends Aggregate.Any>(aggregate: A): Entry<A["initialState"]> => ({
    version: 0,
    eventId: "",
    hash: "",
    state: aggregate.initialState,
    commands: new Map()
  })

  const whole = <A extends Aggregate.Any>(
    aggregate: A,
    stream: string
  ): Effect.Effect<Entry<A["initialState"]>, DomainEvent.UndecodableEvent | EventStore.EventStoreError> =>
    Effect.flatMap(store.readStream(stream), (rows): Effect.Effect<Entry<A["initialState"]>, DomainEvent.UndecodableEvent | EventStore.EventStoreError> => {
      const read = extend(aggregate, empty(aggregate), rows)
      if (read === undefined) {
        return EventStore.fail(new EventStore.Corrupt({ message: `the store returned stream ${stream} out of version order` }))
      }
      if (Result.isSuccess(read)) remember(stream, aggregate, read.success)
      return Effect.fromResult(read)
    })

  const current = <A extends Aggregate.Any>(
    aggregate: A,
    stream: string
  ): Effect.Effect<Entry<A["initialState"]>, DomainEvent.UndecodableEvent | EventStore.EventStoreError> => {
    const known = kept.get(stream)?.get(aggregate) as Entry<A["initialState"]> | undefined
    if (known === undefined) return whole(aggregate, stream)
    // Read from the cached version itself: the store must still hold the cached event there.
    return Effect.flatMap(store.readStream(stream, { fromVersion: Math.max(1, known.version) }), (rows) => {
      const next = known.version === 0 ? extend(aggregate, known, rows) : anchored(known, rows[0]) ? extend(aggregate, known, rows.slice(1)) : undefined
      if (next === undefined) {
        forget(stream)
        return whole(aggregate, stream)
      }
      if (Result.isSuccess(next)) remember(stream, aggregate, next.success.hash === undefined ? { ...next.success, hash: rows[0]!.hash } : next.success)
      else forget(stream)
      return Effect.fromResult(next)
    })
  }

  const recorded: StreamStates["recorded"] = (aggregate, stream, base, append) => {
    const last = append.events.at(-1)
    if (last === undefined || append.version !== base.version + append.events.length) return forget(stream)
    const commands = new Map(base.commands)
    if (!commands.has(append.commandId)) commands.set(append.commandId, append.commandHash)
    remember(stream, aggregate, {
      version: append.version,
      eventId: last.eventId,
      hash: undefined,
      state: Aggregates.foldOnto(aggregate, base.state, append.events),
      commands
    })
  }

  const forget = (stream: string): void => {
    kept.delete(stream)
  }

  return { current, recorded, forget, size: () => kept.size }
}
