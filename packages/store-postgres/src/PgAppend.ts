/**
 * PostgreSQL's append in one round trip (AUD-1, issue 14): a stored function,
 * `<schema>.event_store_append`, checks the idempotency key, moves the stream head when it is
 * the one the caller hashed onto (one conditional `UPDATE`, which takes the row lock), inserts
 * the events at the transaction-id positions of the feed rule and records the key, all in one
 * statement (and, outside a caller's transaction, one implicit transaction).
 *
 * The chain is hashed here, on the client, with the chain key that never reaches the database;
 * so the caller must know the stream's head before it calls. It remembers each stream's head
 * from its own appends and whole-stream reads (`SqlAppend.HeadCache`); when the cache is cold or stale, one read of the head
 * (and of the key's first result) comes first, and when the function finds the head moved it
 * returns the actual head and nothing is written — the append is decided again against it.
 * The function's migrations are their own entries beside the tables': `3_append_function`
 * creates it, `4_append_function_conditional` replaces its body (same signature and answers),
 * and `5_append_one_function` adds `<schema>.event_store_append_one`, the same body taking one
 * event's fields instead of arrays, which the client calls for every one-event append.
 *
 * @module
 */
import { EventHash, EventStore } from "@kitakami-juso/core"
import { EventBatch, type EventStoreSql, EventStoreSqlError, SqlAppend } from "@kitakami-juso/core/adapter"
import { Clock, Effect, type Result } from "effect"
import { SqlClient, type SqlConnection, type SqlError } from "effect/sql"

/** Name of the append function in `schema`. */
export const functionName = (schema: string): string => `${schema}.event_store_append`

/** Name of the one-event append function in `schema`. */
export const oneFunctionName = (schema: string): string => `${schema}.event_store_append_one`

/** An identifier (`schema.name`) quoted as the client quotes it. */
const quoted = (sql: SqlClient.SqlClient, identifier: string): string => sql`${sql(identifier)}`.compile()[0]

/** A function's and the store's tables' names, quoted, as the functions' texts use them. */
type Names = { readonly fn: string; readonly events: string; readonly streams: string; readonly idempotency: string }

const quotedNames = (sql: SqlClient.SqlClient, tables: EventStoreSql.Tables, fn: string): Names => ({
  fn: quoted(sql, fn),
  events: quoted(sql, tables.events),
  streams: quoted(sql, tables.streams),
  idempotency: quoted(sql, tables.idempotency)
})

/**
 * The migration that creates the append function (positions: transaction id × `perTransaction`
 * + index), as first released: migration 4 ({@link conditionalMigration}) replaces its body, so
 * this text stays as it was for the stores that applied it.
 */
