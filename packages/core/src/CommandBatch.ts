/**
 * All-or-nothing batches of commands (PLN-9, AUD-2): every command of a batch is decided, in order,
 * against the stored history plus the events the earlier commands of the batch add; then all the
 * events of the batch are recorded in ONE atomic multi-stream append (`appendMany`), each stream
 * with the version it was read at. Either every command is recorded or none is — whatever fails:
 * a refused command, an event over a store limit, a concurrent writer, a killed process.
 *
 * A command whose id is already stored is a replay and is skipped, so running the same batch twice
 * records it once. When a concurrent writer changes one of the batch's streams between reading and
 * writing, the whole batch is decided again (jittered backoff, within a time budget). Errors name
 * the command's index and id, never its content.
 *
 * A store without `appendMany` records a batch only when all of it lands in one stream; a batch
 * over {@link EventStore.MAX_BATCH} events is refused before anything is written (split it).
 *
 * @module
 */
import { Clock, Effect, Result, Schema } from "effect"
import type * as Catalog from "./Catalog.ts"
import * as Command from "./Command.ts"
import * as CommandHandler from "./CommandHandler.ts"
import * as DomainEvent from "./DomainEvent.ts"
import * as Edition from "./Edition.ts"
import * as EventStore from "./EventStore.ts"

/** The batch was refused: nothing was written. `index` is the 0-based position of the command. */
export class BatchRefused extends Schema.TaggedError<BatchRefused>("@kitakami-juso/core/CommandBatch/BatchRefused")("BatchRefused", {
  message: Schema.String,
  index: Schema.Number,
  commandId: Schema.optional(Schema.String),
  rule: Schema.optional(Schema.String),
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {}

/** What recording a batch did. */
export interface Applied {
  readonly recorded: number
  readonly replayed: number
  readonly events: number
}

/** Decode untrusted JSON (already parsed) as a batch: an array of commands. */
export const decodeBatch = (input: unknown): Result.Result<ReadonlyArray<Command.Command>, BatchRefused> => {
  if (!Array.isArray(input)) {
    return Result.fail(new BatchRefused({ message: "a batch is a JSON array of commands", index: -1, issues: [] }))
  }
  const out: Array<Command.Command> = []
  for (let index = 0; index < input.length; index++) {
    const decoded = Command.decode(input[index])
    if (Result.isFailure(decoded)) {
      return Result.fail(
        new BatchRefused({ message: `command ${index}: ${decoded.failure.message}`, index, issues: decoded.failure.issues })
      )
    }
    out.push(decoded.success)
  }
  return Result.succeed(out)
}

/** Where each appended event came from: the command's index and id. */
interface Source {
  readonly index: number
  readonly commandId: string
}

/** One stream of the batch: as read, and what the batch appends to it. */
interface StreamPlan {
  readonly stream: string
  readonly version: number
  readonly events: Array<DomainEvent.DomainEvent>
  readonly commands: Map<string, string | undefined>
  readonly append: Array<EventStore.NewEvent>
  readonly sources: Array<Source>
}

/** The decided batch: the appends to make and what they record. */
export interface Plan {
  readonly appends: ReadonlyArray<EventStore.StreamAppend>
  /** For each append, for each event, the command it came from. */
  readonly sources: ReadonlyArray<ReadonlyArray<Source>>
  readonly recorded: number
  readonly replayed: number
}

/** A refusal naming the command by index and (in parentheses) its tag or id — never its content (AUD-2). */
const refuse = (index: number, commandId: string | undefined, message: string, rule?: string, label: string | undefined = commandId) =>
  new BatchRefused({
    message: `command ${index}${label === undefined ? "" : ` (${label})`} ${message}`,
    index,
    ...(commandId === undefined ? {} : { commandId }),
    ...(rule === undefined ? {} : { rule }),
    issues: []
  })

/** Decide the whole batch against the store without writing (PLN-9): the appends it would make. */
export const plan = Effect.fnUntraced(function*(
  commands: ReadonlyArray<Command.Command>,
  revisions: ReadonlyArray<Catalog.Catalog>,
  onProgress?: ((decided: number, total: number) => void) | undefined,
  clockSkewMillis?: number | undefined
) {
  const store = yield* EventStore.EventStore
  const streams = new Map<string, StreamPlan>()
  const stream = Effect.fnUntraced(function*(id: string) {
    const known = streams.get(id)
    if (known) return known
    const stored = yield* store.readStream(id)
    const entry: StreamPlan = { stream: id, version: stored.length, events: [], commands: new Map(), append: [], sources: [] }
    for (const s of stored) {
      const decoded = DomainEvent.decode(s.payload)
      if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
      entry.events.push(decoded.success)
      const c = CommandHandler.metadataOf(s)
      if (c.commandId !== undefined) entry.commands.set(c.commandId, c.commandHash)
    }
    streams.set(id, entry)
    return entry
  })
  // AUD-1: a command dated in the future (beyond the clock skew) refuses the whole batch.
  const now = yield* Clock.currentTimeMillis
  const skew = Math.max(0, clockSkewMillis ?? CommandHandler.defaultClockSkewMillis)
  const seenInBatch = new Set<string>()
  let recorded = 0
  let events = 0
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index]!
    const needs = CommandHandler.needs(command)
    const own = yield* stream(needs.stream)
    const hash = CommandHandler.commandHash(command)
    const timely = CommandHandler.requireNotFuture(command, now, skew)
    if (Result.isFailure(timely)) {
      return yield* refuse(index, command.commandId, `refused by ${timely.failure.rule}: ${timely.failure.message}`, timely.failure.rule, command._tag)
    }
    if (seenInBatch.has(command.commandId)) {
      return yield* refuse(index, command.commandId, "— the command id appears twice in the batch")
    }
    if (own.commands.has(command.commandId)) {
      const stored = own.commands.get(command.commandId)
      if (stored !== undefined && stored !== hash) return yield* refuse(index, command.commandId, "— the command id was already used with other content")
      continue
    }
    const loaded = new Map<string, ReadonlyArray<DomainEvent.DomainEvent>>([[needs.stream, own.events]])
    for (const s of CommandHandler.otherStreams(needs)) loaded.set(s, (yield* stream(s)).events)
    const inForce = Edition.inForceAt(revisions, command.at)
    const decided = Result.flatMap(inForce, () => CommandHandler.decide(command, (s) => loaded.get(s) ?? [], revisions))
    if (Result.isFailure(decided)) {
      const v = decided.failure
      return yield* refuse(index, command.commandId, `refused by ${v.rule}: ${v.message}`, v.rule, command._tag)
    }
    events += decided.success.length
    if (events > EventStore.MAX_BATCH) {
      return yield* refuse(index, command.commandId, `— the batch would record more than ${EventStore.MAX_BATCH} events, the most one atomic append holds; split it into smaller batches`)
    }
    const revision = Edition.revisionId(Result.getOrThrow(inForce))
    own.events.push(...decided.success)
    own.commands.set(command.commandId, hash)
    own.append.push(...CommandHandler.toNewEvents(command, decided.success, revision, hash))
    for (let i = 0; i < decided.success.length; i++) own.sources.push({ index, commandId: command.commandId })
    seenInBatch.add(command.commandId)
    recorded++
    onProgress?.(index + 1, commands.length)
  }
  const written = [...streams.values()].filter((s) => s.append.length > 0)
  return {
    appends: written.map((s) => ({ stream: s.stream, expectedVersion: s.version, events: s.append })),
    sources: written.map((s) => s.sources),
    recorded,
    replayed: commands.length - recorded
  } satisfies Plan
})

