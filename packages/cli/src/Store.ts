/**
 * Opening the event store for a command (AUD-1), with the checks the stores leave to callers:
 *
 * - **Read-only commands never create a store** (`report`, `verify`): a SQLite file that does not
 *   exist, is a directory, or is not an SQLite database is a {@link Failure.StorageError} before
 *   anything is opened, so a typo (`--db tyop.sqlite`) never leaves an empty database behind.
 * - Writing commands (`apply`, `demo`) create the SQLite file and its folder when missing.
 * - Every store failure becomes a typed CLI failure naming what is wrong and whether retrying
 *   helps ({@link fromStoreError}); conflicts of the caller's own making (a reused command id with
 *   other content, a version conflict) are refused input (exit 1), not storage failures.
 *
 * The store adapters are imported only when a command needs them, so `--help` and usage errors
 * never load them.
 *
 * @module
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from "node:fs"
import { dirname } from "node:path"
import type { EventStore, ReadModelStore } from "@kitakami-juso/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Failure from "./Failure.ts"
import * as Location from "./Location.ts"

/** Whether the command only reads (and so must find an existing store) or may create one. */
export type Mode = "read" | "write"

const SQLITE_HEADER = "SQLite format 3\u0000"

const storage = (message: string, reason: string, retryable: boolean) => new Failure.StorageError({ message, reason, retryable })

/** Why a SQLite path cannot be used in this mode, or `undefined` when it can. */
export const checkSqlite = (filename: string, mode: Mode): Failure.StorageError | undefined => {
  if (filename === ":memory:") return undefined
  let stat
  try {
    stat = statSync(filename)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === "ENOENT" || code === "ENOTDIR") {
      return mode === "read"
        ? storage(
          `ストアがありません: ${filename} (juso apply または juso demo で作成します)。No store at ${filename}: this command only reads; juso apply or juso demo creates one`,
          "Missing",
          false
        )
        : undefined
    }
    if (code === "EACCES" || code === "EPERM") return storage(`アクセス権がありません: ${filename}。Permission denied: ${filename}`, "Permission", false)
    return storage(`ストアを開けません: ${filename} (${code ?? "error"})。Cannot open ${filename}`, "Unknown", false)
  }
  if (stat.isDirectory()) return storage(`${filename} はディレクトリです (SQLite ファイルを指定してください)。${filename} is a directory, not an SQLite file`, "Directory", false)
  if (!stat.isFile()) return storage(`${filename} は通常のファイルではありません。${filename} is not a regular file`, "NotAFile", false)
  if (stat.size === 0) {
    return mode === "read" ? storage(`${filename} は空です (ストアではありません)。${filename} is empty: not a store`, "Missing", false) : undefined
  }
  try {
    const fd = openSync(filename, "r")
    const head = Buffer.alloc(16)
    try {
      readSync(fd, head, 0, 16, 0)
    } finally {
      closeSync(fd)
    }
    if (head.toString("latin1") !== SQLITE_HEADER) {
      return storage(`${filename} は SQLite データベースではありません。${filename} is not an SQLite database`, "NotADatabase", false)
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return storage(`読み取れません: ${filename} (${code ?? "error"})。Cannot read ${filename}`, code === "EACCES" ? "Permission" : "Unknown", false)
  }
  return undefined
}

const retryHint = (message: string): { readonly reason: string; readonly retryable: boolean; readonly ja: string } | undefined => {
  if (/3D000|database .* does not exist/i.test(message)) return { reason: "MissingDatabase", retryable: false, ja: "データベースが存在しません" }
  if (/28P01|28000|password authentication|no pg_hba/i.test(message)) return { reason: "Authentication", retryable: false, ja: "認証に失敗しました" }
  if (/42501|permission denied|EACCES|SQLITE_READONLY|readonly database/i.test(message)) return { reason: "Permission", retryable: false, ja: "アクセス権がありません" }
  if (/file is not a database|SQLITE_NOTADB/i.test(message)) return { reason: "NotADatabase", retryable: false, ja: "データベースではありません" }
  if (/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|57P03|SQLITE_BUSY|locked/i.test(message)) return { reason: "Unavailable", retryable: true, ja: "接続できません" }
  return undefined
}

