/** Model-based runs: random command sequences against a simple model, on a fresh store. @internal */
import { describe, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Effect } from "effect"
import { envInt } from "../internal/helpers.ts"
import { runModel } from "../internal/model.ts"
import type { SuiteContext } from "./SuiteContext.ts"

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  const { capabilities, withFresh } = ctx

  describe("model-based", () => {
    it.live("random appends (right and wrong versions, replays, reused keys, duplicates, bad input) and reads behave as the model says", () =>
      withFresh(Effect.gen(function*() {
        const context = yield* Effect.context<EventStore.EventStore>()
        const runs = capabilities.modelRuns ?? envInt("JUSO_MODEL_RUNS", 20)
        yield* Effect.promise(() => runModel(context, runs))
      })), 120_000)
  })
}