/** Name the command behind a store refusal of one event (index and id; never content, AUD-2). */
const blame = (error: EventStore.EventStoreError, p: Plan): EventStore.EventStoreError | BatchRefused => {
  const reason = error.reason
  if (reason._tag !== "InvalidEvent") return error
  const source = p.sources[reason.append ?? 0]?.[reason.index ?? -1]
  return source === undefined ? error : refuse(source.index, source.commandId, `— the store refused one of its events: ${reason.message}`)
}

/** Record a decided batch in one atomic append; a store without `appendMany` takes a one-stream batch only. */
const record = (p: Plan) =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    if (p.appends.length === 0) return
    if (store.appendMany !== undefined) {
      yield* Effect.mapError(store.appendMany(p.appends), (e) => blame(e, p))
      return
    }
    if (p.appends.length > 1) {
      const first = p.sources[1]![0]!
      return yield* refuse(first.index, first.commandId, "— this event store cannot record several streams atomically (no appendMany), so the batch would not be all-or-nothing; send it as one batch per stream")
    }
    const only = p.appends[0]!
    yield* Effect.mapError(store.append(only.stream, only.expectedVersion, only.events), (e) => blame(e, p))
  })

/** Options of {@link apply}. */
export interface ApplyOptions {
  /** Called as commands are decided: how many so far, of how many. */
  readonly onProgress?: ((decided: number, total: number) => void) | undefined
  /** How long to decide again after version conflicts, in milliseconds (default 10,000). */
  readonly conflictBudgetMillis?: number | undefined
  /** AUD-1: how far ahead of the `Clock` a command may be dated (default 5 minutes). */
  readonly clockSkewMillis?: number | undefined
}

/**
 * Decide, then record every command of the batch in one atomic append (idempotent on command
 * ids). On a version conflict with a concurrent writer the batch is decided again, with jittered
 * backoff, for up to `conflictBudgetMillis` (default 10 s). `onProgress` is called as commands are
 * decided.
 */
export const apply = Effect.fnUntraced(function*(
  commands: ReadonlyArray<Command.Command>,
  revisions: ReadonlyArray<Catalog.Catalog>,
  options?: ApplyOptions | ((decided: number, total: number) => void)
) {
  const { onProgress, conflictBudgetMillis, clockSkewMillis } = typeof options === "function"
    ? { onProgress: options, conflictBudgetMillis: undefined, clockSkewMillis: undefined }
    : options ?? {}
  const once = Effect.gen(function*() {
    const p = yield* plan(commands, revisions, onProgress, clockSkewMillis)
    yield* record(p)
    return { recorded: p.recorded, replayed: p.replayed, events: p.appends.reduce((n, a) => n + a.events.length, 0) } satisfies Applied
  })
  const budget = conflictBudgetMillis ?? CommandHandler.DEFAULT_CONFLICT_BUDGET_MILLIS
  return yield* once.pipe(Effect.retry({ while: CommandHandler.isVersionConflict, schedule: CommandHandler.conflictRetry(budget) }))
})
