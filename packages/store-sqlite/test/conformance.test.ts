// The SQLite adapter against the published conformance kit (AUD-1): several connections to
// one file for the concurrency test, a writer process killed with SIGKILL for the crash test.
import { EventStoreConformance } from "@kitakami-juso/testkit"
import { chainKey, durable, raw } from "./fixtures.ts"

EventStoreConformance.suite("sqlite", durable, {
  raw,
  chainKey,
  appendMany: true,
  typeHint: true,
  concurrentWriters: { connections: 4 },
  crashSafety: { writer: new URL("./crash-writer.ts", import.meta.url), args: (filename) => [filename] }
})
