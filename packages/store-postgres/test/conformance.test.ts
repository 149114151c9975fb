// The PostgreSQL adapter against the published conformance kit (AUD-1): a slow writer holding
// its transaction open for the feed test, two pools on one schema for the concurrency test,
// a writer process killed with SIGKILL for the crash test.
import { EventStoreConformance } from "@kitakami-juso/testkit"
import { chainKey, durable, raw, slowWriter, withPostgres } from "./fixtures.ts"

withPostgres("postgres", (url) =>
  EventStoreConformance.suite("postgres", durable(url), {
    raw,
    chainKey,
    appendMany: true,
    typeHint: true,
    slowWriter,
    concurrentWriters: { connections: 2 },
    crashSafety: { writer: new URL("./crash-writer.ts", import.meta.url), args: (schema) => [schema] }
  }))
