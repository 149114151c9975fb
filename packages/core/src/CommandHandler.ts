/**
 * Command handling over the event-store port (PLN-9, AUD-1, AUD-3, AUD-2).
 *
 * For one command the handler:
 * 1. routes it to its aggregate and stream (`case-…`, `meeting-…`, `outreach-…`,
 *    `support-meeting-register`, `survey-results`);
 * 2. brings the state of that stream up to date through the {@link EventStore.EventStore} port:
 *    the folded state it kept from earlier commands plus the events stored after it, read and
 *    decoded now (`StreamStates`; a payload that fails to decode is an
 *    {@link DomainEvent.UndecodableEvent}, not a crash). No decision sees less than reading the
 *    whole stream now would show (AUD-1);
 * 3. if an event of the stream already came from this `commandId`, returns those events
 *    (`replayed: true`) and writes nothing — or, when the earlier command had other content, fails
 *    with the port's `IdempotencyConflict`;
 * 4. brings up to date, the same way, the other streams the decision reads (the register, a
 *    referenced meeting or case) and decides on their states (the pure part is {@link decide});
 * 5. appends all decided events at once with the expected version and the command id as the
 *    idempotency key; a concurrent writer's conflict drops the kept states of the command's
 *    streams and is retried on fresh state a few times.
 *
 * A refused command returns the {@link Rule.RuleViolation} and writes nothing (PLN-9). Each stored
 * event's metadata records the command id and the catalog revision that decided it (AUD-3).
 * Events of other streams are read as a snapshot: the rules that read them (membership, meeting
 * agenda, consent) are judged at the instants they name, which later appends cannot change.
 *
 * @module
 */
import { Clock, Context, Duration, Effect, Layer, Result, Schedule, Schema, Stream, type Tracer } from "effect"
import type * as Aggregate from "./Aggregate.ts"
import * as Aggregates from "./Aggregates.ts"
import * as Case from "./case/index.ts"
import type * as Catalog from "./Catalog.ts"
import * as Command from "./Command.ts"
import * as DomainEvent from "./DomainEvent.ts"
import * as Edition from "./Edition.ts"
import * as EventHash from "./EventHash.ts"
import * as EventStore from "./EventStore.ts"
import * as Meeting from "./meeting/index.ts"
import * as MemberRegister from "./register/index.ts"
import * as Instant from "./Instant.ts"
import * as Rule from "./Rule.ts"
import * as StreamStates from "./StreamStates.ts"

// ---------------------------------------------------------------------------------------------
// The pure part: what a command needs, and the decision given the loaded streams.
// ---------------------------------------------------------------------------------------------

/** The streams a decision reads: its own, plus the register, cases and meetings its rules consult. */
export interface Needs extends Aggregate.Reads {
  readonly stream: string
}

/** The streams a command's decision reads (derived from the registry). */
export const needs = (command: Command.Command): Needs => {
  const aggregate = Aggregates.aggregateOf(command)
  return { stream: aggregate.stream(command), ...aggregate.reads(command) }
}

/** The state of a case stream from its events. */
export const caseState = (events: ReadonlyArray<DomainEvent.DomainEvent>): Case.State => Aggregates.stateOf(Case.aggregate, events)
/** The state of a meeting stream from its events. */
export const meetingState = (events: ReadonlyArray<DomainEvent.DomainEvent>): Meeting.State => Aggregates.stateOf(Meeting.aggregate, events)
/** The register's state from its events. */
export const registerState = (events: ReadonlyArray<DomainEvent.DomainEvent>): MemberRegister.State =>
  Aggregates.stateOf(MemberRegister.aggregate, events)

/** The streams other than its own that a command's decision reads (the register, cases, meetings). */
export const otherStreams = (n: Aggregate.Reads): ReadonlyArray<string> => Aggregates.otherStreams(n)

/**
 * PLN-9, AUD-3 (design): decide a command given the events of the streams it needs (`load(stream)`
 * returns a stream's events, empty when it has none), under the revision in force at the
 * command's instant (resolved once) and the case, meeting, register, outreach and survey rules
 * (seed §4(4), §4(5), §5, §7(3); KPI-9). Pure: the same command and streams give the same events.
 */
export const decide = (
  command: Command.Command,
  load: (stream: string) => ReadonlyArray<DomainEvent.DomainEvent>,
  revisions: ReadonlyArray<Catalog.Catalog>
): Result.Result<ReadonlyArray<DomainEvent.DomainEvent>, Rule.RuleViolation> =>
  Result.flatMap(Edition.inForceAt(revisions, command.at), (catalog) => Aggregates.decide(command, load, catalog))

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

