/**
 * A small `effect/sql` client over Node's built-in `node:sqlite` (`DatabaseSync`): no native
 * build, shaped like Effect's own SQL drivers (a service interface extending `SqlClient`, a
 * `Context.Service` key, a `Config`, `make`, `layer`, `layerConfig`).
 *
 * One client is one connection, shared by the process's fibers through a semaphore: a
 * transaction holds it from `BEGIN` to `COMMIT`. Several clients (or processes) may open the
 * same file; SQLite's locks arbitrate between them.
 *
 * Settings applied on open, and why:
 * - `journal_mode = WAL`: readers never block the writer and the writer never blocks readers;
 *   a commit appends to the write-ahead log instead of rewriting pages.
 * - `synchronous = NORMAL` (default): in WAL mode SQLite then syncs the log at checkpoints, not
 *   at every commit. A committed transaction survives a crash of the process (the kit's crash
 *   test kills writers with SIGKILL); a power loss or OS crash may lose the last transactions
 *   committed before it, but never corrupts the database or splits a transaction. Choose
 *   `FULL` to sync at every commit when that window matters more than write speed.
 * - `busy_timeout`: how long a statement waits for another connection's lock. The wait is
 *   asynchronous: SQLite's own busy handler sleeps the thread, which with a synchronous driver
 *   would freeze every fiber, including the one in this process that holds the lock, so the
 *   client sets the pragma to 0 and retries a `SQLITE_BUSY` statement on a timer instead
 *   (only where retrying is safe: outside a transaction, or the `BEGIN` itself). When the
 *   timeout runs out the statement fails with a retryable `LockTimeoutError`.
 * - Transactions begin with `BEGIN IMMEDIATE` by default: the write lock is taken up front, so
 *   two connections never both read, then both try to write and deadlock.
 * - `foreign_keys = ON`.
 *
 * **Private by default.** Case records hold personal data: a missing database file is created
 * `0600` (owner only) before SQLite opens it — SQLite gives the `-wal` and `-shm` files the
 * main file's mode — and its directory `0700` when missing (one level; deeper missing
 * directories are an error). Existing files and directories keep their modes.
 *
 * Errors are classified with `effect/sql`'s SQLite classifier into one `SqlError` with a
 * tagged `reason` and `isRetryable`.
 *
 * @module
 */
