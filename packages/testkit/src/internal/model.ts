/**
 * The model-based test: fast-check command sequences run against the store and against a
 * simple model of the contract. @internal
 */
import { expect } from "@effect/vitest"
import { EventHash, EventStore } from "@kitakami-juso/core"
import { EventBatch } from "@kitakami-juso/core/adapter"
import { Cause, type Context, Effect, Exit, Option } from "effect"
import * as fc from "fast-check"
import { randomUUID } from "node:crypto"
import { feedUntil, sameJson } from "./helpers.ts"

interface ModelEvent {
  readonly eventId: string
  readonly type: string
  readonly payload: unknown
  readonly metadata: unknown
}

interface Model {
  readonly prefix: string
  readonly streams: Map<string, Array<ModelEvent>>
  readonly eventIds: Set<string>
  readonly keys: Map<string, { readonly stream: string; readonly events: ReadonlyArray<ModelEvent>; readonly result: EventStore.AppendResult }>
  /** Event ids in feed order, and each one's position as the store reported it. */
  readonly order: Array<string>
  readonly positions: Map<string, number>
  counter: number
  /** The feed's last position before this run: the run's events all come after it. */
  readonly floor: number
}

interface Real {
  readonly run: <A>(effect: Effect.Effect<A, EventStore.EventStoreError, EventStore.EventStore>) => Promise<Exit.Exit<A, EventStore.EventStoreError>>
}

const succeeded = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  throw new Error(Cause.pretty(exit.cause))
}

type Expected = "right" | "wrong" | "any" | "no_stream" | "stream_exists"
type KeyUse = "none" | "fresh" | "replay" | "reuse"

const jsonValue = fc.jsonValue({ maxDepth: 2 }).filter((v) => "json" in EventHash.encodeJson(v))

class AppendCommand implements fc.AsyncCommand<Model, Real> {
  readonly stream: number
  readonly expected: Expected
  readonly payloads: ReadonlyArray<unknown>
  readonly key: KeyUse
  readonly duplicate: boolean
  readonly invalid: boolean
  constructor(stream: number, expected: Expected, payloads: ReadonlyArray<unknown>, key: KeyUse, duplicate: boolean, invalid: boolean) {
    this.stream = stream
    this.expected = expected
    this.payloads = payloads
    this.key = key
    this.duplicate = duplicate
    this.invalid = invalid
  }
  check() {
    return true
  }
  async run(model: Model, real: Real) {
    let stream = `${model.prefix}-s${this.stream}`
    let events: Array<ModelEvent> = this.payloads.map((payload) => ({
      eventId: `${model.prefix}-e${model.counter++}`,
      type: "Modelled",
      payload,
      metadata: model.counter % 3 === 0 ? { n: model.counter } : null
    }))
    let key: string | undefined
    const usedKeys = [...model.keys.keys()]
    if (this.key === "fresh" || (usedKeys.length === 0 && this.key !== "none")) key = `${model.prefix}-k${model.counter++}`
    else if (this.key === "replay" || this.key === "reuse") {
      key = usedKeys[this.stream % usedKeys.length]!
      if (this.key === "replay") {
        const first = model.keys.get(key)!
        stream = first.stream
        events = [...first.events]
      }
    }
    if (this.duplicate && model.eventIds.size > 0 && this.key !== "replay") {
      const taken = [...model.eventIds][this.stream % model.eventIds.size]!
      events[events.length - 1] = { ...events[events.length - 1]!, eventId: taken }
    }
    if (this.invalid) events[0] = { ...events[0]!, payload: { bad: Number.NaN } }
    const current = model.streams.get(stream)?.length ?? 0
    const expectedVersion: EventStore.ExpectedVersion = this.expected === "right"
      ? current
      : this.expected === "wrong"
      ? (current === 0 ? 2 : current - 1)
      : this.expected

    // What the model says.
    let predicted: string
    const seen = key === undefined ? undefined : model.keys.get(key)
    if (this.invalid) predicted = "InvalidEvent"
    else if (seen !== undefined) {
      predicted = seen.stream === stream && sameJson(seen.events, events) ? "Replayed" : "IdempotencyConflict"
    } else if (EventBatch.versionConflict(stream, expectedVersion, current) !== undefined) predicted = "VersionConflict"
    else if (events.some((e) => model.eventIds.has(e.eventId))) predicted = "DuplicateEvent"
    else predicted = "Appended"

    const exit = await real.run(
      Effect.flatMap(Effect.service(EventStore.EventStore), (store) =>
        store.append(
          stream,
          expectedVersion,
          events.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload as never, metadata: e.metadata as never })),
          key === undefined ? undefined : { idempotencyKey: key }
        ))
    )
    const actual = Exit.isSuccess(exit)
      ? (exit.value.replayed ? "Replayed" : "Appended")
      : Option.match(Cause.findErrorOption(exit.cause), { onNone: () => Cause.pretty(exit.cause), onSome: (e) => e.reason._tag })
    expect(actual, `${this} → ${predicted}`).toBe(predicted)
    if (Exit.isSuccess(exit)) {
      if (predicted === "Replayed") {
        expect(exit.value).toEqual({ ...seen!.result, replayed: true })
        return
      }
      const list = model.streams.get(stream) ?? []
      expect(exit.value.nextExpectedVersion).toBe(list.length + events.length)
      const lastPosition = model.positions.get(model.order.at(-1) ?? "") ?? 0
      expect(exit.value.firstPosition).toBeGreaterThan(lastPosition)
      expect(exit.value.lastPosition).toBeGreaterThanOrEqual(exit.value.firstPosition + events.length - 1)
      list.push(...events)
      model.streams.set(stream, list)
      for (const e of events) {
        model.eventIds.add(e.eventId)
        model.order.push(e.eventId)
      }
      model.positions.set(events[0]!.eventId, exit.value.firstPosition)
      model.positions.set(events.at(-1)!.eventId, exit.value.lastPosition)
      if (key !== undefined) model.keys.set(key, { stream, events, result: exit.value })
    } else if (predicted === "VersionConflict") {
      const reason = Option.getOrThrow(Cause.findErrorOption(exit.cause)).reason
      expect(reason).toMatchObject({ actual: current })
    }
  }
  toString() {
    return `append(s${this.stream}, ${this.expected}, ${this.payloads.length} events, key=${this.key}${this.duplicate ? ", duplicate" : ""}${this.invalid ? ", invalid" : ""})`
  }
}

