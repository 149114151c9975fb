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
 * Skipping the read where the store offers its tip ({@link EventStore.EventStoreShape.tip}: the
 * last event committed — position, id and hash — on stores whose positions are handed out one
 * after another in commit order: memory and SQLite, not PostgreSQL, whose lower positions can
 * become visible later). A command reads the tip once, before any stream; an entry known
 * current at exactly that tip is used without a read. The steps that make an entry "known
 * current at tip T" — its state is the stream as stored when the tip was T:
 * - Only after this handler's own append, and only when the append's `firstPosition` is the
 *   command's starting tip plus one and the tip read right after the append is the append's
 *   last event. Positions are taken one after another, so nothing else was committed between
 *   the starting tip and the append: what the command read (after reading the tip) is the state
 *   at the starting tip, and with its own append (one stream) the state at the new tip. Those
 *   entries, and every entry known current at the starting tip, are then known current at the
 *   new tip (one shared epoch moved in place), except the appended stream's other folds.
 * - Seeing the same tip again (same position, id AND hash) shows nothing was committed since.
 *   The hash matters: event ids come from command ids, so after a rollback or a restore the
 *   same event can be stored again at the same position; its hash (which covers the time it
 *   was recorded, AUD-1) tells the two apart. Any other tip (moved on, or gone back) is not a
 *   match, and the entry is read and anchored as above.
 * - No tip inside a caller's transaction (the store answers `undefined`): what it wrote may
 *   still roll back, so nothing read or appended there becomes known current, and entries are
 *   read as above. A rolled-back transaction leaves the tip where it was, and the entries known
 *   current there are still exactly the stored state.
 * - Concurrent fibers: an entry is marked only if it is still the very entry the command used
 *   (never whatever another fiber put there since), and a slower fiber's older read replaces a
 *   marked entry only unmarked. A failed tip read after the append marks nothing.
 * Without a tip every use reads, as described above.
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

/** A stream's kept entry, and the tip of the store it is known current at (see the module notes). */
interface Kept {
  readonly entry: Entry
  /** Current while the store's tip is `epoch.tip` (undefined: unknown, the next use reads). */
  readonly epoch: Epoch | undefined
}

/** A tip that entries are known current at; moved forward in place past this handler's own appends. */
interface Epoch {
  tip: EventStore.Tip
}

const sameTip = (a: EventStore.Tip, b: EventStore.Tip): boolean =>
  a.position === b.position && a.eventId === b.eventId && a.hash === b.hash

/** One stream state a command used: which aggregate folded which stream, and the entry it got. */
export type Use = readonly [aggregate: Aggregate.Any, stream: string, entry: Entry]

/** The states of streams, brought up to date from the store on every use (see the module notes). */
export interface StreamStates {
  /**
   * The store's tip now, read once at the start of a command (`undefined` when the store does
   * not offer {@link EventStore.EventStoreShape.tip} or cannot tell now: every use then reads).
   */
  readonly tip: Effect.Effect<EventStore.Tip | undefined, EventStore.EventStoreError>
  /**
   * The state of `stream` as `aggregate` folds it, as stored now. Given the `tip` read at the
   * start of this command, an entry known current at that very tip is returned without a read.
   */
  readonly current: <A extends Aggregate.Any>(
    aggregate: A,
    stream: string,
    tip?: EventStore.Tip | undefined
  ) => Effect.Effect<Entry<A["initialState"]>, DomainEvent.UndecodableEvent | EventStore.EventStoreError>
  /**
   * Keep `base` continued by the events this handler has just appended after it (a fresh append
   * at `base.version`, not a replay): the next use checks the store holds the last of them at
   * `version` before trusting it, so an append that was not kept (a caller's transaction rolled
   * back) is never used. Returns the entry kept (undefined when none is).
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
  ) => Entry<A["initialState"]> | undefined
  /**
   * After this handler's append (`result`, whose last event is `lastEventId`) in a command that
   * began at `before` and used `own` (the entry {@link recorded} kept) and `others`: when the
   * append took the very next position after `before` and the store's tip, read now, is the
   * append's last event, those entries and every entry known current at `before` (except the
   * appended stream's) are known current at that new tip. Otherwise nothing changes. Never
   * fails (the append has landed; a failed tip read only means the next use reads).
   */
  readonly settle: (
    before: EventStore.Tip,
    result: EventStore.AppendResult,
    lastEventId: string,
    own: Use | undefined,
    others: ReadonlyArray<Use>
  ) => Effect.Effect<void>
  /** Drop what is kept for `stream` (its next use reads it whole). */
  readonly forget: (stream: string) => void
  /** How many streams are kept now. */
  readonly size: () => number
}

