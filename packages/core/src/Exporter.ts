/**
 * The exporter port: write a {@link Report.Report} to a file or a Node writable stream,
 * streaming (KPI-10, AUD-2).
 *
 * Adapters (`@kitakami-juso/export-csv`, `-xlsx`, `-json`, `-html`) each provide this one
 * service and prove it with `@kitakami-juso/testkit`'s `ExporterConformance.suite`.
 *
 * Guarantees every adapter keeps, decided here once:
 *
 * - The report is checked ({@link validateReport}) before the first byte is written: ids,
 *   column keys, and no `personal` column in an `aggregate` table (AUD-2).
 * - A path sink is written to a temporary file beside it and renamed on success; on any
 *   failure the temporary file is removed, so the path never holds half a report
 *   ({@link writeToSink}). A stream sink cannot be un-written: a failure after the first byte
 *   leaves partial output there, so pass a path when that matters.
 * - Errors name the table, the 1-based data row and the column key, never a cell's value
 *   (AUD-2): personal details never reach an error message or a log.
 *
 * @module
 */
import { randomBytes } from "node:crypto"
import { createWriteStream } from "node:fs"
import { rename, rm } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import type { Writable } from "node:stream"
import { finished } from "node:stream/promises"
import { Context, Effect, Predicate, Schema, Stream } from "effect"
import * as Report from "./Report.ts"

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

const reasonFields = { message: Schema.String }

/**
 * A cell cannot be written in the chosen encoding or format (a character Shift_JIS cannot
 * encode, a character XML forbids, text longer than a spreadsheet cell holds). `row` is the
 * 1-based data row (header rows not counted); `column` is the column key.
 */
export class Unencodable extends Schema.TaggedError<Unencodable>("@kitakami-juso/core/Exporter/Unencodable")(
  "Unencodable",
  { ...reasonFields, table: Schema.String, row: Schema.Number, column: Schema.String }
) {}

/** The report itself is wrong (bad id, duplicate key, cell of the wrong kind, personal column in an aggregate table). */
export class InvalidReport extends Schema.TaggedError<InvalidReport>("@kitakami-juso/core/Exporter/InvalidReport")(
  "InvalidReport",
  {
    ...reasonFields,
    table: Schema.optionalKey(Schema.String),
    row: Schema.optionalKey(Schema.Number),
    column: Schema.optionalKey(Schema.String)
  }
) {}

/** The sink could not be opened, written, finished or renamed. */
export class SinkFailure extends Schema.TaggedError<SinkFailure>("@kitakami-juso/core/Exporter/SinkFailure")(
  "SinkFailure",
  { ...reasonFields, cause: Schema.optionalKey(Schema.Defect()) }
) {}

/** A table's row source failed (e.g. the event store could not be read). */
export class SourceFailure extends Schema.TaggedError<SourceFailure>("@kitakami-juso/core/Exporter/SourceFailure")(
  "SourceFailure",
  { ...reasonFields, table: Schema.String, cause: Schema.optionalKey(Schema.Defect()) }
) {}

/** Every reason an export can fail, one tagged class each. */
export const ExportErrorReason = Schema.Union([Unencodable, InvalidReport, SinkFailure, SourceFailure])
/** The type of {@link ExportErrorReason}. */
export type ExportErrorReason = typeof ExportErrorReason.Type

/** The one error type of the port. Messages carry table, row and column, never cell values (AUD-2). */
export class ExportError extends Schema.TaggedError<ExportError>("@kitakami-juso/core/Exporter/ExportError")(
  "ExportError",
  { reason: ExportErrorReason }
) {
  override get message(): string {
    return `${this.reason._tag}: ${this.reason.message}`
  }
}

/** Shorthand: fail with an {@link ExportError} carrying `reason`. */
export const fail = (reason: ExportErrorReason): Effect.Effect<never, ExportError> =>
  Effect.fail(new ExportError({ reason }))

/** Whether a value is an {@link ExportError}. */
export const isExportError = (u: unknown): u is ExportError => Predicate.isTagged(u, "ExportError")

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

/** Where a report goes: a file path (written atomically) or a Node writable stream (ended when done). */
export type Sink = string | Writable

/** What a format is. */
export interface FormatInfo {
  /** `csv`, `xlsx`, `json`, `html`. */
  readonly id: string
  /** File extension with its dot, `.csv`. */
  readonly extension: string
  readonly mediaType: string
}