class ReadStreamCommand implements fc.AsyncCommand<Model, Real> {
  readonly stream: number
  readonly from: number
  constructor(stream: number, from: number) {
    this.stream = stream
    this.from = from
  }
  check() {
    return true
  }
  async run(model: Model, real: Real) {
    const stream = `${model.prefix}-s${this.stream}`
    const exit = await real.run(Effect.flatMap(Effect.service(EventStore.EventStore), (store) => store.readStream(stream, { fromVersion: this.from })))
    const stored = succeeded(exit)
    const expected = (model.streams.get(stream) ?? []).slice(this.from - 1)
    expect(stored.map((e) => e.version)).toEqual(expected.map((_, i) => this.from + i))
    expect(stored.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId))
    stored.forEach((e, i) => {
      expect(sameJson(e.payload, expected[i]!.payload)).toBe(true)
      expect(sameJson(e.metadata, expected[i]!.metadata)).toBe(true)
    })
  }
  toString() {
    return `readStream(s${this.stream}, from ${this.from})`
  }
}

class ReadAllCommand implements fc.AsyncCommand<Model, Real> {
  readonly batchSize: number
  constructor(batchSize: number) {
    this.batchSize = batchSize
  }
  check() {
    return true
  }
  async run(model: Model, real: Real) {
    const isOurs = (e: EventStore.StoredEvent) => e.stream.startsWith(`${model.prefix}-`)
    const exit = await real.run(Effect.flatMap(
      Effect.service(EventStore.EventStore),
      (store) => feedUntil(store, model.floor, (f) => f.filter(isOurs).length >= model.order.length, this.batchSize)
    ))
    const feed = succeeded(exit)
    const ours = feed.filter(isOurs)
    expect(ours.map((e) => e.eventId)).toEqual(model.order)
    for (const e of ours) {
      const position = model.positions.get(e.eventId)
      if (position !== undefined) expect(e.position).toBe(position)
    }
    for (let i = 1; i < feed.length; i++) expect(feed[i]!.position).toBeGreaterThan(feed[i - 1]!.position)
  }
  toString() {
    return `readAll(batch ${this.batchSize})`
  }
}

