/**
 * A vendor's event store, written against the core port only: one append-only file of JSON
 * lines, one line per append. It shows what an adapter has to do, and what core gives it:
 *
 * - `EventBatch.validateBatch` (from `@kitakami-juso/core/adapter`) refuses bad input and
 *   encodes each event as canonical JSON;
 * - `EventBatch.versionConflict` decides the expected version;
 * - `EventHash.hashEncoded` chains the events (AUD-1), `EventHash.hashRequestEncoded`
 *   recognises an idempotent replay;
 * - `ChainVerifier.make` checks the chain in `verify` and returns the checkpoint (AUD-1).
 *
 * The chain is unkeyed here (plain SHA-256); pass `EventHash.keyed(key)` as the digest of
 * `hashEncoded` and `ChainVerifier.make` to key it.
 *
 * A line is written with one `write` and synced before the append returns, so a batch is all
 * or nothing: a writer killed mid-line leaves a torn last line, which the next open cuts off.
 * Each line also records the stream's head after it, the anchor `verify` compares the chain's
 * end with. One process writes a file at a time (the kit runs it without several connections).
 *
 * @module
 */
import { EventHash, EventStore } from "@kitakami-juso/core"
import { ChainVerifier, EventBatch } from "@kitakami-juso/core/adapter"
import { Effect, Layer, Option, Stream } from "effect"
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs"

/** One event as stored: payload and metadata as the canonical JSON text that was hashed. */
export interface LineEvent {
  readonly position: number
  readonly stream: string
  readonly version: number
  readonly eventId: string
  readonly type: string
  readonly payload: string
  readonly metadata: string | null
  readonly recordedAt: string
  readonly prevHash: string
  readonly hash: string
}

/** One line of the file: one append. */
export interface Line {
  readonly events: ReadonlyArray<LineEvent>
  /** The stream's head after this append. */
  readonly head: { readonly stream: string; readonly version: number; readonly hash: string }
  readonly idempotency: { readonly key: string; readonly request: string } | null
}

/** The file's complete lines; a torn last line (no newline, or unreadable) is left out. */
export const readLines = (path: string): { readonly lines: Array<Line>; readonly goodBytes: number } => {
  if (!existsSync(path)) return { lines: [], goodBytes: 0 }
  const text = readFileSync(path, "utf8")
  const lines: Array<Line> = []
  let offset = 0
  for (;;) {
    const end = text.indexOf("\n", offset)
    if (end < 0) break
    try {
      lines.push(JSON.parse(text.slice(offset, end)) as Line)
    } catch {
      break
    }
    offset = end + 1
  }
  return { lines, goodBytes: Buffer.byteLength(text.slice(0, offset)) }
}

const decode = (e: LineEvent): EventStore.StoredEvent => ({
  ...e,
  payload: JSON.parse(e.payload),
  metadata: e.metadata === null ? null : JSON.parse(e.metadata)
})

