/**
 * All-or-nothing batches of commands (PLN-9, AUD-2): every command of a batch is decided first, in
 * order, against the stored history plus the events the earlier commands of the batch would add.
 * Only when all are accepted are they recorded, through the command handler (which decides each
 * again against the store and appends with its expected version). A command whose id is already
 * in the store is a replay and is skipped, so running the same batch twice records it once.
 *
 * The one gap: a concurrent writer who changes a stream between the check and the writes can make
 * a later command of the batch fail after earlier ones were recorded; the error says which.
 *
 * @module
 */
import type * as Catalog from "./Catalog.ts"
import * as Command from "./Command.ts"
import * as CommandHandler from "./CommandHandler.ts"
import * as DomainEvent from "./DomainEvent.ts"
import * as EventStore from "./EventStore.ts"
import { Effect, Result, Schema } from "effect"

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

/** Check the whole batch against the store without writing; returns the commands still to record. */
export const check = Effect.fnUntraced(function*(
  commands: ReadonlyArray<Command.Command>,
  revisions: ReadonlyArray<Catalog.Catalog>
) {
  const store = yield* EventStore.EventStore
  // Per stream: its decoded events, and the command ids recorded in it with their hashes.
  const streams = new Map<string, { events: Array<DomainEvent.DomainEvent>; commands: Map<string, string | undefined> }>()
  const stream = Effect.fnUntraced(function*(id: string) {
    const known = streams.get(id)
    if (known) return known
    const stored = yield* store.readStream(id)
    const entry = { events: [] as Array<DomainEvent.DomainEvent>, commands: new Map<string, string | undefined>() }
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
  const pending: Array<Command.Command> = []
  const seenInBatch = new Set<string>()
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index]!
    const needs = CommandHandler.needs(command)
    const own = yield* stream(needs.stream)
    if (own.commands.has(command.commandId)) {
      const stored = own.commands.get(command.commandId)
      if (stored !== undefined && stored !== CommandHandler.commandHash(command)) {
        return yield* new BatchRefused({
          message: `command ${index}: command id ${command.commandId} was already used with other content`,
          index,
          commandId: command.commandId,
          issues: []
        })
      }
      continue
    }
    if (seenInBatch.has(command.commandId)) {
      return yield* new BatchRefused({ message: `command ${index}: commandId appears twice in the batch`, index, commandId: command.commandId, issues: [] })
    }
    const loaded = new Map<string, ReadonlyArray<DomainEvent.DomainEvent>>([[needs.stream, own.events]])
    for (const s of CommandHandler.otherStreams(needs)) loaded.set(s, (yield* stream(s)).events)
    const decided = CommandHandler.decide(command, (s) => loaded.get(s) ?? [], revisions)
    if (Result.isFailure(decided)) {
      const v = decided.failure
      return yield* new BatchRefused({
        message: `command ${index} (${command._tag}) refused by ${v.rule}: ${v.message}`,
        index,
        commandId: command.commandId,
        rule: v.rule,
        issues: []
      })
    }
    own.events.push(...decided.success)
    own.commands.set(command.commandId, CommandHandler.commandHash(command))
    seenInBatch.add(command.commandId)
    pending.push(command)
  }
  return pending
})


/** Check, then record every command of the batch (idempotent on command ids). */
export const apply = Effect.fnUntraced(function*(
  commands: ReadonlyArray<Command.Command>,
  revisions: ReadonlyArray<Catalog.Catalog>,
  onProgress?: (done: number, total: number) => void
) {
  const handler = yield* CommandHandler.CommandHandler
  // AUD-1: a command dated in the future refuses the whole batch before anything is written.
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index]!
    const timely = yield* Effect.result(handler.checkTime(command))
    if (Result.isFailure(timely)) {
      return yield* new BatchRefused({
        message: `command ${index} (${command._tag}) refused by ${timely.failure.rule}: ${timely.failure.message}`,
        index,
        commandId: command.commandId,
        rule: timely.failure.rule,
        issues: []
      })
    }
  }
  const pending = yield* check(commands, revisions)
  let events = 0
  for (let i = 0; i < pending.length; i++) {
    const handled = yield* handler.handle(pending[i]!)
    events += handled.events.length
    onProgress?.(i + 1, pending.length)
  }
  return { recorded: pending.length, replayed: commands.length - pending.length, events } satisfies Applied
})

