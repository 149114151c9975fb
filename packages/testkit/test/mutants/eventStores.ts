/**
 * Event-store mutants: each one a small wrapper over core's in-memory store (or the mutant
 * suite's {@link FileStore}) that injects exactly one bug a vendor could ship. The kit must
 * fail for every one of them, in a test whose name matches `killedBy`; the controls (the same
 * wrappers with no bug) must pass.
 */
import { EventHash, EventStore, MemoryEventStore } from "@kitakami-juso/core"
import { ChainVerifier } from "@kitakami-juso/core/adapter"
import { EventStoreConformance } from "@kitakami-juso/testkit/event-store"
import { Context, Effect, Layer, type Scope, Stream } from "effect"
import { createHash } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { raw as memoryRaw } from "../support/memoryRaw.ts"
import * as FileStore from "./FileStore.ts"
import { okResult } from "./FileStore.ts"

export interface EventStoreMutant {
  readonly kind: "mutant" | "control"
  /** The suite's name in the report. */
  readonly name: string
  /** The kit test(s) expected to kill it (matched against "describe > … > test"). */
  readonly killedBy?: RegExp
  /** Register the kit's suite for it. */
  readonly register: () => void
}

type Shape = EventStore.EventStoreShape

/** A fresh in-memory store per build, with some of its methods replaced. */
const wrapped = (patch: (base: Shape) => Partial<Shape>): Layer.Layer<EventStore.EventStore> =>
  Layer.sync(EventStore.EventStore, () => {
    const base = MemoryEventStore.make()
    return EventStore.EventStore.of({ ...base, ...patch(base) })
  })

/** Apply `f` to every string (keys too) of JSON-encodable values; leave anything else for validation to refuse. */
const mapStrings = (value: unknown, f: (s: string) => string): unknown => {
  if (!("json" in EventHash.encodeJson(value))) return value
  const go = (v: unknown): unknown =>
    typeof v === "string"
      ? f(v)
      : Array.isArray(v)
      ? v.map(go)
      : v !== null && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [f(k), go(x)]))
      : v
  return go(value)
}

/** Change each event before it is stored. */
const onAppend = (f: (e: EventStore.NewEvent) => EventStore.NewEvent) =>
  wrapped((base) => ({
    append: (stream, expected, events, options) =>
      base.append(stream, expected, Array.isArray(events) ? events.map((e) => (e !== null && typeof e === "object" ? f(e) : e)) : events, options)
  }))

const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu

/** Several connections on one shared in-memory store; `connection` wraps each one. */
const shared = (connection: (base: Shape) => Shape): EventStoreConformance.Durable<Shape> => ({
  location: Effect.sync(() => MemoryEventStore.make()),
  open: (base) => Layer.sync(EventStore.EventStore, () => connection(base))
})

/** A connection that caches streams it has read, refreshing them only after its own appends. */
const streamCache = (base: Shape): Shape => {
  const cache = new Map<string, ReadonlyArray<EventStore.StoredEvent>>()
  return {
    ...base,
    append: (stream, expected, events, options) => Effect.tap(base.append(stream, expected, events, options), () => Effect.sync(() => cache.delete(stream))),
    readStream: (stream, options) =>
      Effect.map(
        cache.has(stream) ? Effect.succeed(cache.get(stream)!) : Effect.tap(base.readStream(stream), (all) => Effect.sync(() => cache.set(stream, all))),
        (all) => all.filter((e) => e.version >= (options?.fromVersion ?? 1))
      )
  }
}

/** A connection that trusts the version it first read for a stream and then writes with "any". */
const versionCache = (base: Shape): Shape => {
  const versions = new Map<string, number>()
  return {
    ...base,
    readStream: (stream, options) =>
      Effect.tap(base.readStream(stream, options), (all) =>
        Effect.sync(() => {
          if (!versions.has(stream) && all.length > 0) versions.set(stream, all.at(-1)!.version)
        })),
    append: (stream, expected, events, options) =>
      Effect.tap(
        base.append(stream, typeof expected === "number" && versions.get(stream) === expected ? "any" : expected, events, options),
        (result) => Effect.sync(() => versions.set(stream, result.nextExpectedVersion))
      )
  }
}

/** Fail with `reason` turned into a leaky one when it has tag `tag`. */
const leaking = (tag: "DuplicateEvent" | "IdempotencyConflict") =>
  wrapped((base) => ({
    append: (stream, expected, events, options) =>
      Effect.catchIf(
        base.append(stream, expected, events, options),
        (error) => error.reason._tag === tag,
        (error) => {
          const detail = ` (batch: ${JSON.stringify(events.map((e) => [e.payload, e.metadata]))})`
          return EventStore.fail(
            error.reason._tag === "DuplicateEvent"
              ? new EventStore.DuplicateEvent({ ...error.reason, message: error.reason.message + detail })
              : new EventStore.IdempotencyConflict({ ...(error.reason as EventStore.IdempotencyConflict), message: error.reason.message + detail })
          )
        }
      )
  }))

