/**
 * The tamper tests (AUD-1): storage changed behind the store's back through the raw backdoor,
 * first naive edits, then the attacks of a writer who can edit the database but does not hold
 * the chain key — rewriting and re-hashing, cutting the tail, forging appends, deleting a
 * whole stream, rolling back to an older copy, dropping the guards — each detected by
 * `verify`, in the store or against a checkpoint kept outside it. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventHash, EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import type * as RawEvent from "../RawEvent.ts"
import { event, ids } from "./helpers.ts"

type WithFresh<R> = <A, E>(body: Effect.Effect<A, E, EventStore.EventStore | R>) => Effect.Effect<A, unknown, never>

/**
 * A checkpoint covering at least `count` events: a feed (PostgreSQL's) may hold back the
 * newest events while another transaction in the cluster runs; wait for them (10 s at most).
 */
const checkpointOf = (store: EventStore.EventStoreShape, count: number) =>
  Effect.gen(function*() {
    const deadline = Date.now() + 10_000
    for (;;) {
      const result = yield* store.verify()
      if (!result.ok) return yield* Effect.die(new Error(`verify failed before the attack: ${result.problem}`))
      if (result.checkpoint.count >= count || Date.now() > deadline) {
        expect(result.checkpoint.count).toBe(count)
        return result.checkpoint
      }
      yield* Effect.sleep("20 millis")
    }
  })

