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
 * - A path sink is written to a temporary file beside it (created 0600: exports may hold
 *   personal data) and renamed on success; on any failure the temporary file is removed, so the
 *   path never holds half a report. A path that is not a regular file (a device, a FIFO, a
 *   symlink to one) is written in place, never renamed over. A stream sink cannot be
 *   un-written: a failure after the first byte leaves partial output there. (`ExportSink`, in
 *   `@kitakami-juso/core/adapter`: the main entry does no I/O.)
 * - Errors name the table, the 1-based data row and the column key, never a cell's value
 *   (AUD-2): personal details never reach an error message or a log.
 *
 * @module
 */
import type { Writable } from "node:stream"
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
