// Proving a vendor's adapter with the published kit: the whole contract, tamper evidence
// through a raw backdoor, the model-based runs, concurrent writers and SIGKILL crashes.
import { EventStoreConformance, type RawEvent } from "@kitakami-juso/testkit/event-store"
import { Context, Effect, Layer } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as JsonLinesEventStore from "../src/JsonLinesEventStore.ts"

// Where the store under test writes, so the backdoor can open the same file.
class StorePath extends Context.Service<StorePath, string>()("examples/custom-store/StorePath") {}

// A new empty file per store, its folder removed afterwards.
const durable: EventStoreConformance.Durable<string, StorePath> = {
  location: Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "juso-jsonl-"))),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    ),
    (dir) => join(dir, "events.jsonl")
  ),
  open: (path) => Layer.merge(JsonLinesEventStore.layer({ path }), Layer.succeed(StorePath, path))
}

// The backdoor reads the file itself and rewrites it to tamper.
const rewrite = (path: string, f: (e: JsonLinesEventStore.LineEvent) => JsonLinesEventStore.LineEvent | undefined) => {
  const lines = JsonLinesEventStore.readLines(path).lines.map((line) => ({
    ...line,
    events: line.events.flatMap((e) => f(e) ?? [])
  }))
  writeFileSync(path, lines.map((line) => JSON.stringify(line) + "\n").join(""))
}

const raw: RawEvent.RawAccess<StorePath> = {
  read: Effect.map(Effect.service(StorePath), (path) => JsonLinesEventStore.readLines(path).lines.flatMap((line) => line.events)),
  update: (position, patch) =>
    Effect.map(Effect.service(StorePath), (path) => rewrite(path, (e) => (e.position === position ? { ...e, ...patch } : e))),
  delete: (position) => Effect.map(Effect.service(StorePath), (path) => rewrite(path, (e) => (e.position === position ? undefined : e)))
}

EventStoreConformance.suite("json-lines (example vendor adapter)", durable, {
  raw,
  // One process writes a file at a time; the kit tampers with the file, tears its last line
  // and counts the fdatasync calls.
  singleConnection: true,
  file: { path: (path) => path, log: "lines", sync: "node:fs" },
  crashSafety: { writer: new URL("./crash-writer.ts", import.meta.url), args: (path) => [path], runs: 20 }
})