/** Open (or create) the file and build the store; the file closes with the scope. */
export const make = (path: string) =>
  Effect.gen(function*() {
    const { goodBytes, lines } = readLines(path)
    const fd = yield* Effect.acquireRelease(
      Effect.sync(() => openSync(path, "a+")),
      (fd) => Effect.sync(() => closeSync(fd))
    )
    // Recovery: cut off a line torn by a crash, so the next append starts on a clean line.
    ftruncateSync(fd, goodBytes)

    // The in-memory index, rebuilt from the file.
    const all: Array<EventStore.StoredEvent> = []
    const streams = new Map<string, Array<EventStore.StoredEvent>>()
    const eventIds = new Set<string>()
    const keys = new Map<string, { readonly request: string; readonly result: EventStore.AppendResult }>()
    const index = (line: Line) => {
      for (const e of line.events) {
        const stored = decode(e)
        all.push(stored)
        const list = streams.get(e.stream)
        if (list === undefined) streams.set(e.stream, [stored])
        else list.push(stored)
        eventIds.add(e.eventId)
      }
      if (line.idempotency !== null) {
        keys.set(line.idempotency.key, {
          request: line.idempotency.request,
          result: {
            stream: line.head.stream,
            nextExpectedVersion: line.head.version,
            firstPosition: line.events[0]!.position,
            lastPosition: line.events.at(-1)!.position,
            replayed: false
          }
        })
      }
    }
    lines.forEach(index)

    // Synchronous from check to write: no other fiber can come in between.
    const write = (
      stream: string,
      expected: EventStore.ExpectedVersion,
      encoded: ReadonlyArray<EventBatch.EncodedEvent>,
      key: string | undefined
    ): Effect.Effect<EventStore.AppendResult, EventStore.EventStoreError> => {
      const request = key === undefined ? "" : EventHash.hashRequestEncoded(stream, encoded)
      const seen = key === undefined ? undefined : keys.get(key)
      if (seen !== undefined) {
        return seen.request === request
          ? Effect.succeed({ ...seen.result, replayed: true })
          : EventStore.fail(new EventStore.IdempotencyConflict({ message: "idempotency key reused with different events", idempotencyKey: key! }))
      }
      const current = streams.get(stream) ?? []
      const conflict = EventBatch.versionConflict(stream, expected, current.length)
      if (conflict !== undefined) return EventStore.fail(conflict)
      const taken = encoded.find((e) => eventIds.has(e.eventId))
      if (taken !== undefined) {
        return EventStore.fail(new EventStore.DuplicateEvent({ message: `event ${taken.eventId} already stored`, eventId: taken.eventId }))
      }
      const recordedAt = new Date().toISOString()
      let prevHash = current.at(-1)?.hash ?? ""
      const events = encoded.map((e, i): LineEvent => {
        const fields = { stream, version: current.length + i + 1, eventId: e.eventId, type: e.type, payload: e.payload, metadata: e.metadata, recordedAt }
        const hash = EventHash.hashEncoded(prevHash, fields)
        const event = { ...fields, position: all.length + i + 1, prevHash, hash }
        prevHash = hash
        return event
      })
      const line: Line = {
        events,
        head: { stream, version: current.length + events.length, hash: prevHash },
        idempotency: key === undefined ? null : { key, request }
      }
      try {
        writeSync(fd, JSON.stringify(line) + "\n")
        fdatasyncSync(fd)
      } catch {
        return EventStore.fail(new EventStore.ConnectionFailure({ message: "could not write the event file" }))
      }
      index(line)
      return Effect.succeed({
        stream,
        nextExpectedVersion: line.head.version,
        firstPosition: events[0]!.position,
        lastPosition: events.at(-1)!.position,
        replayed: false
      })
    }

    return EventStore.EventStore.of({
      append: (stream, expected, batch, options) =>
        Effect.flatMap(EventBatch.validateBatch(stream, batch), (encoded) =>
          Effect.suspend(() => write(stream, expected, encoded, options?.idempotencyKey))),
      readStream: (stream, options) =>
        Effect.sync(() => (streams.get(stream) ?? []).filter((e) => e.version >= (options?.fromVersion ?? 1))),
      readAll: (from = 0, options) => {
        const size = Math.max(1, options?.batchSize ?? 500)
        return Stream.paginate(Math.max(0, from), (after: number) =>
          Effect.sync(() => {
            const page = all.slice(after, after + size)
            return [page, after + size < all.length ? Option.some(after + size) : Option.none()] as const
          }))
      },
      // Verify what is on disk, not the index: that is what an auditor can be handed.
      verify: (options) =>
        Effect.sync(() => {
          const verifier = ChainVerifier.make({ since: options?.since })
          const heads = new Map<string, EventStore.StreamHead>()
          for (const line of readLines(path).lines) {
            heads.set(line.head.stream, line.head)
            for (const e of line.events) {
              let stored: EventStore.StoredEvent
              try {
                stored = decode(e)
              } catch {
                return { ok: false, checked: 0, stream: e.stream, version: e.version, position: e.position, problem: "unreadable" } as const
              }
              const problem = verifier.check(stored)
              if (problem !== undefined) return problem
            }
          }
          return verifier.result(heads.values())
        })
    })
  })

/** `layer({ path: "events.jsonl" })`. */
export const layer = (options: { readonly path: string }): Layer.Layer<EventStore.EventStore> =>
  Layer.effect(EventStore.EventStore, make(options.path))
