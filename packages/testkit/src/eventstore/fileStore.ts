/**
 * Stores that keep their events in a file they declare (`file: { path, log, sync }`): the kit
 * tampers with the bytes at rest (no backdoor needed), tears the last line of an append-only
 * log as a crash mid-write does, and counts the `fsync`/`fdatasync` calls an append makes.
 * Needs a {@link Durable} factory. @internal
 */
import { describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import fs from "node:fs"
import { syncBuiltinESMExports } from "node:module"
import type { Durable } from "../EventStoreConformance.ts"
import { all, event, ids } from "../internal/helpers.ts"
import { connect, type SuiteContext } from "./SuiteContext.ts"

/** Append the first part of the file's last line again, without its end: a write torn by a crash. */
export const tearLastLine = (path: string): void => {
  if (!fs.existsSync(path)) return
  const bytes = fs.readFileSync(path)
  if (bytes.length === 0) return
  const end = bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length
  const start = bytes.lastIndexOf(0x0a, end - 1) + 1
  // Cut inside the line (at an odd byte, often inside a multi-byte character).
  const cut = start + Math.max(1, Math.floor((end - start) / 2) | 1)
  fs.appendFileSync(path, bytes.subarray(start, Math.min(cut, end)))
}

/** Count `fsync`/`fdatasync` calls made through node:fs (sync, callback and `FileHandle`) while `body` runs. */
const countingSyncs = <A, E, R>(body: (count: () => number) => Effect.Effect<A, E, R>) =>
  Effect.acquireUseRelease(
    Effect.promise(async () => {
      let calls = 0
      const handle = await fs.promises.open(process.execPath, "r")
      const handleProto = Object.getPrototypeOf(handle) as Record<string, (...args: Array<unknown>) => unknown>
      await handle.close()
      const targets: Array<[Record<string, (...args: Array<unknown>) => unknown>, string]> = [
        [fs as never, "fsyncSync"],
        [fs as never, "fdatasyncSync"],
        [fs as never, "fsync"],
        [fs as never, "fdatasync"],
        [handleProto, "sync"],
        [handleProto, "datasync"]
      ]
      const originals = targets.map(([owner, key]) => owner[key]!)
      targets.forEach(([owner, key], i) => {
        const original = originals[i]!
        owner[key] = function(this: unknown, ...args: Array<unknown>) {
          calls++
          return original.apply(this, args)
        }
      })
      syncBuiltinESMExports()
      const restore = () => {
        targets.forEach(([owner, key], i) => {
          owner[key] = originals[i]!
        })
        syncBuiltinESMExports()
      }
      return { count: () => calls, restore }
    }),
    ({ count }) => body(count),
    ({ restore }) => Effect.sync(restore)
  )

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  const file = ctx.capabilities.file
  if (file === undefined) return
  if (ctx.durable === undefined) throw new Error(`${ctx.name}: the file capability needs a Durable factory`)
  const durable: Durable<L, R> = ctx.durable

  describe("the store's file", () => {
    it.live("AUD-1: a payload byte changed in the file at rest (no backdoor) makes verify fail", () =>
      Effect.scoped(Effect.gen(function*() {
        const location = yield* durable.location
        const t = ids()
        const marker = `at-rest-${t.prefix}-`
        yield* Effect.scoped(Effect.gen(function*() {
          const store = yield* connect(durable, location)
          for (let i = 0; i < 3; i++) {
            for (const name of ["a", "b"]) {
              yield* store.append(t.stream(name), "any", [event(t.event(), { note: `${marker}${name}${i}-abc` })])
            }
          }
          expect(yield* store.verify()).toMatchObject({ ok: true })
        }))
        const path = file.path(location)
        const bytes = fs.readFileSync(path)
        const target = Buffer.from(`${marker}b1-abc`)
        const at = bytes.indexOf(target)
        expect(at, "the declared file holds the payloads as appended").toBeGreaterThanOrEqual(0)
        bytes[at + target.length - 1] = "d".charCodeAt(0)
        fs.writeFileSync(path, bytes)
        yield* Effect.scoped(Effect.gen(function*() {
          const store = yield* connect(durable, location)
          expect(yield* store.verify()).toMatchObject({ ok: false })
        }))
      })), 60_000)

    if (file.log === "lines") {
      it.live("a torn last line (a crash mid-write) is cut off on open: acknowledged events stay, later appends survive the next open", () =>
        Effect.scoped(Effect.gen(function*() {
          const location = yield* durable.location
          const t = ids()
          const path = file.path(location)
          const acked: Array<string> = []
          const appendSome = (store: EventStore.EventStoreShape, n: number) =>
            Effect.gen(function*() {
              for (let i = 0; i < n; i++) {
                const batch = [event(t.event(), { i, text: "ｶﾅ𠮷" }), event(t.event())]
                yield* store.append(t.stream(`s${i % 2}`), "any", batch)
                acked.push(...batch.map((e) => e.eventId))
              }
            })
          const check = (store: EventStore.EventStoreShape) =>
            Effect.gen(function*() {
              expect((yield* all(store)).map((e) => e.eventId)).toEqual(acked)
              expect(yield* store.verify()).toMatchObject({ ok: true, checked: acked.length })
            })
          yield* Effect.scoped(Effect.flatMap(connect(durable, location), (store) => appendSome(store, 3)))
          tearLastLine(path)
          yield* Effect.scoped(Effect.gen(function*() {
            const store = yield* connect(durable, location)
            yield* check(store)
            yield* appendSome(store, 2)
          }))
          tearLastLine(path)
          yield* Effect.scoped(Effect.gen(function*() {
            const store = yield* connect(durable, location)
            yield* check(store)
          }))
        })), 60_000)
    }

    if (file.sync === "node:fs") {
      it.live("every append is synced to disk (fsync or fdatasync) before it returns", () =>
        ctx.withFresh(Effect.gen(function*() {
          const store = yield* EventStore.EventStore
          const t = ids()
          yield* countingSyncs((count) =>
            Effect.gen(function*() {
              for (let i = 0; i < 3; i++) {
                const before = count()
                yield* store.append(t.stream(), "any", [event(t.event(), { i })])
                expect(count() - before, `append ${i + 1}`).toBeGreaterThanOrEqual(1)
              }
            })
          )
        })))
    }
  })
}
