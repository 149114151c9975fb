/**
 * The event-store conformance suite (AUD-1): the tests every `EventStore` adapter runs — ours
 * (memory, SQLite, PostgreSQL) and vendors' — in one line:
 *
 * ```ts
 * EventStoreConformance.suite("my-store", MyStore.layer(), { raw: …, crashSafety: … })
 * ```
 *
 * Built on `@effect/vitest`. Which tests run is decided by the capabilities the adapter
 * declares, not by skipping tests by name. Tests that share a store use fresh stream and
 * event ids; tests that need a pristine store (tamper, model, concurrency, crash) build a
 * fresh instance. The package README lists what each test proves.
 *
 * @module
 */
import { describe, expect, it, layer } from "@effect/vitest"
import { EventHash, EventStore } from "@kitakami-juso/core"
import { Context, Deferred, Effect, Fiber, Layer, type Scope } from "effect"
import { appendManyTests } from "./internal/appendMany.ts"
import { concurrencyRun } from "./internal/concurrency.ts"
import { crashRuns } from "./internal/crash.ts"
import { all, envInt, event, failure, feedUntil, ids, isDurable } from "./internal/helpers.ts"
import * as Chain from "./eventstore/chain.ts"
import * as FileStoreTests from "./eventstore/fileStore.ts"
import * as Ordering from "./eventstore/ordering.ts"
import * as PayloadFidelity from "./eventstore/payloadFidelity.ts"
import * as Privacy from "./eventstore/privacy.ts"
import * as SizeLimit from "./eventstore/sizeLimit.ts"
import * as StaleCache from "./eventstore/staleCache.ts"
import * as SuiteContext from "./eventstore/SuiteContext.ts"
import { runModel } from "./internal/model.ts"
import { tamperTests } from "./internal/tamper.ts"
import type * as RawEvent from "./RawEvent.ts"

// ---------------------------------------------------------------------------------------------
// What an adapter hands the suite
// ---------------------------------------------------------------------------------------------

/**
 * A store that can be opened more than once on the same data: a file, a database schema.
 * Needed for the crash test and for concurrency across connections.
 */
export interface Durable<L, R = never> {
  /** A new, empty location (a file path, a schema name), removed when the scope closes. */
  readonly location: Effect.Effect<L, unknown, Scope.Scope>
  /** Open a store at `location`. Opening one location twice gives two connections to the same data. */
  readonly open: (location: L) => Layer.Layer<EventStore.EventStore | R, unknown>
}

/** A layer (each build is a fresh, empty store) or a {@link Durable} factory. */
export type Factory<R, L> = Layer.Layer<EventStore.EventStore | R, unknown> | Durable<L, R>

/** How the kit crashes a writer (requires a {@link Durable} factory). */
export interface CrashSafety<L> {
  /** A Node script (path or `file:` URL) that calls `CrashWriter.run(layer)`; see that module. */
  readonly writer: string | URL
  /** Command-line arguments that tell the script where the store is. */
  readonly args: (location: L) => ReadonlyArray<string>
  /** How many kills (default: `JUSO_CRASH_RUNS`, else 50). */
  readonly runs?: number | undefined
}

/** What the adapter supports; each flag turns a group of tests on. */
export interface Capabilities<R, L> {
  /**
   * Appends from many fibers at once are safe (default `true`). `connections` spreads the
   * writers over that many stores opened on one location (needs a {@link Durable} factory).
   */
  readonly concurrentWriters?: boolean | {
    readonly writers?: number | undefined
    readonly connections?: number | undefined
  } | undefined
  /** The store survives a writer killed in the middle of an append. */
  readonly crashSafety?: CrashSafety<L> | undefined
  /** The raw backdoor: the kit checks what was really stored, and tampers with it. */
  readonly raw?: RawEvent.RawAccess<R> | undefined
  /**
   * Run `append` in a transaction that stays open until `release` completes (a slow writer),
   * for the test that the global feed never skips an event committed late. Omit when writes
   * are serialised (a held writer would block every other).
   */
  readonly slowWriter?:
    | (<A, E>(
      append: Effect.Effect<A, E, EventStore.EventStore | NoInfer<R>>,
      release: Effect.Effect<void>
    ) => Effect.Effect<A, unknown, EventStore.EventStore | NoInfer<R>>)
    | undefined
  /**
   * The store implements `appendMany` (several streams in one transaction); the kit checks it
   * is all-or-nothing and validates every event before writing (default `false`).
   */
  readonly appendMany?: boolean | undefined
  /**
   * The chain key the store under test was opened with (AUD-1). The kit recomputes the chain
   * with it, and runs the attacks of a writer without the key (with `raw.insert`/`setHead`).
   */
  readonly chainKey?: EventHash.ChainKey | undefined
  /** Model-based runs (default: `JUSO_MODEL_RUNS`, else 20). */
  readonly modelRuns?: number | undefined
  /**
   * Only one store may be open on a location at a time (a single-process file store): the kit
   * skips the two-connection test. Default: a {@link Durable} store is opened twice.
   */
  readonly singleConnection?: boolean | undefined
  /** The store keeps its events in one file: the kit tampers with it at rest, and more (see {@link FileStore}). */
  readonly file?: FileStore<L> | undefined
}

