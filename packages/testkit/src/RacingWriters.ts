/**
 * Racing writers (PLN-9, AUD-1): several processes record commands on ONE case at the same time,
 * through the command handler and all-or-nothing batches, over one durable store. Every command
 * must land — version conflicts are decided again within the handler's time budget — and the
 * case's history must hold each writer's commands exactly once.
 *
 * The adapter supplies a writer script that calls {@link run} with its store layer; the test calls
 * {@link race} with that script and checks {@link expectedMembers} against the stored case.
 *
 * @module
 */
import { spawn } from "node:child_process"
import { CommandBatch, CommandHandler, Command, EventStore, Kitakami } from "@kitakami-juso/core"
import { Effect, Layer } from "effect"

/** The case every writer records on. */
export const CASE_ID = "race-c1"
/** The case's stream. */
export const CASE_STREAM = `case-${CASE_ID}`

const at = (minute: number) => `2025-04-10T10:${String(minute % 60).padStart(2, "0")}:00+09:00`

/** The commands that open the case (run once, before the race). */
export const setup: ReadonlyArray<Command.Encoded> = [
  { _tag: "EstablishRegister", commandId: "race-register", at: "2025-04-01T09:00:00+09:00", by: "city-chiiki-fukushi", members: ["city-choju-kaigo", "city-shogai-fukushi", "city-kosodate-shien", "city-chiiki-fukushi", "city-hoken", "shakyo"] },
  { _tag: "ReferCase", commandId: "race-refer", at: at(0), by: "hokatsu-hondori", caseId: CASE_ID, members: [{ memberId: "p", role: "person", relation: "self", name: "Person" }] }
] as ReadonlyArray<Command.Encoded>

/** Writer `w`'s `j`-th command: it adds a household member of its own to the case. */
const addMember = (w: number, j: number): Command.Encoded => ({
  _tag: "AddHouseholdMember",
  commandId: `race-w${w}-${j}`,
  at: at(1 + j),
  by: "hokatsu-hondori",
  caseId: CASE_ID,
  member: { memberId: `w${w}-m${j}`, role: "household-member", relation: "other", name: "Member" }
}) as Command.Encoded

/** The member ids the case must hold after `writers` writers each recorded `perWriter` commands. */
export const expectedMembers = (writers: number, perWriter: number): ReadonlyArray<string> =>
  Array.from({ length: writers }, (_, w) => Array.from({ length: perWriter }, (_, j) => `w${w}-m${j}`)).flat()

/**
 * The writer's side (in the adapter's script): `argv[2]` (after the script's own arguments, the
 * last three are `writer perWriter mode`): even writers handle one command at a time, odd writers
 * send their commands as one all-or-nothing batch. Exits 0 when all landed, 1 otherwise (the error
 * on stderr).
 */
export const run = (store: Layer.Layer<EventStore.EventStore, unknown>): void => {
  const [w, n] = process.argv.slice(-2).map(Number) as [number, number]
  const commands = Array.from({ length: n }, (_, j) => Command.make(addMember(w, j)))
  const revisions = Kitakami.revisions
  const program = Effect.gen(function*() {
    if (w % 2 === 1) {
      yield* CommandBatch.apply(commands, revisions)
    } else {
      const handler = yield* CommandHandler.CommandHandler
      for (const c of commands) yield* handler.handle(c)
    }
  }).pipe(Effect.provide(CommandHandler.layer({ revisions, conflictBudgetMillis: 60_000 }).pipe(Layer.provideMerge(store))))
  Effect.runPromise(program as Effect.Effect<void, unknown>).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`writer ${w}: ${String(e)}\n`)
      process.exit(1)
    }
  )
}

/** What one writer process did. */
export interface Outcome {
  readonly writer: number
  readonly code: number | null
  readonly stderr: string
}

/** Start `writers` writer processes at once (`node script ...args writer perWriter`) and wait for all. */
export const race = (script: string, args: ReadonlyArray<string>, writers: number, perWriter: number): Promise<ReadonlyArray<Outcome>> =>
  Promise.all(Array.from({ length: writers }, (_, writer) =>
    new Promise<Outcome>((resolve) => {
      const child = spawn(process.execPath, [script, ...args, String(writer), String(perWriter)], { stdio: ["ignore", "ignore", "pipe"] })
      let stderr = ""
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
      child.on("close", (code) => resolve({ writer, code, stderr }))
    })))
