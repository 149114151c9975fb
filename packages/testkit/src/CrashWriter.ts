/**
 * The writer process of the kit's crash test. An adapter's tiny script calls {@link run} with
 * its store layer; the kit starts that script with `process.execPath`, lets it append batches
 * for a random moment and kills it with `SIGKILL`, then checks that every batch is all or
 * nothing, every acknowledged batch is there and the hash chain verifies (AUD-1).
 *
 * Import it from `@kitakami-juso/testkit/CrashWriter`: unlike the package's main entry it does
 * not load vitest, so the script starts fast.
 *
 * ```ts
 * // test/crash-writer.ts
 * import * as CrashWriter from "@kitakami-juso/testkit/CrashWriter"
 * import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
 * CrashWriter.run(SqliteEventStore.layer({ filename: process.argv[2]! }))
 * ```
 *
 * Protocol on standard output, one line each: `ready` once the store is open, then
 * `acked <batch>` after each append returned.
 *
 * @module
 */
import { EventStore } from "@kitakami-juso/core"
import { Effect, type Layer } from "effect"
import { writeSync } from "node:fs"

/** Environment variable with this run's id (batch ids are `<run>:<n>`). */
export const RUN_ENV = "JUSO_CRASH_RUN"

/** The payload of every event the writer appends. */
export interface CrashPayload {
  readonly batch: string
  readonly size: number
  readonly index: number
  readonly pad: string
}

// Standard output may be a non-blocking pipe (once anything logged through process.stdout):
// a full pipe is EAGAIN, not a failure — wait and write the rest.
const line = (text: string) => {
  let bytes = Buffer.from(`${text}\n`)
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(1, bytes))
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EAGAIN") throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1)
    }
  }
}

/** Append batches of 1–`maxBatch` events to `streams` streams until killed. */
export const program = (options?: { readonly streams?: number; readonly maxBatch?: number }) =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    const run = process.env[RUN_ENV] ?? String(process.pid)
    const streams = options?.streams ?? 3
    const maxBatch = options?.maxBatch ?? 40
    line("ready")
    for (let n = 0;; n++) {
      const batch = `${run}:${n}`
      const size = 1 + Math.floor(Math.random() * maxBatch)
      const events = Array.from({ length: size }, (_, index) => ({
        eventId: `crash-${batch}-${index}`,
        type: "CrashTest",
        payload: { batch, size, index, pad: "x".repeat(Math.floor(Math.random() * 200)) } satisfies CrashPayload
      }))
      yield* store.append(`crash-${n % streams}`, "any", events)
      line(`acked ${batch}`)
    }
  })

/** Open the store and append until the process is killed. */
export const run = (
  layer: Layer.Layer<EventStore.EventStore, unknown>,
  options?: { readonly streams?: number; readonly maxBatch?: number }
): void => {
  Effect.runPromise(Effect.provide(program(options), layer)).catch((error: unknown) => {
    line(`failed ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