/** The file a {@link Durable} store keeps its events in (tests in `eventstore/fileStore.ts`). */
export interface FileStore<L> {
  /** The file at `location` (its content is complete once the store is closed). */
  readonly path: (location: L) => string
  /** `lines`: an append-only log of one record per line; the kit tears the last line, as a crash mid-write does. */
  readonly log?: "lines" | undefined
  /** `node:fs`: the adapter syncs the file through `node:fs` before an append returns; the kit counts the calls. */
  readonly sync?: "node:fs" | undefined
}

/**
 * An adapter's own description of itself: its name, its factory and the capabilities it
 * declares. An adapter package can export one, so its users run `suite(description)`.
 */
export interface Description<R, L> {
  readonly name: string
  readonly factory: Factory<R, L>
  readonly capabilities?: Capabilities<R, L> | undefined
}

/**
 * Register the conformance tests for one adapter under `describe(name)`: `suite(description)`
 * with the adapter's own {@link Description}, or `suite(name, factory, capabilities)`.
 *
 * @param name the adapter's name in the test report
 * @param factory a layer whose every build is a fresh empty store, or a {@link Durable}
 * @param capabilities what the adapter supports (turns test groups on)
 */
export function suite<R = never, L = never>(description: Description<R, L>): void
export function suite<R = never, L = never>(name: string, factory: Factory<R, L>, capabilities?: Capabilities<R, L>): void
export function suite<R = never, L = never>(
  nameOrDescription: string | Description<R, L>,
  factoryArg?: Factory<R, L>,
  capabilitiesArg?: Capabilities<R, L>
): void {
  const { capabilities = {}, factory, name } = typeof nameOrDescription === "string"
    ? { name: nameOrDescription, factory: factoryArg!, capabilities: capabilitiesArg }
    : nameOrDescription
  const ctx = SuiteContext.make(name, factory, capabilities)
  const { freshContext, withFresh } = ctx
  const shared = Layer.effectContext(freshContext)
  const raw = capabilities.raw
  const digest = EventHash.digestFor(capabilities.chainKey)
  const concurrency = capabilities.concurrentWriters === false
    ? undefined
    : capabilities.concurrentWriters === true || capabilities.concurrentWriters === undefined
    ? { writers: 20, connections: 1 }
    : { writers: capabilities.concurrentWriters.writers ?? 20, connections: capabilities.concurrentWriters.connections ?? 1 }

  describe(name, () => {
    layer(shared, { excludeTestServices: true, timeout: "60 seconds" })("contract", (it) => {
      it.effect("append then readStream returns the events in version order, with payload and metadata intact", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          const events = [
            event(t.event(), { note: "相談記録", nested: { list: [1, 2.5, true, null, "x"] } }, { actor: "agency-1" }),
            event(t.event(), null),
            event(t.event(), [{ b: 2, a: 1 }], null)
          ]
          const result = yield* store.append(stream, "no_stream", events)
          expect(result).toMatchObject({ stream, nextExpectedVersion: 3, replayed: false })
          const stored = yield* store.readStream(stream)
          expect(stored.map((e) => e.version)).toEqual([1, 2, 3])
          expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId))
          expect(stored.map((e) => e.type)).toEqual(["Recorded", "Recorded", "Recorded"])
          expect(stored[0]!.payload).toEqual({ note: "相談記録", nested: { list: [1, 2.5, true, null, "x"] } })
          expect(stored[0]!.metadata).toEqual({ actor: "agency-1" })
          expect(stored[1]!.payload).toBeNull()
          expect(stored[1]!.metadata).toBeNull()
          expect(stored[2]!.payload).toEqual([{ a: 1, b: 2 }])
          expect(stored[0]!.position).toBe(result.firstPosition)
          expect(stored[2]!.position).toBe(result.lastPosition)
          expect(stored[1]!.position).toBeGreaterThan(stored[0]!.position)
          expect(stored[2]!.position).toBeGreaterThan(stored[1]!.position)
          expect(new Date(stored[0]!.recordedAt).toISOString()).toBe(stored[0]!.recordedAt)
          expect(yield* store.readStream(t.stream("missing"))).toEqual([])
        }))

      it.effect("readStream from a version returns that version onwards", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          yield* store.append(stream, "no_stream", [event(t.event()), event(t.event()), event(t.event())])
          expect((yield* store.readStream(stream, { fromVersion: 2 })).map((e) => e.version)).toEqual([2, 3])
          expect(yield* store.readStream(stream, { fromVersion: 4 })).toEqual([])
        }))

      it.effect("a numeric expected version must equal the stream's version; a wrong one is a VersionConflict and writes nothing", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          yield* store.append(stream, 0, [event(t.event())])
          yield* store.append(stream, 1, [event(t.event())])
          const conflict = yield* failure(store.append(stream, 1, [event(t.event()), event(t.event())]))
          expect(conflict).toMatchObject({ _tag: "VersionConflict", stream, expected: 1, actual: 2 })
          expect(conflict.isRetryable).toBe(false)
          expect((yield* store.readStream(stream)).length).toBe(2)
          expect((yield* failure(store.append(t.stream("other"), 3, [event(t.event())])))._tag).toBe("VersionConflict")
          expect(yield* store.readStream(t.stream("other"))).toEqual([])
        }))

      it.effect("markers: no_stream only for an empty stream, stream_exists only for a non-empty one, any always", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          expect((yield* failure(store.append(stream, "stream_exists", [event(t.event())])))._tag).toBe("VersionConflict")
          yield* store.append(stream, "no_stream", [event(t.event())])
          expect((yield* failure(store.append(stream, "no_stream", [event(t.event())])))).toMatchObject({
            _tag: "VersionConflict",
            expected: "no_stream",
            actual: 1
          })
          yield* store.append(stream, "stream_exists", [event(t.event())])
          const any = yield* store.append(stream, "any", [event(t.event())])
          expect(any.nextExpectedVersion).toBe(3)
          expect((yield* store.append(t.stream("fresh"), "any", [event(t.event())])).nextExpectedVersion).toBe(1)
        }))

      it.effect("an idempotency key replayed writes nothing and returns the first result, even after the stream moved on", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          const key = t.key()
          const events = [event(t.event(), { b: 1, a: 2 }), event(t.event())]
          const first = yield* store.append(stream, "no_stream", events, { idempotencyKey: key })
          const again = yield* store.append(stream, "no_stream", events, { idempotencyKey: key })
          expect(again).toEqual({ ...first, replayed: true })
          yield* store.append(stream, 2, [event(t.event())])
          // Same content with keys in another order is the same request.
          const reordered = [event(events[0]!.eventId, { a: 2, b: 1 }), events[1]!]
          expect(yield* store.append(stream, "no_stream", reordered, { idempotencyKey: key })).toEqual({ ...first, replayed: true })
          expect((yield* store.readStream(stream)).length).toBe(3)
          if (raw !== undefined) {
            const rows = (yield* raw.read).filter((r) => r.stream === stream)
            expect(rows.length).toBe(3)
          }
        }))

      it.effect("an idempotency key reused with different events is an IdempotencyConflict and writes nothing", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          const key = t.key()
          yield* store.append(stream, "no_stream", [event(t.event())], { idempotencyKey: key })
          const reused = yield* failure(store.append(stream, 1, [event(t.event())], { idempotencyKey: key }))
          expect(reused).toMatchObject({ _tag: "IdempotencyConflict", idempotencyKey: key })
          const otherStream = yield* failure(store.append(t.stream("b"), "no_stream", [event(t.event())], { idempotencyKey: key }))
          expect(otherStream._tag).toBe("IdempotencyConflict")
          expect((yield* store.readStream(stream)).length).toBe(1)
          expect(yield* store.readStream(t.stream("b"))).toEqual([])
        }))

      it.effect("an event id already stored is a DuplicateEvent, and the whole batch is refused", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const taken = t.event()
          yield* store.append(t.stream("a"), "no_stream", [event(taken)])
          const duplicate = yield* failure(store.append(t.stream("b"), "no_stream", [event(t.event()), event(t.event()), event(taken)]))
          expect(duplicate).toMatchObject({ _tag: "DuplicateEvent", eventId: taken })
          expect(yield* store.readStream(t.stream("b"))).toEqual([])
          // A version conflict is decided before the duplicate check.
          const both = yield* failure(store.append(t.stream("a"), 5, [event(taken)]))
          expect(both._tag).toBe("VersionConflict")
          if (raw !== undefined) {
            expect((yield* raw.read).filter((r) => r.stream === t.stream("b"))).toEqual([])
          }
        }))

      it.effect("readAll is the global feed: positions strictly increase, every event once, from a position onwards, in pages", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const ours = (feed: ReadonlyArray<EventStore.StoredEvent>) => feed.filter((e) => e.stream.endsWith(t.prefix))
          const start = (yield* all(store)).at(-1)?.position ?? 0
          const appended: Array<string> = []
          for (let i = 0; i < 7; i++) {
            const batch = [event(t.event()), event(t.event())]
            appended.push(...batch.map((e) => e.eventId))
            yield* store.append(t.stream(`s${i % 3}`), "any", batch)
          }
          for (const batchSize of [1, 3, 500]) {
            const feed = yield* feedUntil(store, start, (f) => ours(f).length >= appended.length, batchSize)
            expect(ours(feed).map((e) => e.eventId)).toEqual(appended)
            for (let i = 1; i < feed.length; i++) expect(feed[i]!.position).toBeGreaterThan(feed[i - 1]!.position)
          }
          const whole = yield* all(store)
          expect(new Set(whole.map((e) => e.eventId)).size).toBe(whole.length)
          const mine = ours(yield* all(store, start))
          expect(ours(yield* all(store, mine[5]!.position)).map((e) => e.eventId)).toEqual(appended.slice(6))
          expect(ours(yield* all(store, mine.at(-1)!.position))).toEqual([])
        }))

      it.effect("AUD-1: every event carries prevHash and hash; the chain recomputes with EventHash and verify passes", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          yield* store.append(stream, "no_stream", [event(t.event(), { a: 1 }), event(t.event(), { b: [1, 2] }, { m: "x" })])
          yield* store.append(stream, 2, [event(t.event(), "text")])
          const stored = yield* store.readStream(stream)
          let prev = ""
          for (const e of stored) {
            expect(e.prevHash).toBe(prev)
            expect(e.hash).toBe(EventHash.hashEvent(prev, e, digest))
            prev = e.hash
          }
          const verified = yield* store.verify()
          expect(verified).toMatchObject({ ok: true })
          expect(verified.checked).toBeGreaterThanOrEqual(3)
        }))

      if (raw !== undefined) {
        it.effect("raw: what is stored is what was appended — canonical JSON text, one row per event, the chain's hashes", () =>
          Effect.gen(function*() {
            const store = yield* EventStore.EventStore
            const t = ids()
            const stream = t.stream()
            const payloads = [{ z: 1, a: { c: [3, "ä"], b: null } }, [true, false], 12.5]
            yield* store.append(stream, "no_stream", payloads.map((p) => event(t.event(), p, { by: "tester" })))
            const rows = (yield* raw.read).filter((r) => r.stream === stream)
            const stored = yield* store.readStream(stream)
            expect(rows.length).toBe(3)
            rows.forEach((row, i) => {
              expect(row.payload).toBe(EventHash.canonicalJson(payloads[i]))
              expect(row.metadata).toBe("{\"by\":\"tester\"}")
              expect(row).toMatchObject({
                position: stored[i]!.position,
                version: i + 1,
                eventId: stored[i]!.eventId,
                recordedAt: stored[i]!.recordedAt,
                prevHash: stored[i]!.prevHash,
                hash: stored[i]!.hash
              })
            })
          }))
      }

      it.effect("bad input is refused with InvalidEvent before any write: oversized, malformed, bad ids, empty or huge batches", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const stream = t.stream()
          const rowsBefore = raw === undefined ? 0 : (yield* raw.read).length
          const cyclic: Record<string, unknown> = {}
          cyclic.self = cyclic
          const bad: Array<[string, string, ReadonlyArray<unknown>]> = [
            ["oversized payload", stream, [event(t.event(), { text: "x".repeat(EventStore.MAX_EVENT_BYTES) })]],
            ["oversized metadata", stream, [event(t.event(), 1, { text: "x".repeat(EventStore.MAX_EVENT_BYTES) })]],
            ["NaN", stream, [event(t.event(), { n: Number.NaN })]],
            ["Infinity", stream, [event(t.event(), [Number.POSITIVE_INFINITY])]],
            ["a Date", stream, [event(t.event(), { at: new Date() })]],
            ["undefined in an array", stream, [event(t.event(), [1, undefined])]],
            ["a cycle", stream, [event(t.event(), cyclic)]],
            ["a lone surrogate", stream, [event(t.event(), { s: "\ud83d" })]],
            ["a bigint", stream, [event(t.event(), { n: 1n })]],
            ["no payload", stream, [{ eventId: t.event(), type: "T" }]],
            ["bad metadata", stream, [event(t.event(), 1, new Map())]],
            ["empty event id", stream, [event("")]],
            ["control character in the id", stream, [event("ev\u0000x")]],
            ["a lone surrogate in the id", stream, [event("ev\ud800x")]],
            ["event id over 200 characters", stream, [event("e".repeat(201))]],
            ["empty type", stream, [{ eventId: t.event(), type: "", payload: 1 }]],
            ["not an object", stream, [42]],
            ["same id twice in a batch", stream, [event("twice-" + t.prefix), event("twice-" + t.prefix)]],
            ["an empty batch", stream, []],
            ["a batch over the limit", stream, Array.from({ length: EventStore.MAX_BATCH + 1 }, () => event(t.event()))],
            ["a bad stream id", "bad stream id!", [event(t.event())]],
            ["an empty stream id", "", [event(t.event())]],
            ["a valid event followed by a bad one", stream, [event(t.event()), event(t.event(), { n: Number.NaN })]]
          ]
          for (const [label, target, events] of bad) {
            const reason = yield* failure(store.append(target, "any", events as ReadonlyArray<EventStore.NewEvent>))
            expect(reason._tag, label).toBe("InvalidEvent")
            expect(reason.isRetryable, label).toBe(false)
          }
          expect(yield* store.readStream(stream)).toEqual([])
          if (raw !== undefined) expect((yield* raw.read).length).toBe(rowsBefore)
          // Nothing half-written: the stream still starts at version 1.
          expect((yield* store.append(stream, "no_stream", [event(t.event())])).nextExpectedVersion).toBe(1)
          // The largest accepted event is exactly at the limit.
          const limit = "x".repeat(EventStore.MAX_EVENT_BYTES - 2)
          expect((yield* store.append(stream, 1, [event(t.event(), limit)])).nextExpectedVersion).toBe(2)
          expect((yield* store.readStream(stream, { fromVersion: 2 }))[0]!.payload).toBe(limit)
        }))

      it.effect("AUD-2: error messages carry ids and counts, never payload data", () =>
        Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          const secret = "Yamada Taro, 1-2-3 Kitakami"
          const reasons = [
            yield* failure(store.append(t.stream(), "any", [event(t.event(), { name: secret, n: Number.NaN })])),
            yield* failure(store.append(t.stream(), "any", [event(t.event(), { name: secret.repeat(EventStore.MAX_EVENT_BYTES / 10) })])),
            yield* failure(store.append(t.stream(), 7, [event(t.event(), { name: secret })]))
          ]
          for (const reason of reasons) expect(JSON.stringify(new EventStore.EventStoreError({ reason }).message)).not.toContain("Yamada")
        }))
    })

    // ---------------------------------------------------------------------------------------
    // Tamper evidence (AUD-1), on fresh stores, through the raw backdoor
    // ---------------------------------------------------------------------------------------

    if (raw?.update !== undefined && raw.delete !== undefined) tamperTests(raw, withFresh, capabilities.chainKey)
    if (capabilities.appendMany === true) appendManyTests(raw, withFresh)

    // Model-based: random command sequences against a simple model
    // ---------------------------------------------------------------------------------------

    describe("model-based", () => {
      it.live("random appends (right and wrong versions, replays, reused keys, duplicates, bad input) and reads behave as the model says", () =>
        withFresh(Effect.gen(function*() {
          const context = yield* Effect.context<EventStore.EventStore>()
          const runs = capabilities.modelRuns ?? envInt("JUSO_MODEL_RUNS", 20)
          yield* Effect.promise(() => runModel(context, runs))
        })), 120_000)
    })

    // ---------------------------------------------------------------------------------------
    // Concurrency
    // ---------------------------------------------------------------------------------------

    if (concurrency !== undefined) {
      describe("concurrency", () => {
        it.live(`${concurrency.writers} writers on overlapping streams${concurrency.connections > 1 ? ` over ${concurrency.connections} connections` : ""}: each expected version wins once, nothing lost or duplicated, the feed read meanwhile sees every event once`, () =>
          Effect.scoped(Effect.gen(function*() {
            const stores: Array<EventStore.EventStoreShape> = []
            if (concurrency.connections > 1) {
              if (!isDurable(factory)) return yield* Effect.die(new Error("concurrentWriters.connections needs a Durable factory"))
              const location = yield* factory.location
              for (let c = 0; c < concurrency.connections; c++) {
                stores.push(Context.get(yield* Layer.build(Layer.fresh(factory.open(location))), EventStore.EventStore))
              }
            } else {
              stores.push(Context.get(yield* freshContext, EventStore.EventStore))
            }
            yield* concurrencyRun(stores, concurrency.writers)
          })), 120_000)
      })
    }

    // ---------------------------------------------------------------------------------------
    // Slow writer: the feed never skips an event committed late
    // ---------------------------------------------------------------------------------------

    const slowWriter = capabilities.slowWriter
    if (slowWriter !== undefined) {
      describe("global feed", () => {
        it.live("a slower transaction that commits later is not skipped by a reader that polled meanwhile", () =>
          withFresh(Effect.gen(function*() {
            const store = yield* EventStore.EventStore
            const t = ids()
            const release = yield* Deferred.make<void>()
            const appended = yield* Deferred.make<void>()
            const slow = yield* Effect.forkChild(
              slowWriter(
                Effect.tap(store.append(t.stream("slow"), "no_stream", [event(t.event())]), () => Deferred.succeed(appended, undefined)),
                Deferred.await(release)
              )
            )
            yield* Deferred.await(appended)
            yield* store.append(t.stream("fast"), "no_stream", [event(t.event()), event(t.event())])
            const seen = yield* all(store)
            // The slow event is not committed yet; whatever the reader saw, it must not skip it.
            expect(seen.map((e) => e.stream)).not.toContain(t.stream("slow"))
            yield* Deferred.succeed(release, undefined)
            yield* Fiber.join(slow)
            const later = yield* feedUntil(store, seen.at(-1)?.position ?? 0, (f) => f.filter((e) => e.stream.endsWith(t.prefix)).length + seen.filter((e) => e.stream.endsWith(t.prefix)).length >= 3)
            const feed = [...seen, ...later].filter((e) => e.stream.endsWith(t.prefix))
            expect(feed.map((e) => e.stream).sort()).toEqual([t.stream("fast"), t.stream("fast"), t.stream("slow")])
            expect(yield* store.verify()).toMatchObject({ ok: true })
          })), 60_000)
      })
    }

    // ---------------------------------------------------------------------------------------
    // Crash safety
    // ---------------------------------------------------------------------------------------

    // Capability groups, one file each (src/eventstore/).
    PayloadFidelity.register(ctx)
    SizeLimit.register(ctx)
    Privacy.register(ctx)
    Ordering.register(ctx)
    Chain.register(ctx)
    StaleCache.register(ctx)
    FileStoreTests.register(ctx)

    const crash = capabilities.crashSafety
    if (crash !== undefined) {
      if (!isDurable(factory)) throw new Error(`${name}: crashSafety needs a Durable factory`)
      const runs = crash.runs ?? envInt("JUSO_CRASH_RUNS", 50)
      describe("crash safety", () => {
        it.live(`a writer killed with SIGKILL at random points, ${runs} times: every batch all-or-nothing, every acknowledged batch kept, the chain verifies`, () =>
          crashRuns(factory, crash, runs, capabilities.file?.log === "lines" ? capabilities.file.path : undefined), 600_000)
      })
    }
  })
}