/** Refusals of the caller's own making: exit 1, nothing changed. */
const inputReasons = new Set(["VersionConflict", "IdempotencyConflict", "DuplicateEvent", "InvalidEvent"])

/**
 * A store failure as a CLI failure. Reasons this CLI does not know yet (new classified reasons of
 * the stores) still print their tag, message and the store's own `isRetryable`.
 */
export const fromStoreError = (e: EventStore.EventStoreError, location: Location.Location): Failure.Refused | Failure.StorageError => {
  const tag = e.reason._tag
  if (inputReasons.has(tag)) {
    return new Failure.Refused({
      message: tag === "IdempotencyConflict"
        ? `記録しません: コマンドIDが別の内容で使用済みです。Refused: a command id was reused with different content (${e.reason.message})`
        : `記録しません Refused (${tag}): ${e.reason.message}`
    })
  }
  const hint = retryHint(e.reason.message)
  const where = Location.describe(location)
  return new Failure.StorageError({
    message: `ストアエラー ${hint?.ja ?? ""}${hint === undefined ? "" : ": "}${where}。Storage failure (${hint?.reason ?? tag}): ${e.reason.message}`,
    reason: hint?.reason ?? tag,
    retryable: hint?.retryable ?? e.isRetryable
  })
}

const isStoreError = (e: unknown): e is EventStore.EventStoreError => Predicate.isTagged(e, "EventStoreError")

/**
 * Read mode on PostgreSQL: the store's events table must already exist in the schema, so a
 * report on a fresh database or a mistyped schema never creates tables. (A missing database or
 * an unreachable server fails here too, classified like every store failure.)
 */
const checkPostgres = (location: Extract<Location.Location, { _tag: "Postgres" }>): Effect.Effect<void, Failure.StorageError> =>
  Effect.gen(function*() {
    const [{ PgClient }, { Reactivity }, { EventStoreSql }] = yield* Effect.promise(() =>
      Promise.all([import("@effect/sql-pg"), import("effect/reactivity"), import("@kitakami-juso/core/adapter")])
    )
    const table = `${location.schema ?? "public"}.${EventStoreSql.defaultTables.events}`
    const found = yield* Effect.scoped(Effect.gen(function*() {
      const sql = yield* PgClient.make({ url: location.url })
      const rows = yield* sql<{ readonly t: string | null }>`SELECT to_regclass(${table})::text AS t`
      return rows[0]?.t ?? null
    })).pipe(
      Effect.provide(Reactivity.layer),
      Effect.mapError((e) => fromStoreError(EventStoreSql.classifyStartup(e), location) as Failure.StorageError)
    )
    if (found === null) {
      return yield* storage(
        `ストアがありません: スキーマ ${location.schema ?? "public"} にイベント表がありません (juso apply または juso demo で作成します)。` +
          `No store in schema ${location.schema ?? "public"}: this command only reads; juso apply or juso demo creates one`,
        "Missing",
        false
      )
    }
  })

/** The adapters' layers for a location, loaded on demand: what `open` builds once the checks pass. */
interface Adapters<A, E> {
  readonly postgres: (pg: typeof import("@kitakami-juso/store-postgres"), url: string, schema: string | undefined) => Layer.Layer<A, E>
  readonly sqlite: (m: typeof import("@kitakami-juso/store-sqlite"), filename: string) => Layer.Layer<A, E>
}

/**
 * Open a location after the checks (a read command refuses a missing store: {@link checkSqlite},
 * {@link checkPostgres}); a writing command creates the SQLite folder 0700.
 */