class VerifyCommand implements fc.AsyncCommand<Model, Real> {
  check() {
    return true
  }
  async run(_model: Model, real: Real) {
    const exit = await real.run(Effect.flatMap(Effect.service(EventStore.EventStore), (store) => store.verify()))
    expect(Exit.isSuccess(exit) && exit.value.ok).toBe(true)
  }
  toString() {
    return "verify()"
  }
}

const appendCommand = fc.record({
    stream: fc.constantFrom(0, 0, 0, 0, 1, 2),
    expected: fc.constantFrom<Expected>("right", "right", "right", "right", "wrong", "any", "any", "no_stream", "stream_exists"),
    payloads: fc.array(jsonValue, { minLength: 1, maxLength: 4 }),
    key: fc.constantFrom<KeyUse>("none", "none", "fresh", "replay", "reuse"),
    duplicate: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    invalid: fc.integer({ min: 0, max: 9 }).map((n) => n === 0)
  }).map((c) => new AppendCommand(c.stream, c.expected, c.payloads, c.key, c.duplicate, c.invalid))

/** Appends weigh most, so that streams reach dozens of events within a run. */
const commandArbitraries: Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>> = [
  appendCommand,
  appendCommand,
  appendCommand,
  appendCommand,
  fc.record({ stream: fc.integer({ min: 0, max: 2 }), from: fc.integer({ min: 1, max: 4 }) }).map((c) => new ReadStreamCommand(c.stream, c.from)),
  fc.constantFrom(1, 3, 50, 500).map((b) => new ReadAllCommand(b)),
  fc.constant(new VerifyCommand())
]

/** Commands per run (at most): enough that streams reach dozens of events. */
const COMMANDS = 150

export const runModel = async (context: Context.Context<EventStore.EventStore>, numRuns: number): Promise<void> => {
  const real: Real = { run: (effect) => Effect.runPromise(Effect.exit(Effect.provideContext(effect, context))) }
  const seed = process.env.JUSO_MODEL_SEED === undefined ? undefined : Number(process.env.JUSO_MODEL_SEED)
  const path = process.env.JUSO_MODEL_PATH
  let floor = 0
  const stats = { longest: 0 }
  try {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbitraries, { maxCommands: COMMANDS, size: "max" }), async (commands) => {
        const model: Model = {
          floor,
          prefix: `m${randomUUID().replaceAll("-", "").slice(0, 10)}`,
          streams: new Map(),
          eventIds: new Set(),
          keys: new Map(),
          order: [],
          positions: new Map(),
          counter: 0
        }
        await fc.asyncModelRun(() => ({ model, real }), commands)
        // Every stream the run wrote reads back whole at the end.
        for (const [stream, events] of model.streams) {
          const stored = succeeded(await real.run(Effect.flatMap(Effect.service(EventStore.EventStore), (store) => store.readStream(stream))))
          expect(stored.map((e) => e.eventId), stream).toEqual(events.map((e) => e.eventId))
          stats.longest = Math.max(stats.longest, stored.length)
        }
        floor = Math.max(floor, ...model.positions.values())
      }),
      { numRuns, includeErrorInReport: true, ...(seed === undefined ? {} : { seed }), ...(path === undefined ? {} : { path }) }
    )
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const replay = /seed: (-?\d+), path: "([^"]*)"/.exec(message)
    throw new Error(
      `${replay === null ? "" : `replay with JUSO_MODEL_SEED=${replay[1]} JUSO_MODEL_PATH=${replay[2]}\n`}${message}`
    )
  }
  // The runs were long enough to mean something: some stream held dozens of events (about half
  // of the runs write one; all 10 or more missing it is a one-in-a-thousand chance at most).
  if (numRuns >= 10) expect(stats.longest, "longest stream read back at the end of a model-based run").toBeGreaterThanOrEqual(24)
}