export const migration = (
  schema: string,
  tables: EventStoreSql.Tables,
  perTransaction: number
): Effect.Effect<void, unknown, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { events, fn, idempotency, streams } = quotedNames(sql, tables, functionName(schema))
    yield* sql.unsafe(`CREATE FUNCTION ${fn}(
      p_stream text, p_from_version integer, p_prev_hash text,
      p_event_ids text[], p_types text[], p_payloads text[], p_metadata text[], p_hashes text[],
      p_recorded_at text, p_key text, p_request text
    ) RETURNS TABLE (status text, version integer, hash text, first_position bigint, last_position bigint, key_stream text)
    LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      v_version integer;
      v_hash text;
      v_count integer := cardinality(p_event_ids);
      v_next integer;
      v_last text;
      v_base bigint;
      v_used integer;
      k record;
    BEGIN
      IF p_key IS NOT NULL THEN
        SELECT * INTO k FROM ${idempotency} WHERE idempotency_key = p_key;
        IF FOUND THEN
          IF k.request_hash = p_request THEN
            RETURN QUERY SELECT 'replay'::text, k.next_expected_version, NULL::text, k.first_position, k.last_position, k.stream;
          ELSE
            RETURN QUERY SELECT 'key-conflict'::text, NULL::integer, NULL::text, NULL::bigint, NULL::bigint, NULL::text;
          END IF;
          RETURN;
        END IF;
      END IF;
      SELECT s.version, s.hash INTO v_version, v_hash FROM ${streams} s WHERE s.stream = p_stream FOR UPDATE;
      IF NOT FOUND THEN
        v_version := 0;
        v_hash := '';
      END IF;
      IF v_version <> p_from_version OR v_hash <> p_prev_hash THEN
        RETURN QUERY SELECT 'moved'::text, v_version, v_hash, NULL::bigint, NULL::bigint, NULL::text;
        RETURN;
      END IF;
      v_next := v_version + v_count;
      v_last := p_hashes[v_count];
      IF v_version = 0 THEN
        INSERT INTO ${streams} (stream, version, hash) VALUES (p_stream, v_next, v_last) ON CONFLICT (stream) DO NOTHING;
        IF NOT FOUND THEN
          SELECT s.version, s.hash INTO v_version, v_hash FROM ${streams} s WHERE s.stream = p_stream;
          RETURN QUERY SELECT 'moved'::text, v_version, v_hash, NULL::bigint, NULL::bigint, NULL::text;
          RETURN;
        END IF;
      ELSE
        UPDATE ${streams} SET version = v_next, hash = v_last WHERE stream = p_stream;
      END IF;
      v_base := (pg_current_xact_id()::text::bigint) * ${perTransaction};
      SELECT count(*) INTO v_used FROM ${events} WHERE position >= v_base AND position < v_base + ${perTransaction};
      IF v_used + v_count > ${perTransaction} THEN
        RAISE EXCEPTION 'one transaction can append at most ${perTransaction} events' USING ERRCODE = 'program_limit_exceeded';
      END IF;
      INSERT INTO ${events} (position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash)
      SELECT v_base + v_used + e.i - 1, p_stream, v_version + e.i, e.id, e.t, e.p, NULLIF(e.m, ''), p_recorded_at,
             CASE WHEN e.i = 1 THEN p_prev_hash ELSE p_hashes[e.i - 1] END, e.h
      FROM unnest(p_event_ids, p_types, p_payloads, p_metadata, p_hashes) WITH ORDINALITY AS e(id, t, p, m, h, i);
      IF p_key IS NOT NULL THEN
        INSERT INTO ${idempotency} (idempotency_key, stream, request_hash, next_expected_version, first_position, last_position)
        VALUES (p_key, p_stream, p_request, v_next, v_base + v_used, v_base + v_used + v_count - 1);
      END IF;
      RETURN QUERY SELECT 'ok'::text, v_next, v_last, v_base + v_used, v_base + v_used + v_count - 1, NULL::text;
    END $$`)
  })

/**
 * The events a function takes, and how it inserts them: an array of each field (`batch`,
 * `event_store_append`) or one event's fields (`one`, `event_store_append_one`: no arrays to
 * build, send, parse and unnest for the usual one-event append of a command; measured about 5%
 * more appends a second than the batch function with one-element arrays).
 */
export type Shape = "batch" | "one"

const shapes: Record<Shape, {
  /** The function's name in a schema. */
  readonly name: (schema: string) => string
  /** The type of each of the five event parameters, as the client casts them. */
  readonly type: string
  readonly events: string
  readonly count: string
  readonly last: string
  readonly insert: string
}> = {
  batch: {
    name: functionName,
    type: "text[]",
    events: "p_event_ids text[], p_types text[], p_payloads text[], p_metadata text[], p_hashes text[]",
    count: "cardinality(p_event_ids)",
    last: "p_hashes[cardinality(p_event_ids)]",
    insert: `SELECT v_base + v_used + e.i - 1, p_stream, p_from_version + e.i, e.id, e.t, e.p, NULLIF(e.m, ''), p_recorded_at,
             CASE WHEN e.i = 1 THEN p_prev_hash ELSE p_hashes[e.i - 1] END, e.h
      FROM unnest(p_event_ids, p_types, p_payloads, p_metadata, p_hashes) WITH ORDINALITY AS e(id, t, p, m, h, i)`
  },
  one: {
    name: oneFunctionName,
    type: "text",
    events: "p_event_id text, p_type text, p_payload text, p_metadata text, p_hash text",
    count: "1",
    last: "p_hash",
    insert: "VALUES (v_base + v_used, p_stream, p_from_version + 1, p_event_id, p_type, p_payload, NULLIF(p_metadata, ''), p_recorded_at, p_prev_hash, p_hash)"
  }
}