/**
 * Metadata stored with each event: the command it came from (its id and a digest of its JSON form,
 * so a reused id with other content is told apart) and the revision that decided it (AUD-3; the
 * plan's revisions: seed title page, 2025年4月, 2026年4月改訂).
 */
export const Metadata = Schema.Struct({ commandId: Schema.String, commandHash: Schema.String, revision: Schema.String })
/** The type of {@link Metadata}. */
export type Metadata = typeof Metadata.Type

/** What handling a command did. */
export interface Handled {
  readonly stream: string
  /** The events the command caused (the earlier ones, when replayed). */
  readonly events: ReadonlyArray<DomainEvent.DomainEvent>
  /** The stream's version after the command. */
  readonly version: number
  /** True when the command id had been handled before and nothing was written. */
  readonly replayed: boolean
}

/** AUD-1: the default clock skew allowed between a command's `at` and the `Clock`: 5 minutes. */
export const defaultClockSkewMillis = 5 * 60 * 1000

/**
 * AUD-1 [design]: a command records something that happened: dated later than `nowMillis` plus the
 * allowed skew, it is refused (the history says who did what *when*). Pure; the handler and the
 * batch take `nowMillis` from the `Clock`.
 */
export const requireNotFuture = (
  command: { readonly at: Instant.Instant; readonly commandId: string },
  nowMillis: number,
  skewMillis: number
): Result.Result<void, Rule.RuleViolation> =>
  Instant.millis(command.at) > nowMillis + skewMillis
    ? Result.fail(
      Rule.violation(
        "AUD-1",
        `command ${command.commandId} is dated ${Instant.format(command.at)}, later than now (${new Date(nowMillis).toISOString()}) by more than the allowed clock skew of ${Math.round(skewMillis / 1000)} s: a record states what happened`
      )
    )
    : Result.succeed(undefined)

/** Everything handling can fail with: a refused command, a bad stored payload, the store. */
export type HandleError = Rule.RuleViolation | DomainEvent.UndecodableEvent | EventStore.EventStoreError

/**
 * The command handler service: decides each command against its stream's history and appends the
 * events with the expected version it read (PLN-9), idempotent on the command id.
 */
export interface CommandHandlerShape {
  /** Decide and append one command (idempotent on its `commandId`). */
  readonly handle: (command: Command.Command) => Effect.Effect<Handled, HandleError>
  /** Decode untrusted input as a command, then handle it. */
  readonly handleUnknown: (input: unknown) => Effect.Effect<Handled, HandleError | Command.InvalidCommand>
  /** A stream's decoded events, in version order. */
  readonly load: (stream: string) => Effect.Effect<ReadonlyArray<DomainEvent.DomainEvent>, DomainEvent.UndecodableEvent | EventStore.EventStoreError>
  /** Every decoded event in global order (for projections such as the indicators). */
  readonly events: Effect.Effect<ReadonlyArray<DomainEvent.DomainEvent>, DomainEvent.UndecodableEvent | EventStore.EventStoreError>
  /** AUD-1: refuse a command dated in the future beyond the configured clock skew (time from the `Clock`). */
  readonly checkTime: (command: Command.Command) => Effect.Effect<void, Rule.RuleViolation>
}

/** The command-handler service key. */
export class CommandHandler extends Context.Service<CommandHandler, CommandHandlerShape>()("@kitakami-juso/core/CommandHandler") {}

/** Options: the catalog revisions whose rules decide (AUD-3; seed title page), oldest first. */
export interface Options {
  readonly revisions: ReadonlyArray<Catalog.Catalog>
  /**
   * How long to keep deciding again after version conflicts with concurrent writers, in
   * milliseconds (default 10,000), with jittered backoff ({@link conflictRetry}).
   */
  readonly conflictBudgetMillis?: number | undefined
  /**
   * AUD-1: how far ahead of the `Clock` a command's `at` may be (clock skew between the client and
   * this host); default {@link defaultClockSkewMillis}. Later commands are refused.
   */
  readonly clockSkewMillis?: number | undefined
  /**
   * How many streams' decided state to keep between commands (default
   * `StreamStates.DEFAULT_SIZE`, 4,096; 0 reads every stream whole for every command). Kept
   * states are brought up to date from the store on every use, so a decision never sees less
   * than a whole read would show (`StreamStates`).
   */
  readonly stateCacheSize?: number | undefined
}

