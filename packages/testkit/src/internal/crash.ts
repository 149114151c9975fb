/** The crash test: run a writer script, kill it with SIGKILL, check what survived. @internal */
import { expect } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Context, Effect, Layer } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type CrashPayload, RUN_ENV } from "../CrashWriter.ts"
import type { CrashSafety, Durable } from "../EventStoreConformance.ts"
import { tearLastLine } from "../eventstore/fileStore.ts"
import { feedUntil } from "./helpers.ts"

/** Kills per location: a fresh location every few runs keeps each check's reading bounded. */
const RUNS_PER_LOCATION = 10

/** Locations crashed side by side: a writer spends most of its life starting Node. */
const LANES = 2

/**
 * `runs` times: start the writer, kill it at a random moment, reopen the store and check it.
 * Runs on one location accumulate, so each also proves the store reopens and carries on.
 */
export const crashRuns = <L, R>(
  factory: Durable<L, R>,
  crash: CrashSafety<L>,
  runs: number,
  /** For a JSON-lines store: its file, whose last line is torn after every other kill. */
  logFile?: (location: L) => string
) =>
  Effect.scoped(Effect.gen(function*() {
    const script = typeof crash.writer === "string" ? crash.writer : fileURLToPath(crash.writer)
    const compileCache = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "juso-crash-cache-"))),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    )
    const rounds = Array.from({ length: Math.ceil(runs / RUNS_PER_LOCATION) }, (_, i) => i * RUNS_PER_LOCATION)
    const acks = yield* Effect.forEach(rounds, (first) =>
      Effect.scoped(Effect.gen(function*() {
        const location = yield* factory.location
        const acked = new Set<string>()
        for (let run = first; run < Math.min(runs, first + RUNS_PER_LOCATION); run++) {
          const lines = yield* Effect.promise(() => crashOnce(script, crash.args(location), `r${run}`, compileCache))
          for (const line of lines) if (line.startsWith("acked ")) acked.add(line.slice(6))
          const failed = lines.find((line) => line.startsWith("failed "))
          if (failed !== undefined) return yield* Effect.die(new Error(`writer failed: ${failed}`))
          // Torn-line injection: as if the kill had landed in the middle of writing a line.
          if (logFile !== undefined && run % 2 === 0) tearLastLine(logFile(location))
          yield* Effect.scoped(Effect.gen(function*() {
            const store = Context.get(yield* Layer.build(Layer.fresh(factory.open(location))), EventStore.EventStore)
            yield* checkCrashState(store, acked)
          }))
        }
        return acked.size
      })), { concurrency: LANES })
    // The kills landed while the writer was working, not before it started.
    expect(acks.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
  }))

export const crashOnce = (
  script: string,
  args: ReadonlyArray<string>,
  run: string,
  compileCache: string
): Promise<ReadonlyArray<string>> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [script, ...args], {
      // Node's compile cache halves the writer's start-up from the second run on.
      env: { ...process.env, [RUN_ENV]: run, NODE_COMPILE_CACHE: compileCache },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    let timer: NodeJS.Timeout | undefined
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk
      if (timer === undefined && out.includes("ready\n")) {
        // Kill at a random moment while the writer appends (0–150 ms after it is ready).
        timer = setTimeout(() => child.kill("SIGKILL"), Math.floor(Math.random() * 150))
      }
    })
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk
    })
    const guard = setTimeout(() => child.kill("SIGKILL"), 30_000)
    child.on("error", reject)
    child.on("exit", (_code, signal) => {
      clearTimeout(guard)
      if (timer === undefined) {
        reject(new Error(`crash writer exited (${signal ?? _code}) before it was ready: ${err.slice(0, 2000)}`))
      } else {
        resolve(out.split("\n").filter((line) => line.length > 0))
      }
    })
  })

const checkCrashState = (store: EventStore.EventStoreShape, acked: ReadonlySet<string>) =>
  Effect.gen(function*() {
    const batchOf = (e: EventStore.StoredEvent) => (e.payload as unknown as CrashPayload).batch
    // Wait until the feed shows every acknowledged batch (it may lag; it must not lose any).
    const events = yield* feedUntil(store, 0, (feed) => {
      const present = new Set(feed.map(batchOf))
      for (const batch of acked) if (!present.has(batch)) return false
      return true
    })
    const batches = new Map<string, Array<EventStore.StoredEvent>>()
    for (const e of events) {
      const batch = batchOf(e)
      const list = batches.get(batch) ?? []
      list.push(e)
      batches.set(batch, list)
    }
    for (const [batch, list] of batches) {
      const size = (list[0]!.payload as unknown as CrashPayload).size
      expect(list.length, `batch ${batch} is all-or-nothing`).toBe(size)
      expect(list.map((e) => (e.payload as unknown as CrashPayload).index)).toEqual(Array.from({ length: size }, (_, i) => i))
      expect(new Set(list.map((e) => e.stream)).size).toBe(1)
      for (let i = 1; i < list.length; i++) expect(list[i]!.version).toBe(list[0]!.version + i)
    }
    for (const batch of acked) expect(batches.has(batch), `acknowledged batch ${batch} survived`).toBe(true)
    // verify reads every committed row; the feed may still hold back the newest ones.
    const verified = yield* store.verify()
    expect(verified.ok).toBe(true)
    expect(verified.checked).toBeGreaterThanOrEqual(events.length)
  })
