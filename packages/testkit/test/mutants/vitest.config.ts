// The mutant run: the kits against adapters with one injected bug each (see mutants.test.ts,
// which starts this run and checks that every mutant fails and every control passes).
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/mutants/*.mutants.ts"],
    maxWorkers: 2,
    testTimeout: 60_000,
    env: { JUSO_CRASH_RUNS: "4" }
  }
})