/**
 * The conditional append function's text (names quoted), one body for both {@link Shape}s (same
 * answers). Released migrations run this text, so it is frozen: a test pins its digest, and a
 * change to the body is a new migration.
 * - the head moves with one conditional `UPDATE … WHERE version = p_from_version AND hash =
 *   p_prev_hash` (a new stream: `INSERT … ON CONFLICT DO NOTHING`) instead of `SELECT … FOR
 *   UPDATE` then `UPDATE`. The `UPDATE` takes the row lock itself; at READ COMMITTED a writer
 *   that waited on a concurrent one re-checks the condition against the committed head, finds
 *   it moved, and the function answers `moved` with the head it reads then;
 * - positions already used by the transaction are counted only when it has written before
 *   (`pg_current_xact_id_if_assigned()` was set on entry): a transaction with no id yet has
 *   stored nothing, so an append on its own (the usual case) skips that index probe;
 * - results are returned through the OUT columns (`RETURN NEXT`), not a `RETURN QUERY`.
 */
export const conditionalFunction = (
  names: Names,
  perTransaction: number,
  shape: Shape
): string => {
  const { events, fn, idempotency, streams } = names
  const { count, events: eventParams, insert, last } = shapes[shape]
  return `CREATE OR REPLACE FUNCTION ${fn}(
      p_stream text, p_from_version integer, p_prev_hash text,
      ${eventParams},
      p_recorded_at text, p_key text, p_request text
    ) RETURNS TABLE (status text, version integer, hash text, first_position bigint, last_position bigint, key_stream text)
    LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      v_count integer := ${count};
      v_next integer := p_from_version + ${count};
      v_last text := ${last};
      v_wrote boolean := pg_current_xact_id_if_assigned() IS NOT NULL;
      v_version integer;
      v_hash text;
      v_base bigint;
      v_used integer := 0;
      k record;
    BEGIN
      IF p_key IS NOT NULL THEN
        SELECT * INTO k FROM ${idempotency} WHERE idempotency_key = p_key;
        IF FOUND THEN
          IF k.request_hash = p_request THEN
            status := 'replay';
            version := k.next_expected_version;
            first_position := k.first_position;
            last_position := k.last_position;
            key_stream := k.stream;
          ELSE
            status := 'key-conflict';
          END IF;
          RETURN NEXT;
          RETURN;
        END IF;
      END IF;
      IF p_from_version = 0 THEN
        INSERT INTO ${streams} (stream, version, hash) SELECT p_stream, v_next, v_last WHERE p_prev_hash = ''
        ON CONFLICT (stream) DO NOTHING;
      ELSE
        UPDATE ${streams} SET version = v_next, hash = v_last
        WHERE stream = p_stream AND version = p_from_version AND hash = p_prev_hash;
      END IF;
      IF NOT FOUND THEN
        SELECT s.version, s.hash INTO v_version, v_hash FROM ${streams} s WHERE s.stream = p_stream;
        IF NOT FOUND THEN
          v_version := 0;
          v_hash := '';
        END IF;
        status := 'moved';
        version := v_version;
        hash := v_hash;
        RETURN NEXT;
        RETURN;
      END IF;
      v_base := (pg_current_xact_id()::text::bigint) * ${perTransaction};
      IF v_wrote THEN
        SELECT count(*) INTO v_used FROM ${events} WHERE position >= v_base AND position < v_base + ${perTransaction};
      END IF;
      IF v_used + v_count > ${perTransaction} THEN
        RAISE EXCEPTION 'one transaction can append at most ${perTransaction} events' USING ERRCODE = 'program_limit_exceeded';
      END IF;
      INSERT INTO ${events} (position, stream, version, event_id, type, payload, metadata, recorded_at, prev_hash, hash)
      ${insert};
      IF p_key IS NOT NULL THEN
        INSERT INTO ${idempotency} (idempotency_key, stream, request_hash, next_expected_version, first_position, last_position)
        VALUES (p_key, p_stream, p_request, v_next, v_base + v_used, v_base + v_used + v_count - 1);
      END IF;
      status := 'ok';
      version := v_next;
      hash := v_last;
      first_position := v_base + v_used;
      last_position := v_base + v_used + v_count - 1;
      RETURN NEXT;
    END $$`
}