/** What an export wrote. */
export interface ExportSummary {
  readonly format: string
  /** Files written (empty for a stream sink). CSV writes one file per table, see its README. */
  readonly files: ReadonlyArray<string>
  /** Data rows written per table. */
  readonly tables: ReadonlyArray<{ readonly id: string; readonly rows: number }>
}

/** The exporter port (KPI-10): one format, writing a whole report to a sink, rows streamed. */
export interface ExporterShape {
  readonly format: FormatInfo
  /** Write the whole report to the sink, streaming its rows. */
  readonly export: (report: Report.Report, sink: Sink) => Effect.Effect<ExportSummary, ExportError>
}

/** The exporter service key. Each adapter package's `layer(options)` provides it. */
export class Exporter extends Context.Service<Exporter, ExporterShape>()("@kitakami-juso/core/Exporter") {}

// ---------------------------------------------------------------------------------------------
// Shared helpers: validation, row iteration, sinks
// ---------------------------------------------------------------------------------------------

/**
 * Check a report before writing: ids and keys well-formed and unique, at least one table and
 * one column per table, and (AUD-2) no `personal` column in an `aggregate` table.
 */
export const validateReport = (report: Report.Report): Effect.Effect<void, ExportError> =>
  Effect.suspend(() => {
    const invalid = (message: string, extra: { table?: string; column?: string } = {}) =>
      fail(new InvalidReport({ message, ...extra }))
    if (!Report.ID_PATTERN.test(report.id)) return invalid("report id must match [A-Za-z0-9_-]{1,64}")
    if (report.tables.length === 0) return invalid("a report needs at least one table")
    const tableIds = new Set<string>()
    for (const t of report.tables) {
      if (!Report.ID_PATTERN.test(t.id)) return invalid("table id must match [A-Za-z0-9_-]{1,64}")
      if (tableIds.has(t.id)) return invalid(`table id ${t.id} appears twice`, { table: t.id })
      tableIds.add(t.id)
      if (t.columns.length === 0) return invalid(`table ${t.id} has no columns`, { table: t.id })
      const keys = new Set<string>()
      for (const c of t.columns) {
        if (!Report.KEY_PATTERN.test(c.key)) {
          return invalid(`table ${t.id}: column key must match [A-Za-z][A-Za-z0-9_-]{0,63}`, { table: t.id })
        }
        if (keys.has(c.key)) return invalid(`table ${t.id}: column ${c.key} appears twice`, { table: t.id, column: c.key })
        keys.add(c.key)
        if (!Schema.is(Report.ColumnKind)(c.kind)) {
          return invalid(`table ${t.id}: column ${c.key} has an unknown kind`, { table: t.id, column: c.key })
        }
        if (t.kind === "aggregate" && c.personal === true) {
          return invalid(`AUD-2: aggregate table ${t.id} must not carry the personal column ${c.key}`, {
            table: t.id,
            column: c.key
          })
        }
      }
    }
    return Effect.void
  })

/** Check one cell against its column (kind only; never echoes the value, AUD-2). */
export const checkCell = (
  table: Report.Table,
  rowNumber: number,
  column: Report.Column,
  value: unknown
): ExportError | undefined => {
  const problem = Report.cellProblem(column.kind, value)
  return problem === undefined ? undefined : new ExportError({
    reason: new InvalidReport({
      message: `table ${table.id}, row ${rowNumber}, column ${column.key}: ${problem}`,
      table: table.id,
      row: rowNumber,
      column: column.key
    })
  })
}

/** How many rows {@link forEachBatch} hands over at once from an `Iterable` or `AsyncIterable`. */
export const BATCH_SIZE = 1024

/** Options of {@link forEachBatch}. */
export interface BatchOptions {
  /**
   * Rows per batch pulled from an iterable or async iterable (default {@link BATCH_SIZE}; a
   * stream's own chunks are kept). Fewer rows held at once keeps V8 from pretenuring the source's
   * row objects (see {@link SMALL_BATCH_SIZE}).
   */
  readonly batchSize?: number
}