/** Register the tamper tests (needs `raw.update` and `raw.delete`; more attacks with `insert`/`setHead`). */
export const tamperTests = <R>(
  raw: RawEvent.RawAccess<R>,
  withFresh: WithFresh<R>,
  chainKey: EventHash.ChainKey | undefined
): void => {
  const update = raw.update!
  const remove = raw.delete!
  const keyed = chainKey !== undefined
  describe("tamper evidence (AUD-1)", () => {
    // Three streams interleaved, then the test changes storage behind the store's back.
    const seeded = Effect.gen(function*() {
      const store = yield* EventStore.EventStore
      const t = ids()
      for (let i = 0; i < 4; i++) {
        for (const name of ["a", "b", "c"]) {
          yield* store.append(t.stream(name), "any", [event(t.event(), { step: i, note: "abc" })])
        }
      }
      expect(yield* store.verify()).toMatchObject({ ok: true, checked: 12 })
      const rows = yield* raw.read
      const of = (name: string) => rows.filter((r) => r.stream === t.stream(name))
      return { store, rows, of, t }
    })

    it.live("flipping one byte of a stored payload is a hash-mismatch at that event", () =>
      withFresh(Effect.gen(function*() {
        const { of, store, t } = yield* seeded
        const target = of("b")[1]!
        yield* update(target.position, { payload: target.payload.replace("abc", "abd") })
        expect(yield* store.verify()).toMatchObject({ ok: false, problem: "hash-mismatch", stream: t.stream("b"), version: 2, position: target.position })
      })))

    it.live("changing the stored type, time or id is a hash-mismatch", () =>
      Effect.gen(function*() {
        for (const patch of [{ type: "Forged" }, { recordedAt: "2000-01-01T00:00:00.000Z" }, { eventId: "forged-id" }]) {
          yield* withFresh(Effect.gen(function*() {
            const { of, store } = yield* seeded
            const target = of("a")[2]!
            yield* update(target.position, patch)
            expect(yield* store.verify(), JSON.stringify(patch)).toMatchObject({ ok: false, problem: "hash-mismatch", version: 3 })
          }))
        }
      }))

    it.live("re-hashing a forged event breaks the link to the next one (keyed: the forged hash is already wrong)", () =>
      withFresh(Effect.gen(function*() {
        const { of, store } = yield* seeded
        const target = of("c")[1]!
        const payload = target.payload.replace("abc", "xyz")
        // Re-hashed without the key: with a keyed chain the forged hash itself is wrong.
        const forged = EventHash.hashEncoded(target.prevHash, { ...target, payload })
        yield* update(target.position, { payload, hash: forged })
        expect(yield* store.verify()).toMatchObject(
          keyed ? { ok: false, problem: "hash-mismatch", version: 2 } : { ok: false, problem: "broken-link", version: 3 }
        )
      })))

    it.live("deleting a stored event in the middle of a stream is a version-gap", () =>
      withFresh(Effect.gen(function*() {
        const { of, store, t } = yield* seeded
        yield* remove(of("a")[1]!.position)
        expect(yield* store.verify()).toMatchObject({ ok: false, problem: "version-gap", stream: t.stream("a"), version: 3 })
      })))

    it.live("deleting the last event of a stream is a head-mismatch (the recorded head anchors the tail)", () =>
      withFresh(Effect.gen(function*() {
        const { of, store, t } = yield* seeded
        yield* remove(of("b")[3]!.position)
        expect(yield* store.verify()).toMatchObject({ ok: false, problem: "head-mismatch", stream: t.stream("b"), version: 4 })
      })))

    it.live("reordering two stored events of a stream is detected", () =>
      withFresh(Effect.gen(function*() {
        const { of, store, t } = yield* seeded
        const [, second, third] = of("c")
        const content = (r: RawEvent.RawEvent): RawEvent.RawPatch => ({
          eventId: r.eventId,
          type: r.type,
          payload: r.payload,
          metadata: r.metadata,
          recordedAt: r.recordedAt,
          prevHash: r.prevHash,
          hash: r.hash
        })
        // Swap everything but the row's place (stream, version, position); event ids are unique.
        yield* update(second!.position, { eventId: `swap-${t.prefix}` })
        yield* update(third!.position, content(second!))
        yield* update(second!.position, content(third!))
        expect(yield* store.verify()).toMatchObject({ ok: false, stream: t.stream("c"), version: 2, problem: "broken-link" })
      })))
  })

  const insert = raw.insert
  const setHead = raw.setHead
  if (insert === undefined || setHead === undefined) return

  // A writer without the chain key: whatever it writes, it hashes with plain SHA-256.
  const forge = EventHash.unkeyed
  const rehash = (rows: ReadonlyArray<RawEvent.RawEvent>, prevHash: string): Array<RawEvent.RawEvent> => {
    const out: Array<RawEvent.RawEvent> = []
    let prev = prevHash
    for (const row of rows) {
      const hash = EventHash.hashEncoded(prev, row, forge)
      out.push({ ...row, prevHash: prev, hash })
      prev = hash
    }
    return out
  }

  describe(`attacks by a writer without the chain key (AUD-1, ${keyed ? "keyed chain" : "unkeyed chain"})`, () => {
    const seeded = Effect.gen(function*() {
      const store = yield* EventStore.EventStore
      const t = ids()
      for (let i = 0; i < 4; i++) {
        for (const name of ["a", "b", "c"]) yield* store.append(t.stream(name), "any", [event(t.event(), { step: i, kpi: 5 })])
      }
      const checkpoint = yield* checkpointOf(store, 12)
      const rows = yield* raw.read
      const of = (name: string) => rows.filter((r) => r.stream === t.stream(name))
      return { store, rows, of, t, checkpoint }
    })

    it.live(`rewriting events and recomputing the hashes and head is ${keyed ? "a hash-mismatch" : "undetected in the store but history-changed against the checkpoint"}`, () =>
      withFresh(Effect.gen(function*() {
        const { checkpoint, of, store, t } = yield* seeded
        const [first, ...rest] = of("b")
        const rewritten = rehash([{ ...rest[0]!, payload: rest[0]!.payload.replace("5", "55") }, ...rest.slice(1)], first!.hash)
        for (const row of rewritten) yield* update(row.position, { payload: row.payload, prevHash: row.prevHash, hash: row.hash })
        yield* setHead(t.stream("b"), { version: 4, hash: rewritten.at(-1)!.hash })
        if (keyed) {
          const found = { ok: false, problem: "hash-mismatch", stream: t.stream("b"), version: 2 }
          expect(yield* store.verify()).toMatchObject(found)
          expect(yield* store.verify({ since: checkpoint })).toMatchObject(found)
        } else {
          expect(yield* store.verify()).toMatchObject({ ok: true })
          expect(yield* store.verify({ since: checkpoint })).toMatchObject({ ok: false, problem: "history-changed" })
        }
      })))

    if (keyed) {
      it.live("appending forged events (with a consistent head) is a hash-mismatch", () =>
        withFresh(Effect.gen(function*() {
          const { of, rows, store, t } = yield* seeded
          const last = of("a").at(-1)!
          let position = rows.at(-1)!.position
          const forged = rehash(
            [5, 6].map((version) => ({
              ...last,
              position: ++position,
              version,
              eventId: `forged-${version}-${t.prefix}`,
              payload: "{\"kpi\":55}"
            })),
            last.hash
          )
          for (const row of forged) yield* insert(row)
          yield* setHead(t.stream("a"), { version: 6, hash: forged.at(-1)!.hash })
          expect(yield* store.verify()).toMatchObject({ ok: false, problem: "hash-mismatch", stream: t.stream("a"), version: 5 })
        })))
    }

    it.live("cutting the tail (last events deleted, heads set back) is history-shrunk against the checkpoint", () =>
      withFresh(Effect.gen(function*() {
        const { checkpoint, rows, store } = yield* seeded
        for (const row of rows.slice(-2)) {
          yield* remove(row.position)
          const previous = rows.filter((r) => r.stream === row.stream && r.version === row.version - 1)[0]!
          yield* setHead(row.stream, { version: previous.version, hash: previous.hash })
        }
        expect(yield* store.verify({ since: checkpoint })).toMatchObject({ ok: false, problem: "history-shrunk", position: checkpoint.position })
      })))

    it.live("deleting a whole stream (events and head) is history-shrunk against the checkpoint", () =>
      withFresh(Effect.gen(function*() {
        const { checkpoint, of, store, t } = yield* seeded
        for (const row of of("b")) yield* remove(row.position)
        yield* setHead(t.stream("b"), undefined)
        expect(yield* store.verify({ since: checkpoint })).toMatchObject({ ok: false, problem: "history-shrunk" })
      })))

    it.live("rolling back to an older copy is history-shrunk against a later checkpoint; the older checkpoint still holds", () =>
      withFresh(Effect.gen(function*() {
        const { checkpoint: older, rows, store, t } = yield* seeded
        const headA = rows.filter((r) => r.stream === t.stream("a")).at(-1)!
        yield* store.append(t.stream("a"), 4, [event(t.event()), event(t.event())])
        yield* store.append(t.stream("d"), "no_stream", [event(t.event())])
        const later = yield* checkpointOf(store, 15)
        expect(yield* store.verify({ since: older })).toMatchObject({ ok: true, checkpoint: later })
        // The older copy: every row and head as they were at the older checkpoint.
        for (const row of yield* raw.read) if (row.position > older.position) yield* remove(row.position)
        yield* setHead(t.stream("a"), { version: 4, hash: headA.hash })
        yield* setHead(t.stream("d"), undefined)
        expect(yield* store.verify({ since: older })).toMatchObject({ ok: true, checkpoint: older })
        expect(yield* store.verify({ since: later })).toMatchObject({ ok: false, problem: "history-shrunk", position: later.position })
      })))

    const dropGuards = raw.dropGuards
    if (dropGuards !== undefined) {
      it.live("dropping the store's guards (append-only triggers) is guard-missing", () =>
        withFresh(Effect.gen(function*() {
          const { store } = yield* seeded
          yield* dropGuards
          expect(yield* store.verify()).toMatchObject({ ok: false, problem: "guard-missing" })
        })))
    }
  })
}
