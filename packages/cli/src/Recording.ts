/**
 * `juso apply`, `juso verify` and `juso demo`: record commands (PLN-9: all or nothing), check
 * the history's hash chain (AUD-1), and the bundled walk-through. Loaded only when one of these
 * commands runs.
 *
 * @module
 */
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { Catalog, CommandBatch, CommandHandler, EventStore, JsonText } from "@kitakami-juso/core"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Failure from "./Failure.ts"
import * as Location from "./Location.ts"
import * as Reporting from "./Reporting.ts"
import * as Store from "./Store.ts"

const revisions = Catalog.kitakamiRevisions

/** The bundled demo batch: the "8050" household of the quickstart, as JSON commands. */
export const demoFile = fileURLToPath(new URL("../demo/8050-household.json", import.meta.url))

/** Read all of stdin. */
const readStdin = async (): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

/** Read and parse a JSON file (`-` is stdin); the message names the path, never the content (AUD-2). */
export const readJson = (path: string, what: string): Effect.Effect<unknown, Failure.InputError> =>
  Effect.tryPromise({
    try: () => path === "-" ? readStdin() : readFile(path, "utf8"),
    catch: (e) =>
      new Failure.InputError({
        message: `${what}を読めません: ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})。Cannot read ${what} ${path}`
      })
  }).pipe(
    Effect.flatMap((text) => {
      // AUD-2: a syntax error gives line and column, never the text (it may hold names).
      const parsed = JsonText.parse(text.replace(/^\uFEFF/, ""))
      return Result.isSuccess(parsed)
        ? Effect.succeed(parsed.success)
        : Effect.fail(
          new Failure.InputError({
            message: `${what} ${path === "-" ? "(stdin)" : path} は正しい JSON ではありません (${parsed.failure.line}行 ${parsed.failure.column}列)。${what} is not valid JSON: line ${parsed.failure.line}, column ${parsed.failure.column}`
          })
        )
    })
  )

/** PLN-9: a refused batch, with the command index, id and rule, as a CLI failure (exit 1). */
const refused = (b: CommandBatch.BatchRefused): Failure.Refused =>
  new Failure.Refused({
    message: `何も記録していません nothing recorded: ${b.message}${b.issues.map((i) => `\n  - ${i.path || "(root)"}: ${i.message}`).join("")}`,
    rule: b.rule
  })

/** Errors of the domain and the store that any recording command can end with. */
type RecordingError = CommandBatch.BatchRefused | { readonly _tag: "UndecodableEvent" | "RuleViolation"; readonly message: string }

const toFailure = (e: RecordingError): Failure.Failure =>
  e._tag === "BatchRefused"
    ? refused(e)
    : e._tag === "RuleViolation"
    ? new Failure.Refused({ message: `拒否 refused: ${e.message}` })
    : Failure.unreadableHistory(e.message)

const isRecordingError = (e: { readonly _tag: string }): e is RecordingError =>
  e._tag === "BatchRefused" || e._tag === "UndecodableEvent" || e._tag === "RuleViolation"

/** Run on the store with the command handler; every failure ends as a {@link Failure.Failure}. */
const onStore = (location: Location.Location, mode: Store.Mode, options: { readonly readOnly?: boolean | undefined } = {}) =>
<A>(
  program: Effect.Effect<A, RecordingError | Failure.Failure | EventStore.EventStoreError, CommandHandler.CommandHandler | EventStore.EventStore>
): Effect.Effect<A, Failure.Failure> =>
  program.pipe(
    Effect.provide(CommandHandler.layer({ revisions })),
    Store.provide(location, mode, options),
    Effect.mapError((e) => isRecordingError(e) ? toFailure(e) : e as Failure.Failure)
  )

/** Progress on a terminal only: a log file never gets `\r` lines. */
const progress = (done: number, total: number) => {
  if (!process.stderr.isTTY || total < 200) return
  if (done % 100 === 0 || done === total) process.stderr.write(`\r記録中 recording ${done}/${total}${done === total ? "\n" : ""}`)
}

const record = (path: string, location: Location.Location) =>
  Effect.gen(function*() {
    const json = yield* readJson(path, "コマンドファイル command file")
    const decoded = CommandBatch.decodeBatch(json)
    if (Result.isFailure(decoded)) return yield* refused(decoded.failure)
    const applied = yield* CommandBatch.apply(decoded.success, revisions, progress)
    return { total: decoded.success.length, ...applied, store: Location.describe(location) }
  })

const recordedLine = (r: { total: number; recorded: number; events: number; replayed: number; store: string }) =>
  `記録しました Recorded ${r.recorded} of ${r.total} command(s) (${r.events} event(s)); ${r.replayed} already recorded. Store: ${r.store}`