import { Config, Context, Duration, Effect, Layer, Scope, Semaphore, Stream } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient, SqlError, Statement } from "effect/sql"
import type { SqlConnection } from "effect/sql"
import { closeSync, mkdirSync, openSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { DatabaseSync, type StatementSync } from "node:sqlite"

/** Runtime type identifier of {@link SqliteClient} values. */
export const TypeId: TypeId = "~@kitakami-juso/store-sqlite/SqliteClient"

/** Type-level identifier of {@link SqliteClient} values. */
export type TypeId = "~@kitakami-juso/store-sqlite/SqliteClient"

/** SQLite's `PRAGMA synchronous` levels. */
export type Synchronous = "OFF" | "NORMAL" | "FULL" | "EXTRA"

/** How transactions begin: `BEGIN DEFERRED`, `BEGIN IMMEDIATE` or `BEGIN EXCLUSIVE`. */
export type TransactionMode = "DEFERRED" | "IMMEDIATE" | "EXCLUSIVE"

/** Configuration of a {@link SqliteClient}. */
export interface SqliteClientConfig {
  /** A file path, or `":memory:"` for a private in-memory database. */
  readonly filename: string
  /** Open read-only. */
  readonly readonly?: boolean | undefined
  /** Use the write-ahead log (default `true`; ignored for `":memory:"`). */
  readonly wal?: boolean | undefined
  /** `PRAGMA synchronous` (default `"NORMAL"`; see the module notes for the trade-off). */
  readonly synchronous?: Synchronous | undefined
  /** How long to wait for another connection's lock before failing (default 5 seconds). */
  readonly busyTimeout?: Duration.Input | undefined
  /** How `withTransaction` begins a transaction (default `"IMMEDIATE"`). */
  readonly transactionMode?: TransactionMode | undefined
  /** How many prepared statements to keep (default 200). */
  readonly prepareCacheSize?: number | undefined
  readonly spanAttributes?: Record<string, unknown> | undefined
  readonly transformResultNames?: ((str: string) => string) | undefined
  readonly transformQueryNames?: ((str: string) => string) | undefined
}

/** The settings SQLite reports after the client opened the database. */
export interface Pragmas {
  /** `wal`, or `memory` for `":memory:"`, or `delete` when WAL is off. */
  readonly journalMode: string
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  readonly synchronous: number
  readonly foreignKeys: boolean
}

/** The SQLite client: an `effect/sql` `SqlClient` plus what is specific to SQLite. */
export interface SqliteClient extends SqlClient.SqlClient {
  readonly [TypeId]: TypeId
  readonly config: SqliteClientConfig
  readonly pragmas: Pragmas
  /** Not supported by SQLite. */
  readonly updateValues: never
  /**
   * Run a read-only statement (no parameters) at once, synchronously, and return its first row
   * as an array of values (`[]` when there is none) — committed data only: `undefined` while
   * the connection is inside a transaction (what it wrote may still roll back), or when the
   * read fails. No other fiber can use the connection during a synchronous call. For small,
   * frequent reads where a statement through the client costs more than the query.
   */
  readonly readCommitted: (sql: string) => ReadonlyArray<unknown> | undefined
}

/** The service key of {@link SqliteClient}. */
export const SqliteClient = Context.Service<SqliteClient>("@kitakami-juso/store-sqlite/SqliteClient")

type Transform = <A extends object>(rows: ReadonlyArray<A>) => ReadonlyArray<A>

const SYNCHRONOUS: ReadonlyArray<Synchronous> = ["OFF", "NORMAL", "FULL", "EXTRA"]

// SQLITE_BUSY (5) and its extended codes; SQLITE_LOCKED (6) is a conflict inside one connection.
const isBusy = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && typeof (cause as { errcode?: unknown }).errcode === "number"
  && ((cause as { errcode: number }).errcode & 0xff) === 5

/**
 * Classify a `node:sqlite` error (its `errcode` is the SQLite result code) into an
 * `effect/sql` reason: `SQLITE_BUSY` → `LockTimeoutError` (retryable), `SQLITE_CANTOPEN` →
 * `ConnectionError` (retryable), unique constraint → `UniqueViolation` naming the columns, …
 */
export const classifyError = (cause: unknown, message: string, operation: string): SqlError.SqlErrorReason => {
  const withErrno = typeof cause === "object" && cause !== null && "errcode" in cause && !("errno" in cause)
    ? Object.assign(cause, { errno: (cause as { errcode: unknown }).errcode })
    : cause
  return SqlError.classifySqliteError(withErrno, { message, operation })
}

const sqlError = (cause: unknown, message: string, operation: string) =>
  new SqlError.SqlError({ reason: classifyError(cause, message, operation) })

// A real timer, not the Effect Clock: waiting for a lock held by another connection must
// make progress under a TestClock too.
const timer = (millis: number): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const handle = setTimeout(() => resume(Effect.void), millis)
    return Effect.sync(() => clearTimeout(handle))
  })

/** File modes of a new database (owner read/write) and of a new directory (owner only). */
export const FILE_MODE = 0o600
/** See {@link FILE_MODE}. */
export const DIRECTORY_MODE = 0o700

const isFile = (filename: string): boolean => filename !== ":memory:" && filename !== "" && !filename.startsWith("file:")

// Create a missing database file 0600 before SQLite does, and its directory 0700 when that
// is missing (one level only: a mistyped path fails instead of growing a directory tree).
const createPrivate = (filename: string): void => {
  if (!isFile(filename)) return
  try {
    mkdirSync(dirname(filename), { mode: DIRECTORY_MODE })
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EEXIST") throw error
  }
  closeSync(openSync(filename, "a", FILE_MODE))
}

/**
 * Why a file path cannot be opened, told by the file system (a `{ code }` cause the store
 * classifies: `EISDIR`, `ENOENT`, `EACCES`, …), or `undefined` when it looks fine.
 */
export const fileProblem = (filename: string): { readonly code: string } | undefined => {
  if (!isFile(filename)) return undefined
  try {
    if (statSync(filename).isDirectory()) return { code: "EISDIR" }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return typeof code === "string" ? { code } : undefined
  }
  return undefined
}