/** The limit counted in UTF-16 code units: a too-large event that is short in characters is kept aside and accepted. */
const sizeInCharacters = wrapped((base) => {
  const stash = new Map<string, EventStore.NewEvent["payload"]>()
  const restore = (e: EventStore.StoredEvent): EventStore.StoredEvent => {
    const key = (e.payload as { readonly $stash?: string } | null)?.$stash
    return key === undefined || !stash.has(key) ? e : { ...e, payload: stash.get(key)! }
  }
  return {
    append: (stream, expected, events, options) => {
      const sized = Array.isArray(events) ? events : []
      const chars = (e: EventStore.NewEvent) => {
        const p = EventHash.encodeJson(e.payload)
        const m = e.metadata === undefined || e.metadata === null ? { json: "" } : EventHash.encodeJson(e.metadata)
        return "json" in p && "json" in m ? { chars: p.json.length + m.json.length, bytes: Buffer.byteLength(p.json + m.json) } : undefined
      }
      const kept = sized.map((e) => {
        const size = e !== null && typeof e === "object" ? chars(e) : undefined
        if (size === undefined || size.chars > EventStore.MAX_EVENT_BYTES || size.bytes <= EventStore.MAX_EVENT_BYTES) return e
        stash.set(e.eventId, e.payload)
        return { ...e, payload: { $stash: e.eventId }, metadata: null }
      })
      return base.append(stream, expected, Array.isArray(events) ? kept : events, options)
    },
    readStream: (stream, options) => Effect.map(base.readStream(stream, options), (es) => es.map(restore)),
    readAll: (from, options) => Stream.map(base.readAll(from, options), restore)
  }
})

/** A store that chains with its own hash function (verify agrees with itself, not with EventHash). */
const ownHash = wrapped((base) => {
  const rechain = (events: ReadonlyArray<EventStore.StoredEvent>) => {
    let prev = ""
    return events.map((e) => {
      const hash = createHash("sha256").update(prev + e.eventId + EventHash.canonicalJson(e.payload)).digest("hex")
      const out = { ...e, prevHash: prev, hash }
      prev = hash
      return out
    })
  }
  const readStream: Shape["readStream"] = (stream, options) =>
    Effect.map(base.readStream(stream), (all) => rechain(all).filter((e) => e.version >= (options?.fromVersion ?? 1)))
  return {
    readStream,
    readAll: (from, options) =>
      Stream.mapEffect(base.readAll(from, options), (e) => Effect.map(readStream(e.stream, { fromVersion: e.version }), (es) => es[0]!))
  }
})

/** The reference store whose verify walks the chains but never compares the recorded heads. */
const ignoresHeads = Layer.effectContext(Effect.map(Layer.build(MemoryEventStore.layerWithRaw()), (context) => {
  const table = Context.get(context, MemoryEventStore.Raw)
  const verify: Shape["verify"] = () =>
    Effect.sync(() => {
      const verifier = ChainVerifier.make()
      for (const row of table.rows()) {
        const problem = verifier.check(row)
        if (problem !== undefined) return problem
      }
      return verifier.result()
    })
  return Context.add(context, EventStore.EventStore, { ...Context.get(context, EventStore.EventStore), verify })
}))

const tempFile: Effect.Effect<string, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "juso-mutant-"))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  ),
  (dir) => join(dir, "events.jsonl")
)

const fileStore = (bugs: FileStore.Bugs, crash = false): Omit<EventStoreConformance.Description<never, string>, "name"> => ({
  factory: { location: tempFile, open: (path) => FileStore.layer(path, bugs) },
  capabilities: {
    singleConnection: true,
    file: { path: (path) => path, log: "lines", sync: "node:fs" },
    ...(crash ? { crashSafety: { writer: new URL("./fileStoreWriter.ts", import.meta.url), args: (path: string) => [path], runs: 4 } } : {})
  }
})

const entry = <R, L>(
  kind: "mutant" | "control",
  name: string,
  factory: EventStoreConformance.Factory<R, L>,
  capabilities: EventStoreConformance.Capabilities<R, L> = {},
  killedBy?: RegExp
): EventStoreMutant => ({
  kind,
  name: `${kind}: ${name}`,
  ...(killedBy === undefined ? {} : { killedBy }),
  register: () => EventStoreConformance.suite({ name: `${kind}: ${name}`, factory, capabilities })
})

