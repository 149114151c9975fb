/**
 * The benchmarks' real workload: the CLI's bundled demo (the "8050" household, 25 commands from
 * referral to the end evaluation, with meetings, register and outreach contacts), repeated for
 * `n` households with their own ids. Commands go through `CommandHandler` as a city's would; the
 * events it stores are the "real event mix" the decode benchmark reads.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Command, CommandHandler, EventStore, Kitakami, MemoryEventStore } from "@kitakami-juso/core"
import { Effect, Layer, Stream } from "effect"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const demo: ReadonlyArray<Record<string, unknown>> = JSON.parse(readFileSync(join(root, "packages/cli/demo/8050-household.json"), "utf8"))

/** Keys whose values are ids local to one household (its case, meetings, items, contacts …). */
const LOCAL_ID_KEYS = new Set(["commandId", "caseId", "meetingId", "itemId", "consentId", "planId", "assessmentId", "recordId", "contactId"])
const LOCAL_ID_LISTS = new Set(["information", "basis", "consents", "monitoring"])
/** Commands on the one city-wide register: issued once, by household 0. */
const CITY_WIDE = new Set(["EstablishRegister", "AppointMember", "RetireMember"])

const relabel = (value: unknown, suffix: string, key = ""): unknown => {
  if (Array.isArray(value)) return value.map((v) => (LOCAL_ID_LISTS.has(key) && typeof v === "string" ? v + suffix : relabel(v, suffix)))
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, LOCAL_ID_KEYS.has(k) && typeof v === "string" ? v + suffix : relabel(v, suffix, k)]))
  }
  return value
}

/** The demo's commands for households `from … from + n - 1`, as JSON (household 0 also sets up the register). */
export const households = (n: number, from = 0): Array<unknown> => {
  const out: Array<unknown> = []
  for (let h = from; h < from + n; h++) {
    for (const c of demo) {
      if (h > 0 && CITY_WIDE.has(c._tag as string)) continue
      out.push(relabel(c, `-h${h}`))
    }
  }
  return out
}

/** Decode JSON commands (throws on a refused one: the workload is fixed). */
export const decodeCommands = (json: ReadonlyArray<unknown>): Array<Command.Command> =>
  json.map((c) => {
    const r = Command.decode(c)
    if (r._tag === "Failure") throw new Error(`demo command does not decode: ${r.failure.message}`)
    return r.success
  })

/** Run commands through a handler over the store in context; fails on the first refusal. */
export const handleAll = (commands: ReadonlyArray<Command.Command>) =>
  Effect.gen(function*() {
    const handler = yield* CommandHandler.CommandHandler
    for (const c of commands) yield* handler.handle(c)
  })

/** The handler's layer over a store layer (Kitakami's revisions). */
export const withHandler = <E, R>(store: Layer.Layer<EventStore.EventStore, E, R>) =>
  CommandHandler.layer({ revisions: Kitakami.revisions }).pipe(Layer.provideMerge(store))

/** The stored events of `n` demo households, run through the handler on the memory store. */
export const storedEvents = (n: number): Promise<ReadonlyArray<EventStore.StoredEvent>> =>
  Effect.runPromise(
    Effect.gen(function*() {
      yield* handleAll(decodeCommands(households(n)))
      const store = yield* EventStore.EventStore
      return yield* Stream.runCollect(store.readAll())
    }).pipe(Effect.provide(withHandler(MemoryEventStore.layer())))
  )

/** The stored payloads (fresh JSON, as a store hands them to the decoder) of `n` demo households. */
export const realEvents = async (n: number): Promise<Array<unknown>> =>
  (await storedEvents(n)).map((e) => JSON.parse(JSON.stringify(e.payload)))
