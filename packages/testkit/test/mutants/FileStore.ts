/**
 * A small JSON-lines file store for the mutant suite: the in-memory reference store does the
 * deciding, each append is one line `{ stream, key, recordedAt, events, head }` synced before
 * the append returns, the file is replayed on open, and `verify` checks what is on disk.
 * `bugs` switches on one injected fault at a time; with none it passes the kit (the control).
 */
import { EventHash, EventStore, MemoryEventStore } from "@kitakami-juso/core"
import { ChainVerifier } from "@kitakami-juso/core/adapter"
import { Effect, Layer } from "effect"
import { closeSync, fdatasyncSync, ftruncateSync, openSync, writeSync } from "node:fs"
import * as JsonLines from "../../../../examples/custom-store/src/JsonLinesEventStore.ts"

export interface Bugs {
  /** Never fsync/fdatasync. */
  readonly noSync?: boolean
  /** Skip a torn last line on open but leave it in the file. */
  readonly noTornRecovery?: boolean
  /** `verify` always succeeds (counting the events in the file). */
  readonly verifyAlwaysOk?: boolean
  /** `verify` checks links and versions but never recomputes a hash. */
  readonly verifyNoRecompute?: boolean
}

interface Line {
  readonly stream: string
  readonly key: string | null
  readonly recordedAt: string
  readonly events: ReadonlyArray<EventStore.StoredEvent>
  readonly head: EventStore.StreamHead
}

/** The file's complete lines (a torn last line left out), read as the example vendor adapter reads its own. */
const readLines = (path: string): { readonly lines: ReadonlyArray<Line>; readonly goodBytes: number } =>
  JsonLines.readLines(path) as unknown as { readonly lines: ReadonlyArray<Line>; readonly goodBytes: number }

export const make = (path: string, bugs: Bugs = {}) =>
  Effect.gen(function*() {
    const { goodBytes, lines } = readLines(path)
    const fd = yield* Effect.acquireRelease(Effect.sync(() => openSync(path, "a+")), (fd) => Effect.sync(() => closeSync(fd)))
    if (bugs.noTornRecovery !== true) ftruncateSync(fd, goodBytes)
    let now = new Date()
    const memory = MemoryEventStore.make({ clock: () => now })
    // Replay: the same appends at the same instants give the same positions, versions and hashes.
    for (const line of lines) {
      now = new Date(line.recordedAt)
      Effect.runSync(memory.append(line.stream, "any", line.events.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload, metadata: e.metadata })), line.key === null ? undefined : { idempotencyKey: line.key }))
    }
    const append: EventStore.EventStoreShape["append"] = (stream, expected, events, options) =>
      Effect.suspend(() => {
        now = new Date()
        const exit = Effect.runSyncExit(memory.append(stream, expected, events, options))
        if (exit._tag === "Failure" || exit.value.replayed) return exit
        const stored = Effect.runSync(memory.readStream(stream, { fromVersion: exit.value.nextExpectedVersion - events.length + 1 }))
        const head = stored.at(-1)!
        const line: Line = {
          stream,
          key: options?.idempotencyKey ?? null,
          recordedAt: now.toISOString(),
          events: stored,
          head: { stream, version: head.version, hash: head.hash }
        }
        writeSync(fd, JSON.stringify(line) + "\n")
        if (bugs.noSync !== true) fdatasyncSync(fd)
        return exit
      })
    const verify: EventStore.EventStoreShape["verify"] = () =>
      Effect.sync(() => {
        const onDisk = readLines(path).lines
        if (bugs.verifyAlwaysOk === true) return okResult(onDisk.reduce((n, l) => n + l.events.length, 0))
        if (bugs.verifyNoRecompute === true) return linksOnly(onDisk.flatMap((l) => l.events))
        const verifier = ChainVerifier.make()
        const heads = new Map<string, EventStore.StreamHead>()
        for (const line of onDisk) {
          heads.set(line.stream, line.head)
          for (const e of line.events) {
            const problem = verifier.check(e)
            if (problem !== undefined) return problem
          }
        }
        return verifier.result(heads.values())
      })
    return EventStore.EventStore.of({ ...memory, append, verify })
  })

/** A verify result that claims success (a mutant's lie), in the port's shape. */
export const okResult = (checked: number): EventStore.VerifyResult => ({ ok: true, checked, checkpoint: { position: 0, count: checked, root: "" }, keyed: false })

/** A verify that follows the links between stored hashes but never recomputes a hash (a mutant). */
export const linksOnly = (events: ReadonlyArray<EventStore.StoredEvent>): EventStore.VerifyResult => {
  const heads = new Map<string, string>()
  let checked = 0
  for (const e of events) {
    if (e.prevHash !== (heads.get(e.stream) ?? "")) return { ok: false, checked, stream: e.stream, version: e.version, position: e.position, problem: "broken-link" }
    heads.set(e.stream, e.hash)
    checked++
  }
  return okResult(checked)
}

export const layer = (path: string, bugs: Bugs = {}): Layer.Layer<EventStore.EventStore> => Layer.effect(EventStore.EventStore, make(path, bugs))