/**
 * A batch size for exporters that make little garbage per row (XLSX): at most 64 rows of the
 * source alive at once. V8 allocates an object literal's objects directly in the old generation
 * ("pretenuring") once at least 85% of 100 or more recently made objects survive a young-generation
 * collection; a 1,024-row batch held across one did that to a register's row objects, and every
 * dead old row then kept its young dates and strings alive into the old generation, which made V8
 * grow its young generation to the maximum (+64 MB resident on a 500,000-row export). Below 85 rows
 * alive, the ratio cannot be reached.
 */
export const SMALL_BATCH_SIZE = 64

/**
 * Run `f` over a table's rows in batches, in order, awaiting each batch (so a slow sink holds
 * back the source). `firstRow` is the 1-based number of the batch's first row. A failing source
 * becomes {@link SourceFailure}.
 */
export const forEachBatch = <E>(
  table: Report.Table,
  f: (rows: ReadonlyArray<Report.Row>, firstRow: number) => Effect.Effect<void, E>,
  options?: BatchOptions
): Effect.Effect<number, E | ExportError> =>
  Effect.suspend(() => {
    const requested = options?.batchSize
    const size = requested !== undefined && Number.isFinite(requested) && requested >= 1 ? Math.trunc(requested) : BATCH_SIZE
    const sourceFailure = (cause: unknown) =>
      new ExportError({
        reason: new SourceFailure({ message: `the rows of table ${table.id} could not be read`, table: table.id, cause })
      })
    let source: Iterable<Report.Row> | AsyncIterable<Report.Row> | Stream.Stream<Report.Row, unknown>
    try {
      source = typeof table.rows === "function" ? table.rows() : table.rows
    } catch (cause) {
      return Effect.fail(sourceFailure(cause))
    }
    let next = 1
    if (Stream.isStream(source)) {
      // Errors raised by `f` are tagged so they are not mistaken for the source's own failure.
      const tagged = Symbol("fromConsumer")
      return Stream.runForEachArray(source, (rows) => {
        const first = next
        next += rows.length
        return Effect.mapError(f(rows, first), (e) => ({ [tagged]: e }))
      }).pipe(
        Effect.mapError((e) => Predicate.hasProperty(e, tagged) ? e[tagged] as E : sourceFailure(e)),
        Effect.map(() => next - 1)
      )
    }
    if (Predicate.hasProperty(source, Symbol.asyncIterator)) {
      const it = (source as AsyncIterable<Report.Row>)[Symbol.asyncIterator]()
      let done = false
      const pull = Effect.tryPromise({
        try: async () => {
          const batch: Array<Report.Row> = []
          while (batch.length < size) {
            const r = await it.next()
            if (r.done === true) {
              done = true
              break
            }
            batch.push(r.value)
          }
          return batch
        },
        catch: sourceFailure
      })
      return Effect.gen(function*() {
        while (!done) {
          const batch = yield* pull
          if (batch.length > 0) {
            const first = next
            next += batch.length
            yield* f(batch, first)
          }
        }
        return next - 1
      }).pipe(
        Effect.onExit(() => done ? Effect.void : Effect.promise(async () => { await it.return?.() }).pipe(Effect.ignore))
      )
    }
    const it = (source as Iterable<Report.Row>)[Symbol.iterator]()
    let done = false
    const pullSync = (): Array<Report.Row> => {
      const batch: Array<Report.Row> = []
      while (batch.length < size) {
        const r = it.next()
        if (r.done === true) {
          done = true
          break
        }
        batch.push(r.value)
      }
      return batch
    }
    return Effect.gen(function*() {
      while (!done) {
        let batch: Array<Report.Row>
        try {
          batch = pullSync()
        } catch (cause) {
          return yield* Effect.fail(sourceFailure(cause))
        }
        if (batch.length > 0) {
          const first = next
          next += batch.length
          yield* f(batch, first)
        }
      }
      return next - 1
    }).pipe(Effect.onExit(() => Effect.sync(() => { if (!done) it.return?.() })))
  })

const sinkFailure = (message: string) => (cause: unknown) => new ExportError({ reason: new SinkFailure({ message, cause }) })

/**
 * A Node writable with an error latch: the first `error` event is remembered and reported by the
 * next {@link write}, so a dead sink fails the export instead of hanging it.
 */
export interface Output {
  readonly stream: Writable
  /** The first error the stream emitted, if any. */
  readonly error: () => unknown
}

const watch = (stream: Writable): Output => {
  let error: unknown = undefined
  stream.on("error", (e) => {
    if (error === undefined) error = e ?? new Error("stream error")
  })
  return { stream, error: () => error }
}