const check = (since?: EventStore.Checkpoint) =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    return yield* store.verify(since === undefined ? undefined : { since })
  })

const checkedLine = (r: EventStore.VerifyResult, location: Location.Location) =>
  r.ok
    ? `検証OK Hash chain verified: ${r.checked} event(s) intact (AUD-1, ${r.keyed ? "keyed HMAC" : "unkeyed SHA-256"}). Store: ${Location.describe(location)}\n` +
      `チェックポイント (ストアの外に保管してください; keep outside the store, pass back with --since): ` +
      JSON.stringify(r.checkpoint)
    : `改ざんの疑い Broken history at stream ${r.stream} version ${r.version} (position ${r.position}): ${r.problem}`

/** A checkpoint kept from an earlier `verify` (its JSON, or `verify --json` output), from a file or `-`. */
const readCheckpoint = (path: string) =>
  Effect.flatMap(readJson(path, "チェックポイント checkpoint"), (json) => {
    const c = (typeof json === "object" && json !== null && "checkpoint" in json ? (json as { checkpoint: unknown }).checkpoint : json) as Record<string, unknown>
    return typeof c === "object" && c !== null && typeof c.position === "number" && typeof c.count === "number" && typeof c.root === "string"
      ? Effect.succeed({ position: c.position, count: c.count, root: c.root } satisfies EventStore.Checkpoint)
      : Effect.fail(new Failure.InputError({ message: `${path} はチェックポイントではありません (position, count, root)。${path} is not a checkpoint` }))
  })

const tampered = (r: EventStore.VerifyResult) =>
  new Failure.Refused({
    message: r.ok
      ? "改ざんの疑い The hash chain is broken"
      : `改ざんの疑い: 履歴のハッシュチェーンが壊れています。The hash chain is broken at stream ${r.stream} version ${r.version} (position ${r.position}): ${r.problem}`,
    rule: "AUD-1"
  })

/** Inputs of the recording commands, as `effect/cli` parses them. */
export interface Input extends Location.StoreFlags {
  readonly json: boolean
}

/** `juso apply FILE|-`. */
export const apply = (input: Input & { readonly file: string }) =>
  Effect.gen(function*() {
    const location = yield* Location.fromFlags(input)
    const r = yield* onStore(location, "write")(record(input.file, location))
    yield* Console.log(input.json ? JSON.stringify({ ok: true, ...r }) : recordedLine(r))
  })

/** `juso verify`: exit 0 when the chain is intact, 1 when it is broken (AUD-1). Never creates a store. */
export const verify = (input: Input & { readonly since: Option.Option<string>; readonly readOnly: boolean }) =>
  Effect.gen(function*() {
    const location = yield* Location.fromFlags(input)
    const since = Option.isSome(input.since) ? yield* readCheckpoint(input.since.value) : undefined
    const r = yield* onStore(location, "read", { readOnly: input.readOnly })(check(since))
    // One JSON document on stdout: the result when intact, else the failure (printed by main).
    if (!r.ok) {
      if (!input.json) yield* Console.error(checkedLine(r, location))
      return yield* tampered(r)
    }
    yield* Console.log(input.json ? JSON.stringify({ ...r, store: Location.describe(location) }) : checkedLine(r, location))
  })

/** `juso demo`: the whole walk-through on one open store: record, verify, report, export. */
export const demo = (input: Input & { readonly out: string }) =>
  Effect.gen(function*() {
    const location = yield* Location.fromFlags(input)
    const say = (s: string) => input.json ? Effect.void : Console.log(s)
    const result = yield* onStore(location, "write")(Effect.gen(function*() {
      yield* say(`■ 記録 Recording the "8050" household story into ${Location.describe(location)}`)
      const recorded = yield* record(demoFile, location)
      yield* say(recordedLine(recorded))
      yield* say(`\n■ 検証 Verifying the stored history (AUD-1)`)
      const verified = yield* check()
      yield* say(checkedLine(verified, location))
      if (!verified.ok) return yield* tampered(verified)
      yield* say("")
      const built = yield* Reporting.build("indicators", { fiscalYear: 2025, surveys: undefined })
      if (!input.json) yield* Reporting.print(built)
      const files = yield* Reporting.writeAll(built, input.out)
      yield* say(`■ 書き出し Wrote:\n${files.map((f) => `  ${f}`).join("\n")}`)
      return { recorded, verified, files }
    }))
    if (input.json) yield* Console.log(JSON.stringify({ ok: true, ...result }))
  })