const open = <A, E>(location: Location.Location, mode: Mode, adapters: Adapters<A, E>): Layer.Layer<A, Failure.StorageError | E> =>
  Layer.unwrap<A, E, never, Failure.StorageError, never>(
    location._tag === "Postgres"
      ? Effect.map(
        Effect.andThen(mode === "read" ? checkPostgres(location) : Effect.void, Effect.promise(() => import("@kitakami-juso/store-postgres"))),
        (pg) => adapters.postgres(pg, Redacted.value(location.url), location.schema)
      )
      : Effect.suspend(() => {
        const problem = checkSqlite(location.filename, mode)
        if (problem !== undefined) return Effect.fail(problem)
        if (mode === "write" && location.filename !== ":memory:") mkdirSync(dirname(location.filename), { recursive: true, mode: 0o700 })
        return Effect.map(Effect.promise(() => import("@kitakami-juso/store-sqlite")), (m) => Layer.fresh(adapters.sqlite(m, location.filename)))
      })
  )

/** The store layer for a location and mode, after the checks above; adapters load on demand. */
export const layer = (
  location: Location.Location,
  mode: Mode,
  options: { readonly readOnly?: boolean | undefined } = {}
): Layer.Layer<EventStore.EventStore, Failure.StorageError | EventStore.EventStoreError> =>
  open<EventStore.EventStore, EventStore.EventStoreError>(location, mode, {
    postgres: (pg, url, schema) => pg.PgEventStore.layer({ url, schema }),
    sqlite: (m, filename) => m.SqliteEventStore.layer({ filename, ...(options.readOnly === true ? { readonly: true } : {}) })
  })

/**
 * Run `program` on the store at `location` (with the command handler of the Kitakami catalog),
 * turning every store failure, at open or later, into a CLI failure ({@link fromStoreError}).
 */
export const provide = (location: Location.Location, mode: Mode, options: { readonly readOnly?: boolean | undefined } = {}) =>
<A, E, R>(program: Effect.Effect<A, E, R>) =>
  program.pipe(
    Effect.provide(layer(location, mode, options)),
    Effect.mapError((e) => isStoreError(e) ? fromStoreError(e, location) : e)
  ) as Effect.Effect<A, Exclude<E, EventStore.EventStoreError> | Failure.Refused | Failure.StorageError, Exclude<R, EventStore.EventStore>>

/**
 * The event store and the read models (projections, AUD-1) in the same database, after the same
 * checks: a read command still refuses a missing store; the read-model tables are the store's
 * derived cache and are created in an existing store on first use.
 */
export const readSideLayer = (
  location: Location.Location,
  mode: Mode
): Layer.Layer<EventStore.EventStore | ReadModelStore.ReadModelStore, Failure.StorageError | EventStore.EventStoreError | ReadModelStore.ReadModelError> =>
  open<EventStore.EventStore | ReadModelStore.ReadModelStore, EventStore.EventStoreError | ReadModelStore.ReadModelError>(location, mode, {
    postgres: (pg, url, schema) => pg.PgReadModels.layer({ url, schema }),
    sqlite: (m, filename) => m.SqliteReadModels.layer({ filename })
  })

const isReadModelError = (e: unknown): e is ReadModelStore.ReadModelError => Predicate.isTagged(e, "ReadModelError")

/** A read-model failure as a CLI failure: a busy projection can be retried; a corrupt one names it (exit 3). */
export const fromReadModelError = (e: ReadModelStore.ReadModelError): Failure.StorageError =>
  storage(
    e.reason === "busy"
      ? `集計の更新中です (別の処理が実行中)。The read models are being updated by another process: ${e.message}`
      : `集計表のエラー (${e.reason})。Read-model failure (${e.reason}): ${e.message}`,
    `ReadModel:${e.reason}`,
    e.isRetryable
  )

/** Run `program` with the event store and the read models of `location`; store failures become CLI failures. */
export const provideReadSide = (location: Location.Location, mode: Mode) =>
<A, E, R>(program: Effect.Effect<A, E, R>) =>
  program.pipe(
    Effect.provide(readSideLayer(location, mode)),
    Effect.mapError((e) => isStoreError(e) ? fromStoreError(e, location) : isReadModelError(e) ? fromReadModelError(e) : e)
  ) as Effect.Effect<
    A,
    Exclude<E, EventStore.EventStoreError | ReadModelStore.ReadModelError> | Failure.Refused | Failure.StorageError,
    Exclude<R, EventStore.EventStore | ReadModelStore.ReadModelStore>
  >