/** The command id and command hash a stored event's metadata carries (see {@link Metadata}). */
export const metadataOf = StreamStates.metadataOf

/** A digest of a command's JSON form (SHA-256 over canonical JSON). */
export const commandHash = (command: Command.Command): string => EventHash.sha256Hex(EventHash.canonicalJson(Command.encode(command)))

/**
 * AUD-1, AUD-3: the events a decided command appends, as the store keeps them: type, JSON payload,
 * and metadata naming the command (id and content hash, for idempotency) and the plan revision
 * that decided it. One implementation for single commands and batches.
 */
export const toNewEvents = (
  command: Command.Command,
  events: ReadonlyArray<DomainEvent.DomainEvent>,
  revision: string,
  hash: string = commandHash(command)
): ReadonlyArray<EventStore.NewEvent> =>
  events.map((e) => ({
    eventId: e.eventId,
    type: e._tag,
    payload: DomainEvent.encode(e) as Schema.Json,
    metadata: { commandId: command.commandId, commandHash: hash, revision }
  }))

/**
 * How long a writer keeps retrying after version conflicts with concurrent writers, and the
 * backoff between attempts: exponential from 5 ms, jittered (±50 %), capped at 250 ms, for at
 * most `budget` in all. Racing writers on one case then all land instead of failing after a
 * fixed number of attempts.
 */
export const conflictRetry = (budgetMillis: number) =>
  Schedule.exponential(Duration.millis(5)).pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, Duration.millis(250)))),
    Schedule.upTo({ duration: Duration.millis(budgetMillis) })
  )

/** True for a version conflict with a concurrent writer (worth deciding again). */
export const isVersionConflict = (e: unknown): e is EventStore.EventStoreError =>
  EventStore.isEventStoreError(e) && e.reason._tag === "VersionConflict"

/** The default time a writer keeps retrying after version conflicts (10 s). */
export const DEFAULT_CONFLICT_BUDGET_MILLIS = 10_000