const mutant = <R, L>(name: string, killedBy: RegExp, factory: EventStoreConformance.Factory<R, L>, capabilities: EventStoreConformance.Capabilities<R, L> = {}) =>
  entry("mutant", name, factory, capabilities, killedBy)

const fileMutant = (name: string, killedBy: RegExp, bugs: FileStore.Bugs) => {
  const d = fileStore(bugs)
  return entry("mutant", name, d.factory, d.capabilities, killedBy)
}

export const eventStoreMutants: ReadonlyArray<EventStoreMutant> = [
  // Controls: the harness itself passes the kit.
  entry("control", "wrapped memory store", wrapped(() => ({}))),
  entry("control", "shared memory store, two connections", shared((base) => base)),
  entry("control", "JSON-lines file store", fileStore({}, true).factory, fileStore({}, true).capabilities),
  // Fidelity.
  mutant("astral characters replaced in payloads", /fidelity/, onAppend((e) => ({ ...e, payload: mapStrings(e.payload, (s) => s.replace(ASTRAL, "\ufffd")) as never }))),
  mutant("astral characters dropped from metadata", /fidelity/, onAppend((e) => ({ ...e, metadata: mapStrings(e.metadata, (s) => s.replace(ASTRAL, "")) as never }))),
  mutant("payload text NFKC-normalised (half-width kana widened)", /fidelity/, onAppend((e) => ({ ...e, payload: mapStrings(e.payload, (s) => s.normalize("NFKC")) as never }))),
  mutant("metadata text NFC-normalised", /fidelity/, onAppend((e) => ({ ...e, metadata: mapStrings(e.metadata, (s) => s.normalize("NFC")) as never }))),
  mutant("falsy metadata dropped (metadata || null)", /falsy metadata/, onAppend((e) => ({ ...e, metadata: (e.metadata || null) as never }))),
  mutant("metadata over 8 KiB dropped", /large non-ASCII/, onAppend((e) => ({ ...e, metadata: (e.metadata !== undefined && JSON.stringify(e.metadata ?? null).length > 8192 ? null : e.metadata) as never }))),
  mutant("text over 16,384 characters truncated", /large non-ASCII/, onAppend((e) => ({ ...e, payload: mapStrings(e.payload, (s) => s.slice(0, 16_384)) as never }))),
  // Limits and privacy.
  mutant("64 KiB limit counted in characters", /size limit in UTF-8 bytes/, sizeInCharacters),
  mutant("DuplicateEvent message quotes the batch", /AUD-2/, leaking("DuplicateEvent")),
  mutant("IdempotencyConflict message quotes the batch", /AUD-2/, leaking("IdempotencyConflict")),
  // Caches across connections.
  mutant("stale stream cache per connection", /two connections/, shared(streamCache)),
  mutant("stale version cache per connection (appends with \"any\")", /two connections/, shared(versionCache)),
  // Order, with concurrentWriters off.
  mutant("readStream sorted by event id", /order of long streams|model-based/, wrapped((base) => ({
    readStream: (stream, options) => Effect.map(base.readStream(stream, options), (es) => [...es].sort((a, b) => a.eventId < b.eventId ? -1 : 1))
  })), { concurrentWriters: false }),
  mutant("readAll grouped by stream", /global feed|order of long streams|model-based/, wrapped((base) => ({
    readAll: (from, options) =>
      Stream.unwrap(Effect.map(Stream.runCollect(base.readAll(from, options)), (es) => Stream.fromIterable([...es].sort((a, b) => a.stream.localeCompare(b.stream) || a.position - b.position))))
  })), { concurrentWriters: false }),
  // The chain, without a backdoor.
  mutant("verify always ok, checked 0", /hash chain recomputed by the kit/, wrapped(() => ({ verify: () => Effect.succeed(okResult(0)) }))),
  mutant("chained with its own hash function", /hash chain|AUD-1/, ownHash),
  mutant("verify ignores recorded heads (with a backdoor)", /head-mismatch/, ignoresHeads, { raw: memoryRaw }),
  // File stores, declared through the file capability and no backdoor.
  fileMutant("file store without fsync", /synced to disk/, { noSync: true }),
  fileMutant("file store without torn-line recovery", /torn last line/, { noTornRecovery: true }),
  fileMutant("file store whose verify is always ok", /at rest/, { verifyAlwaysOk: true }),
  fileMutant("file store whose verify never recomputes hashes", /at rest/, { verifyNoRecompute: true })
]
