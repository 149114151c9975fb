/**
 * The runner process of the kit's projection crash test. An adapter's tiny script calls {@link run}
 * with a layer of its event store and read-model store; the kit seeds a history, starts the script,
 * kills it with `SIGKILL` at a random moment while it rebuilds the projections batch by batch, and
 * checks that each read model agrees with its checkpoint and that catching up then gives what a
 * from-scratch rebuild gives (AUD-1).
 *
 * Import it from `@kitakami-juso/testkit/ProjectionCrash` (it does not load vitest).
 *
 * Protocol on standard output: `ready` once the stores are open, then `at <position>` per batch.
 *
 * @module
 */
import { Catalog, type EventStore, type Projection, ProjectionRunner, type ReadModelStore, ReadSide } from "@kitakami-juso/core"
import { Effect, type Layer, Schedule } from "effect"
import { writeSync } from "node:fs"

const line = (text: string) => writeSync(1, `${text}\n`)

/** The projections the crash test runs: every read model of `ReadSide`. */
export const projections: ReadonlyArray<Projection.Projection> = ReadSide.projections(Catalog.kitakami)

/** Retry while another runner (e.g. a killed one whose lease has not run out) holds the lease. */
export const retryWhileBusy = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.retry(effect, {
    while: (e) => typeof e === "object" && e !== null && "reason" in e && e.reason === "busy",
    schedule: Schedule.spaced("100 millis")
  })

/** Rebuild every projection, batch by batch, again and again until killed. */
export const program = Effect.gen(function*() {
  line("ready")
  for (;;) {
    for (const p of projections) {
      yield* retryWhileBusy(ProjectionRunner.rebuild(p, {
        batchSize: 25,
        // Pages smaller than a commit: a kill can land between the pages of one commit.
        readSize: 4,
        leaseMillis: 1_000,
        onProgress: (progress) => Effect.sync(() => line(`at ${progress.position}`))
      }))
    }
  }
})

/** Open the stores and rebuild until the process is killed. */
export const run = (layer: Layer.Layer<EventStore.EventStore | ReadModelStore.ReadModelStore, unknown>): void => {
  Effect.runPromise(Effect.provide(program, layer)).catch((error: unknown) => {
    line(`failed ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
