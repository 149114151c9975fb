/**
 * Crash safety (`crashSafety`, needs a `Durable` factory): writers killed with SIGKILL;
 * every batch all-or-nothing, every acknowledged batch kept, the chain verifies. @internal
 */
import { describe, it } from "@effect/vitest"
import { crashRuns } from "../internal/crash.ts"
import { envInt, isDurable } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  const { capabilities, factory, name } = ctx

  const crash = capabilities.crashSafety
  if (crash !== undefined) {
    if (!isDurable(factory)) throw new Error(`${name}: crashSafety needs a Durable factory`)
    const runs = crash.runs ?? envInt("JUSO_CRASH_RUNS", 50)
    describe("crash safety", () => {
      it.live(`a writer killed with SIGKILL at random points, ${runs} times: every batch all-or-nothing, every acknowledged batch kept, the chain verifies`, () =>
        crashRuns(factory, crash, runs, capabilities.file?.log === "lines" ? capabilities.file.path : undefined), 600_000)
    })
  }
}
