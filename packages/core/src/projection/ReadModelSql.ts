/**
 * The SQL implementation of the {@link ReadModelStore} port that the SQLite and PostgreSQL
 * adapters share (AUD-1, read side). Written against `effect/sql`'s `SqlClient` in SQL both
 * dialects accept; what differs (how a write transaction begins, how a document field is
 * filtered, key order) comes from the adapter as a {@link Dialect}.
 *
 * Tables (the adapters' migrations create them; see {@link defaultTables}):
 * - `docs`: `projection`, `key`, `doc` (JSON text), primary key (`projection`, `key`);
 * - `checkpoints`: `projection` (primary key), `position`, `version`;
 * - `leases`: `projection` (primary key), `owner`, `expires_at` (epoch milliseconds).
 *
 * A commit is one transaction: make sure the checkpoint row exists, move it with
 * `UPDATE … WHERE position = from RETURNING` (no row back: another runner moved it, roll back),
 * then upsert and delete the documents. A lease is one upsert that only takes over an expired
 * lease or renews one's own.
 *
 * @module
 */
import { Effect } from "effect"
import { Migrator, SqlClient, type SqlError, type Statement } from "effect/sql"
import type { Doc } from "./Projection.ts"
import * as ReadModelStore from "./ReadModelStore.ts"

/** Table names, optionally schema-qualified (`"schema.table"`). */
export interface Tables {
  readonly docs: string
  readonly checkpoints: string
  readonly leases: string
  /** The table `effect/sql/Migrator` records applied migrations in. */
  readonly migrations: string
}

/** The default table names. */
export const defaultTables: Tables = {
  docs: "read_model_docs",
  checkpoints: "read_model_checkpoints",
  leases: "read_model_leases",
  migrations: "read_model_migrations"
}

/** Qualify the default names with a schema (PostgreSQL). */
export const tablesIn = (schema: string): Tables => ({
  docs: `${schema}.${defaultTables.docs}`,
  checkpoints: `${schema}.${defaultTables.checkpoints}`,
  leases: `${schema}.${defaultTables.leases}`,
  migrations: `${schema}.${defaultTables.migrations}`
})

/** What an adapter tells the shared implementation about its database. */
export interface Dialect {
  /** Statement that opens a write transaction when `BEGIN` is not enough (SQLite: `BEGIN IMMEDIATE`). */
  readonly beginWrite?: string | undefined
  /**
   * A condition on the `doc` column: its top-level `field` (a scalar, or any element of an array)
   * is one of `values`.
   */
  readonly fieldIn: (sql: SqlClient.SqlClient, field: string, values: ReadonlyArray<string | number>) => Statement.Fragment
  /**
   * The expression keys are ordered and compared by in code-point order (PostgreSQL:
   * `key COLLATE "C"`, with an index on it), for `ORDER BY` and keyset paging alike.
   */
  readonly keyOrder: (sql: SqlClient.SqlClient) => Statement.Fragment
}

/** Rows per multi-row statement (3 parameters each, below both databases' limits). */
const CHUNK = 300

const unavailable = (error: SqlError.SqlError | Migrator.MigrationError) =>
  new ReadModelStore.ReadModelError({ reason: "unavailable", message: `read-model storage failed (${error._tag})` })

const chunks = <A>(xs: ReadonlyArray<A>): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK))
  return out
}

const corrupt = (projection: string, key: string) =>
  new ReadModelStore.ReadModelError({ reason: "corrupt", message: `${projection}: document ${key} is not JSON` })

/** A stored document's JSON text parsed, or `undefined` when it is not JSON. */
const parse = (text: unknown): Doc | undefined => {
  try {
    return JSON.parse(String(text)) as Doc
  } catch {
    return undefined
  }
}

/** Run the read-model migrations (each once; safe to run again). */
export const migrate = (
  migrations: Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>>,
  options: { readonly dialect: Dialect; readonly tables?: Tables | undefined }
): Effect.Effect<void, ReadModelStore.ReadModelError, SqlClient.SqlClient> => {
  const run = Migrator.make({})({ loader: Migrator.fromRecord(migrations), table: (options.tables ?? defaultTables).migrations })
  const begin = options.dialect.beginWrite
  return (begin === undefined ? run : Effect.provideService(run, SqlClient.BeginTransaction, begin)).pipe(
    Effect.asVoid,
    Effect.mapError(unavailable)
  )
}

