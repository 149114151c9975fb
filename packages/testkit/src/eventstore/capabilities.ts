/**
 * What an event-store adapter hands the conformance suite (AUD-1): its factory (a layer or a
 * {@link Durable} store) and the capabilities it declares, each of which turns a group of tests on.
 * The public names are re-exported by `EventStoreConformance`. @internal
 */
import type { EventHash, EventStore } from "@kitakami-juso/core"
import type { Effect, Layer, Scope } from "effect"
import type * as RawEvent from "../RawEvent.ts"

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
  /**
   * The store honours `readAll`'s `types` hint: it leaves events of other types out (except the
   * last event a read reaches). Every store is checked to return all events of the asked types and
   * the last event; with this flag the kit also checks that the others are left out.
   */
  readonly typeHint?: boolean | undefined
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