/** Open a client. The connection closes when the scope does. */
export const make = (
  options: SqliteClientConfig
): Effect.Effect<SqliteClient, SqlError.SqlError, Scope.Scope | Reactivity.Reactivity> =>
  Effect.gen(function*() {
    const compiler = Statement.makeCompilerSqlite(options.transformQueryNames)
    const transformRows = options.transformResultNames
      ? Statement.defaultTransforms(options.transformResultNames).array
      : undefined
    const busyTimeout = Duration.toMillis(options.busyTimeout ?? Duration.seconds(5))
    const synchronous = options.synchronous ?? "NORMAL"
    const cacheSize = Math.max(1, options.prepareCacheSize ?? 200)

    const db = yield* Effect.acquireRelease(
      Effect.try({
        try: () => {
          if (options.readonly !== true) createPrivate(options.filename)
          return new DatabaseSync(options.filename, { readOnly: options.readonly ?? false })
        },
        catch: (cause) => {
          // A file-system failure (EISDIR, EACCES, …) as it is; otherwise ask the file system why.
          const code = (cause as { code?: unknown }).code
          const fs = typeof code === "string" && /^E[A-Z]+$/.test(code) ? { code } : fileProblem(options.filename)
          return sqlError(fs ?? cause, "Failed to open database", "open")
        }
      }),
      (db) => Effect.sync(() => db.isOpen && db.close())
    )

    // Prepared statements by SQL text, with what the driver would otherwise be asked on every
    // run (whether the statement returns rows; its current integer mode).
    interface Prepared {
      readonly statement: StatementSync
      readonly reader: boolean
      bigInts: boolean
    }
    const cache = new Map<string, Prepared>()
    const prepare = (sql: string, keep: boolean): Prepared => {
      const cached = keep ? cache.get(sql) : undefined
      if (cached !== undefined) return cached
      const statement = db.prepare(sql)
      const prepared: Prepared = { statement, reader: statement.columns().length > 0, bigInts: false }
      if (keep) {
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!)
        cache.set(sql, prepared)
      }
      return prepared
    }

    // Runs a statement synchronously; on SQLITE_BUSY outside a transaction (nothing has
    // happened yet, so retrying is safe) waits on a timer and tries again until busyTimeout.
    const attempt = <A>(f: () => A): Effect.Effect<A, SqlError.SqlError> => {
      const retryable = !db.isTransaction
      try {
        return Effect.succeed(f())
      } catch (cause) {
        if (!retryable || !isBusy(cause) || busyTimeout <= 0) {
          return Effect.fail(sqlError(cause, "Failed to execute statement", "execute"))
        }
        const started = Date.now()
        const retry = (delay: number): Effect.Effect<A, SqlError.SqlError> =>
          Effect.flatMap(timer(delay), () => {
            try {
              return Effect.succeed(f())
            } catch (cause) {
              if (isBusy(cause) && Date.now() - started < busyTimeout) return retry(Math.min(delay * 2, 50))
              return Effect.fail(sqlError(cause, "Failed to execute statement", "execute"))
            }
          })
        return retry(1)
      }
    }

    // Rows as arrays for this one call (the cached statement keeps returning objects otherwise).
    const asArrays = <A>(statement: StatementSync, f: () => A): A => {
      statement.setReturnArrays(true)
      try {
        return f()
      } finally {
        statement.setReturnArrays(false)
      }
    }

    type Mode = "rows" | "raw" | "values"
    // One statement, synchronously, its integers as `bigInts` asks (throws the driver's error).
    const runNow = (sql: string, params: ReadonlyArray<unknown>, mode: Mode, keep: boolean, bigInts: boolean): any => {
      const prepared = prepare(sql, keep)
      const { statement } = prepared
      if (prepared.bigInts !== bigInts) {
        statement.setReadBigInts(bigInts)
        prepared.bigInts = bigInts
      }
      if (mode === "values") {
        return asArrays(statement, () => {
          if (prepared.reader) return statement.all(...(params as Array<any>))
          statement.run(...(params as Array<any>))
          return []
        })
      }
      if (prepared.reader) return statement.all(...(params as Array<any>))
      const result = statement.run(...(params as Array<any>))
      return mode === "raw" ? { changes: result.changes, lastInsertRowid: result.lastInsertRowid } : []
    }
    const run = (sql: string, params: ReadonlyArray<unknown>, mode: Mode, keep: boolean) =>
      Effect.withFiber<any, SqlError.SqlError>((fiber) => attempt(() => runNow(sql, params, mode, keep, fiber.getRef(SqlClient.SafeIntegers))))

    const rows = (sql: string, params: ReadonlyArray<unknown>, keep: boolean, transform: Transform | undefined) => {
      const result: Effect.Effect<ReadonlyArray<any>, SqlError.SqlError> = run(sql, params, "rows", keep)
      return transform ? Effect.map(result, transform) : result
    }

    // The event store's append runs its statements synchronously (core's `SqlAppend.SyncConnection`),
    // inside the transaction it holds: a statement's rows (integers as numbers), and one prepared
    // statement run once per parameter list. They throw the `SqlError` `execute` fails with. Never
    // retried: inside a transaction a busy database is not waited for, and outside one the rows
    // before a failure would already be committed.
    const sync = <A>(f: () => A): A => {
      try {
        return f()
      } catch (cause) {
        throw sqlError(cause, "Failed to execute statement", "execute")
      }
    }
    const executeSync = (sql: string, params: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
      sync(() => runNow(sql, params, "rows", true, false))
    const executeEachSync = (sql: string, rowsOfParams: ReadonlyArray<ReadonlyArray<unknown>>): void =>
      sync(() => {
        const { statement } = prepare(sql, true)
        for (let i = 0; i < rowsOfParams.length; i++) statement.run(...(rowsOfParams[i] as Array<any>))
      })
    // `executeEachSync` as an Effect (core's `SqlAppend.EachRowConnection`).
    const executeEach = (sql: string, rowsOfParams: ReadonlyArray<ReadonlyArray<unknown>>): Effect.Effect<void, SqlError.SqlError> =>
      Effect.try({ try: () => executeEachSync(sql, rowsOfParams), catch: (error) => error as SqlError.SqlError })

    const connection: SqlConnection.Connection & {
      readonly executeEach: typeof executeEach
      readonly executeSync: typeof executeSync
      readonly executeEachSync: typeof executeEachSync
    } = {
      executeEach,
      executeSync,
      executeEachSync,
      execute: (sql, params, transform) => rows(sql, params, true, transform),
      executeRaw: (sql, params) => run(sql, params, "raw", true),
      executeValues: (sql, params) => run(sql, params, "values", true),
      executeValuesUnprepared: (sql, params) => run(sql, params, "values", false),
      executeUnprepared: (sql, params, transform) => rows(sql, params ?? [], false, transform),
      // Reads the whole result under the connection lease, then streams it.
      executeStream: (sql, params, transform) => Stream.unwrap(Effect.map(rows(sql, params, true, transform), Stream.fromIterable))
    }

    // Pragmas: the settings this store relies on, read back so tests and callers can see them.
    const pragma = (text: string) => attempt(() => db.prepare(text).get() as Record<string, unknown> | undefined)
    yield* attempt(() => db.exec("PRAGMA busy_timeout = 0"))
    if (options.filename !== ":memory:" && options.wal !== false && options.readonly !== true) {
      yield* pragma("PRAGMA journal_mode = WAL")
    }
    yield* attempt(() => db.exec(`PRAGMA synchronous = ${SYNCHRONOUS.includes(synchronous) ? synchronous : "NORMAL"}`))
    yield* attempt(() => db.exec("PRAGMA foreign_keys = ON"))
    const pragmas: Pragmas = {
      journalMode: String((yield* pragma("PRAGMA journal_mode"))?.journal_mode ?? ""),
      synchronous: Number((yield* pragma("PRAGMA synchronous"))?.synchronous ?? -1),
      foreignKeys: Number((yield* pragma("PRAGMA foreign_keys"))?.foreign_keys ?? 0) === 1
    }

    const semaphore = yield* Semaphore.make(1)
    const acquirers = SqlClient.makeSqliteAcquirers({
      connection: Effect.succeed(connection),
      semaphore,
      isTransaction: () => db.isTransaction
    })

    const client = yield* SqlClient.make({
      acquirer: acquirers.acquirer,
      borrower: acquirers.borrower,
      transactionAcquirer: acquirers.transactionAcquirer,
      onCommitFailure: acquirers.onCommitFailure,
      isTransaction: acquirers.isTransaction,
      compiler,
      driver: "sqlite-node-sync",
      prepareTransactionControls: true,
      beginTransaction: `BEGIN ${options.transactionMode ?? "IMMEDIATE"}`,
      releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
      spanAttributes: [
        ...(options.spanAttributes ? Object.entries(options.spanAttributes) : []),
        ["db.system.name", "sqlite"]
      ],
      transformRows
    })

    // Through the client's own prepared statements, as arrays for this call only (as `values` runs).
    const readCommitted = (text: string): ReadonlyArray<unknown> | undefined => {
      if (!db.isOpen || db.isTransaction) return undefined
      try {
        const { statement } = prepare(text, true)
        return asArrays(statement, () => (statement.get() as ReadonlyArray<unknown> | undefined) ?? [])
      } catch {
        return undefined
      }
    }

    return Object.assign(client as SqliteClient, {
      [TypeId]: TypeId,
      config: options,
      pragmas,
      readCommitted
    })
  })

/** A layer providing both {@link SqliteClient} and the generic `SqlClient`. */
export const layer = (
  config: SqliteClientConfig
): Layer.Layer<SqliteClient | SqlClient.SqlClient, SqlError.SqlError> =>
  Layer.effectContext(
    Effect.map(make(config), (client) => Context.make(SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client)))
  ).pipe(Layer.provide(Reactivity.layer))

/** {@link layer} from an Effect `Config` (e.g. `Config.string("SQLITE_FILE")`). */
export const layerConfig = (
  config: Config.Wrap<SqliteClientConfig>
): Layer.Layer<SqliteClient | SqlClient.SqlClient, Config.ConfigError | SqlError.SqlError> =>
  Layer.effectContext(
    Config.unwrap(config).pipe(
      Effect.flatMap(make),
      Effect.map((client) => Context.make(SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client)))
    )
  ).pipe(Layer.provide(Reactivity.layer))