/** The tables' DDL in SQL both dialects accept (`bigint` is an integer in SQLite). */
export const createTables = (tables: Tables = defaultTables): Effect.Effect<void, unknown, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE ${sql(tables.docs)} (
      projection TEXT NOT NULL,
      key TEXT NOT NULL,
      doc TEXT NOT NULL,
      PRIMARY KEY (projection, key)
    )`
    yield* sql`CREATE TABLE ${sql(tables.checkpoints)} (
      projection TEXT PRIMARY KEY,
      position BIGINT NOT NULL,
      version INTEGER NOT NULL
    )`
    yield* sql`CREATE TABLE ${sql(tables.leases)} (
      projection TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      expires_at BIGINT NOT NULL
    )`
  })

/** The port over an `SqlClient` whose database has the tables (see {@link migrate}). */
export const make = (options: {
  readonly dialect: Dialect
  readonly tables?: Tables | undefined
  /** Milliseconds since the epoch, for leases (default `Date.now`). */
  readonly now?: (() => number) | undefined
}): Effect.Effect<ReadModelStore.ReadModelStoreShape, never, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { dialect } = options
    const tables = options.tables ?? defaultTables
    const now = options.now ?? Date.now
    const docs = sql(tables.docs)
    const checkpoints = sql(tables.checkpoints)
    const leases = sql(tables.leases)
    const write = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      dialect.beginWrite === undefined
        ? sql.withTransaction(effect)
        : Effect.provideService(sql.withTransaction(effect), SqlClient.BeginTransaction, dialect.beginWrite)
    const mapSql = <A, R>(effect: Effect.Effect<A, SqlError.SqlError | ReadModelStore.ReadModelError, R>) =>
      Effect.mapError(effect, (e) => (e._tag === "ReadModelError" ? e : unavailable(e)))

    const checkpoint: ReadModelStore.ReadModelStoreShape["checkpoint"] = (projection) =>
      mapSql(Effect.map(
        sql<{ position: number | bigint | string; version: number | bigint }>`SELECT position, version FROM ${checkpoints} WHERE projection = ${projection}`,
        (rows) => rows[0] === undefined ? undefined : { position: Number(rows[0].position), version: Number(rows[0].version) }
      ))

    // `load` and `commit` run once per batch of a catch-up: chains of `flatMap`s rather than
    // `Effect.gen`, which kept each batch reachable longer (see `ProjectionRunner`).
    const load: ReadModelStore.ReadModelStoreShape["load"] = (projection, keys) => {
      const out = new Map<string, Doc>()
      const part = (rows: ReadonlyArray<{ readonly key: string; readonly doc: string }>) =>
        Effect.suspend(() => {
          for (const r of rows) {
            const doc = parse(r.doc)
            if (doc === undefined) return Effect.fail(corrupt(projection, r.key))
            out.set(r.key, doc)
          }
          return Effect.void
        })
      return mapSql(Effect.as(
        Effect.forEach(chunks(keys), (keys) =>
          Effect.flatMap(
            sql<{ key: string; doc: string }>`SELECT key, doc FROM ${docs} WHERE projection = ${projection} AND ${sql.in("key", keys)}`,
            part
          ), { discard: true }),
        out
      ))
    }

    const commit: ReadModelStore.ReadModelStoreShape["commit"] = (projection, batch) => {
      const puts = batch.changes.filter((c) => c.doc !== null)
      const deletes = batch.changes.filter((c) => c.doc === null).map((c) => c.key)
      const moveCheckpoint = Effect.andThen(
        sql`INSERT INTO ${checkpoints} (projection, position, version) VALUES (${projection}, 0, ${batch.version}) ON CONFLICT (projection) DO NOTHING`,
        sql`UPDATE ${checkpoints} SET position = ${batch.to}, version = ${batch.version}
          WHERE projection = ${projection} AND position = ${batch.from} RETURNING position`
      )
      const writeDocs = Effect.andThen(
        Effect.forEach(chunks(puts), (part) =>
          sql`INSERT INTO ${docs} (projection, key, doc) VALUES ${
            sql.csv(part.map((c) => sql`(${projection}, ${c.key}, ${JSON.stringify(c.doc)})`))
          }
            ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc`, { discard: true }),
        Effect.forEach(chunks(deletes), (part) => sql`DELETE FROM ${docs} WHERE projection = ${projection} AND ${sql.in("key", part)}`, {
          discard: true
        })
      )
      return mapSql(write(Effect.flatMap(moveCheckpoint, (moved): Effect.Effect<void, SqlError.SqlError | ReadModelStore.ReadModelError> =>
        moved.length === 0
          ? Effect.fail(
            new ReadModelStore.ReadModelError({ reason: "checkpoint-moved", message: `${projection}: the checkpoint is no longer at ${batch.from}` })
          )
          : writeDocs)))
    }

    const reset: ReadModelStore.ReadModelStoreShape["reset"] = (projection) =>
      mapSql(write(Effect.gen(function*() {
        yield* sql`DELETE FROM ${docs} WHERE projection = ${projection}`
        yield* sql`DELETE FROM ${checkpoints} WHERE projection = ${projection}`
      })))

    const list: ReadModelStore.ReadModelStoreShape["list"] = (projection, query) =>
      Effect.suspend(() => {
        const invalid = ReadModelStore.validateQuery(query)
        if (invalid !== undefined) return Effect.fail(invalid)
        const where = [
          sql`projection = ${projection}`,
          // Keyset paging compares keys in the order they are listed (PostgreSQL: code-point order).
          ...(query.after !== undefined ? [sql`${dialect.keyOrder(sql)} > ${query.after}`] : []),
          ...(query.where ?? []).map((w) => (w.in.length === 0 ? sql`1 = 0` : dialect.fieldIn(sql, w.field, w.in)))
        ]
        return mapSql(Effect.flatMap(
          sql<{ key: string; doc: string }>`SELECT key, doc FROM ${docs} WHERE ${sql.and(where)} ORDER BY ${dialect.keyOrder(sql)} LIMIT ${query.limit}`,
          (rows) =>
            Effect.forEach(rows, (r) => {
              const doc = parse(r.doc)
              return doc === undefined ? Effect.fail(corrupt(projection, r.key)) : Effect.succeed({ key: r.key, doc })
            })
        ))
      })

    const acquire: ReadModelStore.ReadModelStoreShape["acquire"] = (projection, owner, ttl) =>
      Effect.suspend(() => {
        const t = now()
        return mapSql(Effect.map(
          sql`INSERT INTO ${leases} AS l (projection, owner, expires_at) VALUES (${projection}, ${owner}, ${t + ttl})
            ON CONFLICT (projection) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE l.owner = excluded.owner OR l.expires_at < ${t} RETURNING owner`,
          (rows) => rows.length === 1
        ))
      })

    const release: ReadModelStore.ReadModelStoreShape["release"] = (projection, owner) =>
      mapSql(Effect.asVoid(sql`DELETE FROM ${leases} WHERE projection = ${projection} AND owner = ${owner}`))

    return ReadModelStore.ReadModelStore.of({ checkpoint, load, commit, reset, list, acquire, release })
  })
