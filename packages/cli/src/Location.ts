/**
 * Which store a command uses, decided from the flags once, with one rule (docs/cli.md):
 *
 * - PostgreSQL when `--pg`, `--pg=URL` or `--pg-url URL` is given. The URL is the flag's, else
 *   `JUSO_PG_URL` (read through `Config.redacted`, so it never prints). `--pg-url` alone selects
 *   PostgreSQL: it never falls back to SQLite.
 * - SQLite otherwise: `--db FILE`, default `.juso/juso.sqlite`; `:memory:` is a throw-away store.
 * - `--db` together with a PostgreSQL flag, two different URLs, or `--pg` with no URL anywhere
 *   is a usage error (exit 2).
 *
 * @module
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Failure from "./Failure.ts"

/** Where the history lives. */
export type Location =
  | { readonly _tag: "Sqlite"; readonly filename: string }
  | { readonly _tag: "Postgres"; readonly url: Redacted.Redacted<string>; readonly schema?: string | undefined }

/** The default SQLite file, relative to the working directory. */
export const DEFAULT_DB = ".juso/juso.sqlite"

/** The store flags as parsed. */
export interface StoreFlags {
  readonly db: Option.Option<string>
  /** `--pg` alone is `Some("")`; `--pg=URL` is `Some(URL)`. */
  readonly pg: Option.Option<string>
  readonly pgUrl: Option.Option<string>
  readonly pgSchema: Option.Option<string>
}

/** `JUSO_PG_URL`, redacted. */
const pgUrlConfig = Config.option(Config.Redacted("JUSO_PG_URL"))

/** The location the flags select (see the module notes for the rule). */
export const fromFlags = (flags: StoreFlags): Effect.Effect<Location, Failure.UsageError> =>
  Effect.gen(function*() {
    const fromPg = Option.filter(flags.pg, (u) => u !== "")
    const wantsPg = Option.isSome(flags.pg) || Option.isSome(flags.pgUrl)
    if (!wantsPg) {
      if (Option.isSome(flags.pgSchema)) {
        return yield* new Failure.UsageError({ message: "--pg-schema は PostgreSQL 用です (--pg と併用)。--pg-schema needs --pg or --pg-url" })
      }
      return { _tag: "Sqlite", filename: Option.getOrElse(flags.db, () => DEFAULT_DB) } as const
    }
    if (Option.isSome(flags.db)) {
      return yield* new Failure.UsageError({
        message: "--db (SQLite) と --pg/--pg-url (PostgreSQL) は同時に指定できません。--db cannot be combined with --pg or --pg-url"
      })
    }
    if (Option.isSome(fromPg) && Option.isSome(flags.pgUrl) && fromPg.value !== flags.pgUrl.value) {
      return yield* new Failure.UsageError({ message: "--pg=URL と --pg-url が異なります。--pg=URL and --pg-url name different databases" })
    }
    const given = Option.orElse(fromPg, () => flags.pgUrl)
    const env = yield* Effect.orElseSucceed(pgUrlConfig, () => Option.none<Redacted.Redacted<string>>())
    const url = Option.isSome(given) ? Option.some(Redacted.make(given.value)) : env
    if (Option.isNone(url)) {
      return yield* new Failure.UsageError({
        message: "--pg には URL が必要です (--pg=URL、--pg-url URL、または環境変数 JUSO_PG_URL)。--pg needs a URL: --pg=URL, --pg-url URL or JUSO_PG_URL"
      })
    }
    return { _tag: "Postgres", url: url.value, schema: Option.getOrUndefined(flags.pgSchema) } as const
  })

/** A name for messages: a PostgreSQL URL without its password. */
export const describe = (location: Location): string => {
  if (location._tag === "Sqlite") return `SQLite ${location.filename}`
  try {
    const u = new URL(Redacted.value(location.url))
    if (u.password) u.password = "***"
    return `PostgreSQL ${u.toString()}${location.schema === undefined ? "" : ` (schema ${location.schema})`}`
  } catch {
    return "PostgreSQL"
  }
}