/** Build a handler over the store in context. */
export const make = Effect.fnUntraced(function*(options: Options) {
  const store = yield* EventStore.EventStore
  const retry = conflictRetry(options.conflictBudgetMillis ?? DEFAULT_CONFLICT_BUDGET_MILLIS)
  const skew = Math.max(0, options.clockSkewMillis ?? defaultClockSkewMillis)
  const checkTime: CommandHandlerShape["checkTime"] = (command) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fromResult(requireNotFuture(command, now, skew)))

  const states = StreamStates.make(store, options.stateCacheSize)

  const decodeAll = (stored: ReadonlyArray<EventStore.StoredEvent>) => Effect.forEach(stored, (e) => Effect.fromResult(DomainEvent.decodeStored(e)))

  const readDecoded = (stream: string) =>
    Effect.flatMap(store.readStream(stream), (stored) => Effect.map(decodeAll(stored), (events) => ({ stored, events })))

  const load: CommandHandlerShape["load"] = Effect.fn("CommandHandler.load")(function*(stream: string) {
    return (yield* readDecoded(stream)).events
  })

  // A replay (AUD-1): the events the command id recorded before, read whole (the rare path).
  const replay = Effect.fnUntraced(function*(stream: string, command: Command.Command) {
    const own = yield* readDecoded(stream)
    const previous = own.events.filter((_, i) => metadataOf(own.stored[i]!).commandId === command.commandId)
    return { stream, events: previous, version: own.stored.length, replayed: true } satisfies Handled
  })

  const once = Effect.fnUntraced(function*(command: Command.Command, reads: ReadonlyArray<Aggregates.Read>) {
    const { aggregate, stream } = reads[0]!
    // Every stream the decision reads, as stored now (StreamStates: the kept state plus the
    // events after it; no read at all for a state known current at the store's tip, read once).
    const before = yield* states.tip
    let own = yield* states.current(aggregate, stream, before)
    const hash = commandHash(command)
    if (own.commands.has(command.commandId)) {
      const stored = own.commands.get(command.commandId)
      if (stored !== undefined && stored !== hash) {
        return yield* EventStore.fail(
          new EventStore.IdempotencyConflict({
            message: `command id ${command.commandId} was already used with other content`,
            idempotencyKey: command.commandId
          })
        )
      }
      const replayed = yield* replay(stream, command)
      if (replayed.events.length > 0) return replayed
      // Not in the stream after all (the kept ids disagree with the store): decide on a whole read.
      states.forget(stream)
      own = yield* states.current(aggregate, stream, before)
    }
    yield* checkTime(command)
    // AUD-3: the revision in force at the command's instant, resolved once for the decision and its metadata.
    const inForce = Edition.inForceAt(options.revisions, command.at)
    if (Result.isFailure(inForce)) return yield* Effect.fail(inForce.failure)
    const catalog = inForce.success
    const read = new Map<string, Map<Aggregate.Any, unknown>>([[stream, new Map([[aggregate, own.state]])]])
    const used: Array<StreamStates.Use> = []
    for (let i = 1; i < reads.length; i++) {
      const r = reads[i]!
      const byAggregate = read.get(r.stream) ?? new Map<Aggregate.Any, unknown>()
      if (!byAggregate.has(r.aggregate)) {
        const entry = yield* states.current(r.aggregate, r.stream, before)
        byAggregate.set(r.aggregate, entry.state)
        used.push([r.aggregate, r.stream, entry])
      }
      read.set(r.stream, byAggregate)
    }
    const decided = Aggregates.decideOn(command, (a, s) => read.get(s)!.get(a) as typeof a.initialState, catalog)
    if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)
    const events = decided.success
    const result = yield* store.append(stream, own.version, toNewEvents(command, events, Edition.revisionId(catalog), hash), {
      idempotencyKey: command.commandId
    })
    if (result.replayed) states.forget(stream)
    else {
      const mine = states.recorded(aggregate, stream, own, { version: result.nextExpectedVersion, events, commandId: command.commandId, commandHash: hash })
      const last = events.at(-1)
      if (before !== undefined && last !== undefined) {
        yield* states.settle(before, result, last.eventId, mine === undefined ? undefined : [aggregate, stream, mine], used)
      }
    }
    return { stream, events, version: result.nextExpectedVersion, replayed: result.replayed } satisfies Handled
  })

  // Any failure (a version conflict, a store error, a refusal) drops what is kept of the
  // command's streams: the retry, and the next command on them, read them whole.
  const attempt = (command: Command.Command) => {
    const reads = Aggregates.readsOf(command)
    return once(command, reads).pipe(Effect.onError(() => Effect.sync(() => reads.forEach((r) => states.forget(r.stream)))))
  }

  // After a version conflict: the conflict goes to the retry schedule as the first failure, so
  // the backoff before each new attempt is the schedule's, as if the retry had wrapped the first
  // attempt too. Set up only once a conflict happened: `Effect.retry` around every command cost
  // about 4 µs of a 45 µs command on the memory store (issue 14).
  const retryAfter = (conflict: EventStore.EventStoreError, command: Command.Command) => {
    let first = true
    return Effect.suspend(() => {
      if (!first) return attempt(command)
      first = false
      return Effect.fail(conflict)
    }).pipe(Effect.retry({ while: isVersionConflict, schedule: retry }))
  }

  // Spans carry the command's tag and id only, never its content (AUD-2), and no stack trace:
  // capturing the caller's stack for every command cost about 5 µs of a 45 µs command on the
  // memory store (issue 14); `Effect.fn` always captures one.
  const untraced: Tracer.TraceOptions = { captureStackTrace: false }
  const handle: CommandHandlerShape["handle"] = (command) =>
    Effect.suspend(() => attempt(command)).pipe(
      Effect.catchIf(isVersionConflict, (conflict) => retryAfter(conflict, command)),
      Effect.withSpan("CommandHandler.handle", { attributes: { "juso.command.tag": command._tag, "juso.command.id": command.commandId } }, untraced)
    )

  const handleUnknown: CommandHandlerShape["handleUnknown"] = (input) =>
    Effect.suspend((): Effect.Effect<Handled, HandleError | Command.InvalidCommand> => {
      const decoded = Command.decode(input)
      return Result.isFailure(decoded) ? Effect.fail(decoded.failure) : handle(decoded.success)
    }).pipe(Effect.withSpan("CommandHandler.handleUnknown", undefined, untraced))

  const events: CommandHandlerShape["events"] = Effect.flatMap(
    Stream.runCollect(store.readAll()),
    decodeAll
  ).pipe(Effect.withSpan("CommandHandler.events"))

  return CommandHandler.of({ handle, handleUnknown, load, events, checkTime })
})

/** A layer of the handler over the `EventStore` in context. */
export const layer = (options: Options): Layer.Layer<CommandHandler, never, EventStore.EventStore> =>
  Layer.effect(CommandHandler, make(options))
