/** The projection crash test: seed, start a runner, kill it, check read models against checkpoints. @internal */
import { expect } from "@effect/vitest"
import { ProjectionRunner, ReadModelStore } from "@kitakami-juso/core"
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { projections, retryWhileBusy } from "../ProjectionCrash.ts"
import type { Capabilities, Factory } from "../ProjectionConformance.ts"
import { crashOnce } from "./crash.ts"
import { decodedFeed, expected, plain, readModel, seed } from "./readside.ts"

const RUNS_PER_LOCATION = 10
const LANES = 2

/** `runs` kills over fresh locations of a seeded history; after each, every read model agrees with its checkpoint. */
export const projectionCrashRuns = <L>(factory: Factory<L>, crash: NonNullable<Capabilities<L>["crash"]>, runs: number) =>
  Effect.scoped(Effect.gen(function*() {
    const script = typeof crash.runner === "string" ? crash.runner : fileURLToPath(crash.runner)
    const cache = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "juso-pcrash-cache-"))),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    )
    const rounds = Array.from({ length: Math.ceil(runs / RUNS_PER_LOCATION) }, (_, i) => i * RUNS_PER_LOCATION)
    const midway = yield* Effect.forEach(rounds, (first) =>
      Effect.scoped(Effect.gen(function*() {
        const location = yield* factory.location
        const env = yield* Layer.build(Layer.fresh(factory.open(location)))
        yield* Effect.provide(seed({ cases: 16, years: 2, volume: 0.2, seed: first + 1 }), env)
        const feed = yield* Effect.provide(decodedFeed, env)
        let partial = 0
        for (let run = first; run < Math.min(runs, first + RUNS_PER_LOCATION); run++) {
          const lines = yield* Effect.promise(() => crashOnce(script, crash.args(location), `p${run}`, cache))
          const failed = lines.find((l) => l.startsWith("failed "))
          if (failed !== undefined) return yield* Effect.die(new Error(`runner failed: ${failed}`))
          yield* Effect.provide(Effect.gen(function*() {
            const store = yield* ReadModelStore.ReadModelStore
            for (const p of projections) {
              const cp = yield* store.checkpoint(p.name)
              const position = cp?.position ?? 0
              const last = feed[feed.length - 1]!.position
              if (position > 0 && position < last) partial++
              expect(plain(yield* readModel(p.name)), `${p.name} at checkpoint ${position}`).toEqual(plain(expected(p, feed, position)))
            }
            // Resume: catching up from the checkpoint gives what a from-scratch rebuild gives.
            for (const p of projections) {
              yield* retryWhileBusy(ProjectionRunner.catchUp(p))
              expect(plain(yield* readModel(p.name)), `${p.name} after catch-up`).toEqual(plain(expected(p, feed)))
            }
          }), env)
        }
        return partial
      })), { concurrency: LANES })
    // The kills landed in the middle of rebuilds, not only before or after.
    expect(midway.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
  }))
