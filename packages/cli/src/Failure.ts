/**
 * The typed failures of `juso` and their exit codes (docs/cli.md): every command fails with
 * one of these, never with `unknown`. Messages are Japanese first, then English, and carry ids,
 * paths the user typed and rule IDs only, never names, addresses or notes (AUD-2).
 *
 * | exit | failure |
 * |---|---|
 * | 1 | {@link InputError} bad input, {@link Refused} a rule or a check said no; nothing changed |
 * | 2 | {@link UsageError} the command line itself is wrong |
 * | 3 | {@link StorageError} the store or an output file could not be used |
 *
 * This module loads no store or exporter, so usage errors stay fast.
 *
 * @module
 */
import * as Data from "effect/Data"

/** Bad input from a file, stdin or a flag value: nothing was changed. Exit 1. */
export class InputError extends Data.TaggedError("InputError")<{ readonly message: string }> {}

/** A rule or a check refused (PLN-9 batch refused, AUD-1 chain broken, idempotency conflict). Exit 1. */
export class Refused extends Data.TaggedError("Refused")<{ readonly message: string; readonly rule?: string | undefined }> {}

/** The command line is wrong (unknown flag, conflicting flags, missing URL). Exit 2. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/**
 * The store or an output could not be used. `retryable` says whether trying again unchanged
 * can help (a server that is starting, a lock) or not (a missing database, a directory, no
 * permission). Exit 3.
 */
export class StorageError extends Data.TaggedError("StorageError")<{
  readonly message: string
  readonly reason: string
  readonly retryable: boolean
}> {}

/** Every failure a `juso` command ends with. */
export type Failure = InputError | Refused | UsageError | StorageError

/** The documented exit code of a failure. */
export const exitCode = (f: Failure): 1 | 2 | 3 =>
  f._tag === "UsageError" ? 2 : f._tag === "StorageError" ? 3 : 1

/** One line (or a few) for people: `juso: <message>` plus, for storage, whether retrying helps. */
export const render = (f: Failure): string =>
  f._tag === "StorageError"
    ? `${f.message}\n  ${f.retryable ? "再試行で解決する可能性があります (retrying may help)" : "再試行しても解決しません (retrying will not help)"}`
    : f.message

/** The failure as JSON for `--json` (machine-readable; same facts as {@link render}). */
export const toJson = (f: Failure) => ({
  ok: false as const,
  exitCode: exitCode(f),
  error: {
    tag: f._tag,
    message: f.message,
    ...(f._tag === "StorageError" ? { reason: f.reason, retryable: f.retryable } : {}),
    ...(f._tag === "Refused" && f.rule !== undefined ? { rule: f.rule } : {})
  }
})

/** A stored event that no longer decodes: the store is damaged (exit 3, retrying will not help). */
export const unreadableHistory = (detail: string): StorageError =>
  new StorageError({ message: `保存された履歴を読めません stored history unreadable: ${detail}`, reason: "Corrupt", retryable: false })