/** Write a chunk, waiting for `drain` when the stream asks for it (back-pressure). */
export const write = (out: Output, chunk: string | Uint8Array): Effect.Effect<void, ExportError> => {
  const failed = out.error()
  if (failed !== undefined) return Effect.fail(sinkFailure("the sink failed")(failed))
  if (out.stream.write(chunk)) return Effect.void
  return Effect.callback<void, ExportError>((resume) => {
    const done = () => {
      out.stream.off("drain", done)
      out.stream.off("error", done)
      out.stream.off("close", done)
      const e = out.error()
      resume(e === undefined ? Effect.void : Effect.fail(sinkFailure("the sink failed")(e)))
    }
    out.stream.on("drain", done)
    out.stream.on("error", done)
    out.stream.on("close", done)
  })
}

const endAndWait = (out: Output): Effect.Effect<void, ExportError> =>
  Effect.tryPromise({
    try: async () => {
      if (!out.stream.writableEnded) out.stream.end()
      await finished(out.stream)
      const e = out.error()
      if (e !== undefined) throw e
    },
    catch: sinkFailure("the sink could not be finished")
  })

/** The temporary file a path sink is written to before the rename: hidden, beside the target. */
export const temporaryPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`)

/**
 * Open a sink, run `body` on it, then finish it. For a path: write `.<name>.<random>.tmp` beside
 * it, rename over the target on success, remove the temporary file on failure or interruption.
 * For a stream: `body` writes, then the stream is ended (unless `body` ended it) and awaited.
 */
export const writeToSink = <A, E>(
  sink: Sink,
  body: (out: Output) => Effect.Effect<A, E>
): Effect.Effect<A, E | ExportError> => {
  if (typeof sink !== "string") {
    return Effect.suspend(() => {
      const out = watch(sink)
      return Effect.flatMap(body(out), (a) => Effect.as(endAndWait(out), a))
    })
  }
  return Effect.suspend(() => {
    const tmp = temporaryPathFor(sink)
    let out: Output | undefined
    const open = Effect.callback<Output, ExportError>((resume) => {
      const s = createWriteStream(tmp, { flags: "wx" })
      const onError = (e: unknown) => resume(Effect.fail(sinkFailure(`cannot open ${tmp}`)(e)))
      s.once("error", onError)
      s.once("open", () => {
        s.off("error", onError)
        out = watch(s)
        resume(Effect.succeed(out))
      })
    })
    const cleanup = Effect.promise(async () => {
      if (out !== undefined && !out.stream.destroyed) out.stream.destroy()
      if (out !== undefined) await finished(out.stream).catch(() => undefined)
      await rm(tmp, { force: true }).catch(() => undefined)
    })
    return open.pipe(
      Effect.flatMap((o) => body(o)),
      Effect.tap(() => endAndWait(out!)),
      Effect.tap(() =>
        Effect.tryPromise({ try: () => rename(tmp, sink), catch: sinkFailure(`cannot rename the temporary file to ${sink}`) })
      ),
      Effect.onExit((exit) => exit._tag === "Success" ? Effect.void : cleanup)
    )
  })
}

/**
 * A string buffer that flushes to the output when it grows past `highWaterMark` characters,
 * encoding with `encode` (UTF-8 by default).
 */
export const makeTextWriter = (
  out: Output,
  options?: {
    readonly highWaterMark?: number
    readonly encode?: (s: string) => Uint8Array
  }
): {
  /** Append text; flushes (with back-pressure) when the buffer is full. */
  readonly push: (s: string) => Effect.Effect<void, ExportError>
  /** Append text without flushing (call `flush` or `push` soon after). */
  readonly append: (s: string) => void
  readonly flush: Effect.Effect<void, ExportError>
} => {
  const hwm = options?.highWaterMark ?? 64 * 1024
  const encode = options?.encode ?? ((s: string) => Buffer.from(s, "utf8"))
  let parts: Array<string> = []
  let size = 0
  const flush = Effect.suspend(() => {
    if (size === 0) return Effect.void
    const text = parts.join("")
    parts = []
    size = 0
    return write(out, encode(text))
  })
  return {
    append: (s) => {
      parts.push(s)
      size += s.length
    },
    push: (s) => {
      parts.push(s)
      size += s.length
      return size >= hwm ? flush : Effect.void
    },
    flush
  }
}