/** Keep the states of at most `size` streams read through `store` (0: keep none, read every stream whole on every use). */
export const make = (store: EventStore.EventStoreShape, size: number = DEFAULT_SIZE): StreamStates => {
  const limit = Math.max(0, Math.floor(size))
  // Least recently used first: a use moves the stream to the end.
  const kept = new Map<string, Map<Aggregate.Any, Kept>>()
  // The newest tip entries were settled at; moved in place while only this handler appends.
  let epoch: Epoch | undefined

  const remember = (stream: string, aggregate: Aggregate.Any, entry: Entry, at: Epoch | undefined = undefined): void => {
    if (limit === 0) return
    const byAggregate = kept.get(stream) ?? new Map<Aggregate.Any, Kept>()
    kept.delete(stream)
    while (kept.size >= limit) kept.delete(kept.keys().next().value!)
    byAggregate.set(aggregate, { entry, epoch: at })
    kept.set(stream, byAggregate)
  }

  const empty = <A extends Aggregate.Any>(aggregate: A): Entry<A["initialState"]> => ({
    version: 0,
    eventId: "",
    hash: "",
    state: aggregate.initialState,
    commands: new Map()
  })

  const tip: StreamStates["tip"] = store.tip ?? Effect.succeed(undefined)

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
    stream: string,
    at?: EventStore.Tip | undefined
  ): Effect.Effect<Entry<A["initialState"]>, DomainEvent.UndecodableEvent | EventStore.EventStoreError> => {
    const slot = kept.get(stream)?.get(aggregate)
    if (slot === undefined) return whole(aggregate, stream)
    const known = slot.entry as Entry<A["initialState"]>
    // Known current at the tip this command began at: nothing was written since (module notes).
    if (at !== undefined && slot.epoch !== undefined && sameTip(slot.epoch.tip, at)) {
      remember(stream, aggregate, known, slot.epoch)
      return Effect.succeed(known)
    }
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
    if (last === undefined || append.version !== base.version + append.events.length) return void forget(stream)
    const commands = new Map(base.commands)
    if (!commands.has(append.commandId)) commands.set(append.commandId, append.commandHash)
    const entry: Entry<typeof base.state> = {
      version: append.version,
      eventId: last.eventId,
      hash: undefined,
      state: Aggregates.foldOnto(aggregate, base.state, append.events),
      commands
    }
    remember(stream, aggregate, entry)
    return limit === 0 ? undefined : entry
  }

  const settle: StreamStates["settle"] = (before, result, lastEventId, own, others) => {
    if (limit === 0 || store.tip === undefined || result.replayed || result.firstPosition !== before.position + 1) return Effect.void
    return store.tip.pipe(
      Effect.map((now) => {
        // Someone wrote after the append (or the tip is not the append's): nothing is known.
        if (now === undefined || now.position !== result.lastPosition || now.eventId !== lastEventId) return
        // The positions from `before` to `now` are all this append's, to `result.stream` only:
        // what was current at `before` elsewhere is current at `now`. Moving the epoch in place
        // moves every entry settled at `before` at once.
        if (epoch !== undefined && sameTip(epoch.tip, before)) epoch.tip = now
        else epoch = { tip: now }
        const at = epoch
        // The appended stream's other folds were read before the append: no longer current.
        for (const [aggregate, slot] of kept.get(result.stream) ?? []) {
          if (slot.epoch !== undefined && (own === undefined || aggregate !== own[0])) {
            kept.get(result.stream)!.set(aggregate, { entry: slot.entry, epoch: undefined })
          }
        }
        // What this command read (after `before`, before its append) is the state at `before`.
        const settled = (use: Use): void => {
          const [aggregate, stream, entry] = use
          const slot = kept.get(stream)?.get(aggregate)
          if (slot !== undefined && slot.entry === entry) kept.get(stream)!.set(aggregate, { entry, epoch: at })
        }
        if (own !== undefined && own[1] === result.stream) settled(own)
        for (const use of others) if (use[1] !== result.stream) settled(use)
      }),
      Effect.ignore
    )
  }

  const forget = (stream: string): void => {
    kept.delete(stream)
  }

  return { tip, current, recorded, settle, forget, size: () => kept.size }
}