/**
 * The migration that writes the conditional append function of a {@link Shape}:
 * `4_append_function_conditional` replaces the batch function's body (same signature and answers,
 * fewer statements per call), `5_append_one_function` creates the one-event function
 * ({@link conditionalFunction}).
 */
export const conditionalMigration = (
  schema: string,
  tables: EventStoreSql.Tables,
  perTransaction: number,
  shape: Shape = "batch"
): Effect.Effect<void, unknown, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(conditionalFunction(quotedNames(sql, tables, shapes[shape].name(schema)), perTransaction, shape))
  })

type Head = SqlAppend.Head

type CallRow = {
  readonly status: "ok" | "replay" | "key-conflict" | "moved"
  readonly version: number | null
  readonly hash: string | null
  readonly first_position: number | string | bigint | null
  readonly last_position: number | string | bigint | null
  readonly key_stream: string | null
}

const RETRIES = 50

/** A stale cached head or a concurrent writer: decide again (never escapes). */
class Retry {
  readonly _tag = "Retry"
}

/** The one-round-trip `append` (see the module notes) for `EventStoreSql.Dialect.append`. */
export const make = (schema: string) => (context: EventStoreSql.AppendContext): EventStore.EventStoreShape["append"] => {
  const { digest, heads, sql, tables } = context
  const callOf = ({ name, type }: (typeof shapes)[Shape]) =>
    `SELECT status, version, hash, first_position, last_position, key_stream FROM ${
      quoted(sql, name(schema))
    }($1::text, $2::integer, $3::text, $4::${type}, $5::${type}, $6::${type}, $7::${type}, $8::${type}, $9::text, $10::text, $11::text)`
  const call = callOf(shapes.batch)
  const callOne = callOf(shapes.one)
  const readState =
    `SELECT h.version, h.hash, k.request_hash, k.stream AS key_stream, k.next_expected_version, k.first_position, k.last_position FROM (SELECT 1 AS one) o LEFT JOIN ${
      quoted(sql, tables.streams)
    } h ON h.stream = $1::text LEFT JOIN ${quoted(sql, tables.idempotency)} k ON k.idempotency_key = $2::text`
  const remember = heads.remember

  // Rows as the server names the columns, whatever result-name transform the caller's client has.
  const plain = sql.withoutTransforms()
  // One statement on a connection: the caller's transaction's (in a savepoint); else one the pool
  // lends for the statement alone (`unsafe` borrows it, with a span of the SQL text, never the
  // parameters; a `reserve` pins a connection into a scope, measured at 30–45 µs of CPU more
  // per append).
  const execute = <A>(text: string, params: ReadonlyArray<unknown>): Effect.Effect<ReadonlyArray<A>, SqlError.SqlError> =>
    Effect.flatMap(Effect.serviceOption(sql.transactionService), (outer) =>
      outer._tag === "Some"
        ? sql.withTransaction(Effect.flatMap(
          Effect.serviceOption(sql.transactionService),
          (inner) =>
            inner._tag === "Some"
              ? (inner.value[0] as SqlConnection.Connection).execute(text, params, undefined) as Effect.Effect<ReadonlyArray<A>, SqlError.SqlError>
              : Effect.die("withTransaction provided no connection")
        ))
        : plain.unsafe<A & object>(text, params))

  const replayed = (stream: string | null, version: unknown, first: unknown, last: unknown): EventStore.AppendResult => ({
    stream: stream!,
    nextExpectedVersion: Number(version),
    firstPosition: Number(first),
    lastPosition: Number(last),
    replayed: true
  })

  const keyConflict = (key: string) =>
    EventStore.fail(new EventStore.IdempotencyConflict({ message: "idempotency key reused with different events", idempotencyKey: key }))

  return (stream, expectedVersion, batch, options) =>
    Effect.gen(function*() {
      const encoded = yield* EventBatch.validateBatch(stream, batch)
      const key = options?.idempotencyKey
      const request = key === undefined ? "" : EventHash.hashRequestEncoded(stream, encoded)
      // One event's fields as they are (the one-event function), or an array of each field.
      const one = encoded.length === 1
      const field = <A>(f: (e: EventBatch.EncodedEvent) => A): A | ReadonlyArray<A> => one ? f(encoded[0]!) : encoded.map(f)
      const ids = field((e) => e.eventId)
      const types = field((e) => e.type)
      const payloads = field((e) => e.payload)
      // "" stands for no metadata (canonical JSON is never empty): an all-null array has no type.
      const metadata = field((e) => e.metadata ?? "")
      const readHead = Effect.gen(function*() {
        const state = (yield* Effect.mapError(
          execute<SqlAppend.StateRow>(readState, [stream, key ?? null]),
          (error) => new EventStore.EventStoreError({ reason: EventStoreSqlError.classify(error, { stream }) })
        ))[0]!
        if (key !== undefined && state.request_hash !== null) {
          return state.request_hash === request
            ? replayed(state.key_stream, state.next_expected_version, state.first_position, state.last_position)
            : yield* keyConflict(key)
        }
        const head = { version: state.version === null ? 0 : Number(state.version), hash: state.hash ?? "" }
        remember(stream, head)
        return head
      })
      let head: Head | EventStore.AppendResult | undefined = heads.get(stream)
        ?? (expectedVersion === 0 || expectedVersion === "no_stream" ? { version: 0, hash: "" } : undefined)
      let fresh = false
      for (let attempt = 0;; attempt++) {
        if (attempt > RETRIES) {
          return yield* EventStore.fail(new EventStore.ConnectionFailure({ message: `still contended after ${RETRIES} attempts; retry` }))
        }
        if (head === undefined) {
          head = yield* readHead
          fresh = true
        }
        if ("replayed" in head) return head
        const conflict = EventBatch.versionConflict(stream, expectedVersion, head.version)
        if (conflict !== undefined) {
          // A cached head may be stale, and a replayed key wins over a version conflict: read first.
          if (!fresh) {
            head = undefined
            continue
          }
          return yield* EventStore.fail(conflict)
        }
        const recordedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
        const hashes = EventHash.chainEncoded(head.hash, stream, head.version, recordedAt, encoded, digest)
        const outcome: Result.Result<ReadonlyArray<CallRow>, EventStore.EventStoreError | Retry> = yield* Effect.result(
          execute<CallRow>(one ? callOne : call, [
            stream,
            head.version,
            head.hash,
            ids,
            types,
            payloads,
            metadata,
            one ? hashes[0] : hashes,
            recordedAt,
            key ?? null,
            key === undefined ? null : request
          ]).pipe(
            Effect.catchTag("SqlError", (error): Effect.Effect<never, EventStore.EventStoreError | Retry> => {
              heads.forget(stream)
              const reason = EventStoreSqlError.classify(error, { stream, idempotencyKey: key })
              // A concurrent writer took the version or the key first: decide again.
              if (reason._tag === "VersionConflict" || reason._tag === "IdempotencyConflict") return Effect.fail(new Retry())
              if (reason._tag === "DuplicateEvent") return SqlAppend.duplicateOf(sql, tables.events, encoded)
              if (error.reason.cause !== null && (error.reason.cause as { code?: unknown }).code === "54000") {
                return EventStore.fail(new EventStore.InvalidEvent({ message: "one transaction can append at most 1024 events" }))
              }
              return EventStore.fail(reason)
            })
          )
        )
        if (outcome._tag === "Failure") {
          if (!(outcome.failure instanceof Retry)) return yield* Effect.fail(outcome.failure)
          head = undefined
          continue
        }
        const row: CallRow = outcome.success[0]!
        switch (row.status) {
          case "ok":
            remember(stream, { version: row.version!, hash: row.hash! })
            return {
              stream,
              nextExpectedVersion: row.version!,
              firstPosition: Number(row.first_position),
              lastPosition: Number(row.last_position),
              replayed: false
            } satisfies EventStore.AppendResult
          case "replay":
            return replayed(row.key_stream, row.version, row.first_position, row.last_position)
          case "key-conflict":
            return yield* keyConflict(key!)
          case "moved":
            head = { version: row.version!, hash: row.hash! }
            remember(stream, head)
            fresh = true
        }
      }
    })
}
