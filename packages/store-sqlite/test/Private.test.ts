// Private by default, evidence copies and storage errors people can act on (AUD-1, AUD-2).
import { assert, describe, expect, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Cause, Context, Effect, Exit, Layer, Option } from "effect"
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chainKey } from "./chain-key.ts"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "juso-private-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const open = (filename: string, options?: { readonly readonly?: boolean }) =>
  Effect.map(
    Layer.build(Layer.fresh(SqliteEventStore.layer({ filename, chainKey, ...options }))),
    (context) => Context.get(context, EventStore.EventStore)
  )

const openFailure = (filename: string) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(Effect.scoped(open(filename)))
    assert(Exit.isFailure(exit))
    const error = Cause.findErrorOption(exit.cause)
    assert(Option.isSome(error) && EventStore.isEventStoreError(error.value))
    return error.value.reason
  })

const mode = (path: string) => statSync(path).mode & 0o777

describe("SqliteEventStore: private files, evidence copies, storage errors", () => {
  it.live("a new store file is 0600, its new directory 0700, and so are the -wal and -shm files", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = join(yield* tempDir, ".juso")
      const filename = join(dir, "juso.sqlite")
      const store = yield* open(filename)
      yield* store.append("case-1", "no_stream", [{ eventId: "e1", type: "T", payload: { name: "山田" } }])
      expect(mode(dir)).toBe(0o700)
      for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) expect(mode(file), file).toBe(0o600)
    })))

  it.live("an existing file keeps its mode (the operator's choice)", () =>
    Effect.scoped(Effect.gen(function*() {
      const filename = join(yield* tempDir, "shared.sqlite")
      writeFileSync(filename, "")
      chmodSync(filename, 0o640)
      yield* open(filename)
      expect(mode(filename)).toBe(0o640)
    })))

  it.live("AUD-1: verify opens a read-only evidence copy and gives the same checkpoint; appends to it fail", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const filename = join(dir, "juso.sqlite")
      const checkpoint = yield* Effect.scoped(Effect.gen(function*() {
        const store = yield* open(filename)
        yield* store.append("case-1", "no_stream", [{ eventId: "e1", type: "T", payload: 1 }, { eventId: "e2", type: "T", payload: 2 }])
        const result = yield* store.verify()
        assert(result.ok)
        return result.checkpoint
      }))
      mkdirSync(join(dir, "evidence"))
      const copy = join(dir, "evidence", "copy.sqlite")
      copyFileSync(filename, copy)
      chmodSync(copy, 0o400)
      const evidence = yield* open(copy, { readonly: true })
      expect(yield* evidence.verify({ since: checkpoint })).toMatchObject({ ok: true, checked: 2, checkpoint })
      const refused = yield* Effect.flip(evidence.append("case-1", 2, [{ eventId: "e3", type: "T", payload: 3 }]))
      expect(refused.reason).toMatchObject({ _tag: "Misconfigured", problem: "read-only" })
      expect(refused.isRetryable).toBe(false)
    })))

  it.live("a path that is a directory is Misconfigured (not-a-file), not a transient failure", () =>
    Effect.scoped(Effect.gen(function*() {
      const reason = yield* openFailure(yield* tempDir)
      expect(reason).toMatchObject({ _tag: "Misconfigured", problem: "not-a-file" })
      expect(reason.isRetryable).toBe(false)
      expect(reason.message).toContain("directory")
    })))

  it.live("a file that is not a SQLite database is Corrupt, named as such", () =>
    Effect.scoped(Effect.gen(function*() {
      const filename = join(yield* tempDir, "notes.sqlite")
      writeFileSync(filename, "山田 太郎,北上市本通り1-2-3\n".repeat(200))
      const reason = yield* openFailure(filename)
      expect(reason._tag).toBe("Corrupt")
      expect(reason.message).toContain("not a SQLite database")
      expect(reason.message).not.toContain("山田")
      expect(reason.isRetryable).toBe(false)
    })))

  it.live("a read-only copy that does not exist is Misconfigured (not-found)", () =>
    Effect.scoped(Effect.gen(function*() {
      const missing = join(yield* tempDir, "missing.sqlite")
      const exit = yield* Effect.exit(Effect.scoped(open(missing, { readonly: true })))
      assert(Exit.isFailure(exit))
      const error = Option.getOrThrow(Cause.findErrorOption(exit.cause))
      expect(EventStore.isEventStoreError(error) && error.reason).toMatchObject({ _tag: "Misconfigured", problem: "not-found" })
    })))
})
