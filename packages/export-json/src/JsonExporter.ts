/**
 * JSON exporter for kitakami-juso reports: schema-encoded, streamed, round-trippable
 * (KPI-9, KPI-10, AUD-2).
 *
 * The document (`format: "kitakami-juso/report"`, `version: 1`) carries the report's id, titles,
 * metadata, charts and tables; each table carries its columns and its rows as objects keyed by
 * column key, in column order, one row per line. Cells are encoded by `effect/Schema` codecs
 * chosen by column kind ({@link cellCodec}): a missing value is `null` (never `0` or `""`),
 * a `date` is `"YYYY-MM-DD"`, a `datetime` is ISO-8601 UTC with milliseconds, a `percent` is the
 * fraction (`0.522`).
 *
 * {@link decode} reads a document back into a {@link Report.MaterializedReport}:
 * `decode(encode(x))` deep-equals `x`, including missing-vs-zero and dates. The writer streams
 * rows (a 500,000-row register is never held in memory); the decoder reads whole documents.
 *
 * @module
 */
import { readFile } from "node:fs/promises"
import { Exporter, Report } from "@kitakami-juso/core"
import { ExportSink } from "@kitakami-juso/core/adapter"
import { Effect, Layer, Result, Schema } from "effect"

/** The format written. */
export const format: Exporter.FormatInfo = { id: "json", extension: ".json", mediaType: "application/json" }

/** The document marker and version. */
export const FORMAT_ID = "kitakami-juso/report"
export const VERSION = 1

/** The JSON codec of one cell of the given kind (missing = `null`). */
export const cellCodec = (kind: Report.ColumnKind) => {
  switch (kind) {
    case "text":
      return Schema.toCodecJson(Schema.NullOr(Schema.String))
    case "integer":
      return Schema.toCodecJson(Schema.NullOr(Schema.Int))
    case "decimal":
    case "percent":
      return Schema.toCodecJson(Schema.NullOr(Schema.Finite))
    case "date":
      return Schema.toCodecJson(Schema.NullOr(Report.LocalDate))
    case "datetime":
      return Schema.toCodecJson(Schema.NullOr(Schema.Date))
    case "boolean":
      return Schema.toCodecJson(Schema.NullOr(Schema.Boolean))
  }
}

const codecs = new Map(Report.ColumnKind.literals.map((k) => [k, cellCodec(k)] as const))
const decoders = new Map(Report.ColumnKind.literals.map((k) => [k, Schema.decodeUnknownResult(codecs.get(k)!)] as const))

/** The document's header (everything but the rows). */
export const TableHeader = Schema.Struct({
  id: Schema.String,
  titleJa: Schema.String,
  titleEn: Schema.String,
  kind: Report.TableKind,
  columns: Schema.Array(Report.ColumnSchema)
})

/** The whole document, rows left as unknown (they are decoded per column kind). */
export const Document = Schema.Struct({
  format: Schema.Literal(FORMAT_ID),
  version: Schema.Literal(VERSION),
  id: Schema.String,
  titleJa: Schema.String,
  titleEn: Schema.String,
  metadata: Report.Metadata,
  charts: Schema.optionalKey(Schema.Array(Report.Chart)),
  tables: Schema.Array(Schema.Struct({ ...TableHeader.fields, rows: Schema.Array(Schema.Record(Schema.String, Schema.Unknown)) }))
})

const DocumentJson = Schema.toCodecJson(Document)
const encodeMetadata = Schema.encodeSync(Schema.toCodecJson(Report.Metadata))
const encodeCharts = Schema.encodeSync(Schema.toCodecJson(Schema.Array(Report.Chart)))
const encodeTableHeader = Schema.encodeSync(Schema.toCodecJson(TableHeader))

const invalid = (message: string, extra: { table?: string; row?: number; column?: string } = {}) =>
  new Exporter.ExportError({ reason: new Exporter.InvalidReport({ message, ...extra }) })

/** Options of the JSON exporter. */
export interface Options {
  /** Indent the document's header (rows stay one per line). Default true. */
  readonly pretty?: boolean
}

/** Make the JSON exporter. */
export const make = (options: Options = {}): Exporter.ExporterShape => {
  const pretty = options.pretty ?? true
  const nl = pretty ? "\n" : ""
  const stringify = (v: unknown) => pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v)

  const exportReport = (report: Report.Report, sink: Exporter.Sink) =>
    Effect.gen(function*() {
      yield* Exporter.validateReport(report)
      let head: string
      try {
        const doc: Record<string, unknown> = {
          format: FORMAT_ID,
          version: VERSION,
          id: report.id,
          titleJa: report.titleJa,
          titleEn: report.titleEn,
          metadata: encodeMetadata(report.metadata)
        }
        if (report.charts !== undefined) doc.charts = encodeCharts(report.charts)
        head = stringify(doc)
      } catch {
        return yield* Effect.fail(invalid("the report's metadata or charts do not match their schema"))
      }
      const counts: Array<{ id: string; rows: number }> = []
      yield* ExportSink.writeToSink(sink, (out) =>
        Effect.gen(function*() {
          const w = ExportSink.makeTextWriter(out)
          w.append(`${head.slice(0, -1).trimEnd()},${nl}${pretty ? "  " : ""}"tables": [`)
          for (let ti = 0; ti < report.tables.length; ti++) {
            const table = report.tables[ti]!
            const header = stringify(encodeTableHeader({
              id: table.id,
              titleJa: table.titleJa,
              titleEn: table.titleEn,
              kind: table.kind,
              columns: table.columns
            }))
            w.append(`${ti === 0 ? "" : ","}${nl}${header.slice(0, -1).trimEnd()},${nl}"rows": [`)
            const columns = table.columns
            const keys = columns.map((c) => c.key)
            const datetime = columns.map((c) => c.kind === "datetime")
            const rows = yield* Exporter.forEachBatch(table, (batch, first) =>
              Effect.suspend(() => {
                for (let i = 0; i < batch.length; i++) {
                  const row = batch[i]!
                  const rowNumber = first + i
                  // The checked cells, in column order, stringified at once: what each kind's codec
                  // encodes (a datetime as its ISO string; keys start with a letter, so they keep
                  // their order and none is `__proto__`).
                  const cells: Record<string, Report.Cell | null> = {}
                  for (let c = 0; c < columns.length; c++) {
                    const v = row[keys[c]!] ?? null
                    const problem = Exporter.checkCell(table, rowNumber, columns[c]!, v)
                    if (problem !== undefined) return Effect.fail(problem)
                    cells[keys[c]!] = v !== null && datetime[c] ? (v as Date).toISOString() : v
                  }
                  w.append((rowNumber === 1 ? "\n" : ",\n") + JSON.stringify(cells))
                }
                return w.push("")
              }), { batchSize: Exporter.SMALL_BATCH_SIZE })
            counts.push({ id: table.id, rows })
            w.append(`${rows === 0 ? "" : "\n"}]}`)
          }
          w.append(`${nl}]}${nl}`)
          yield* w.flush
        }))
      return { format: "json", files: typeof sink === "string" ? [sink] : [], tables: counts }
    })

  return { format, export: exportReport }
}

/** A layer providing `Exporter.Exporter` as the JSON exporter. */
export const layer = (options: Options = {}): Layer.Layer<Exporter.Exporter> =>
  Layer.succeed(Exporter.Exporter, make(options))

/**
 * Decode a document written by this exporter. Errors are `InvalidReport` naming the table, row
 * and column, never the offending value (AUD-2).
 */
export const decode = (text: string): Effect.Effect<Report.MaterializedReport, Exporter.ExportError> =>
  Effect.suspend(() => {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return Effect.fail(invalid("not JSON"))
    }
    const doc = Schema.decodeUnknownResult(DocumentJson)(json)
    if (Result.isFailure(doc)) {
      return Effect.fail(invalid(`not a ${FORMAT_ID} version ${VERSION} document (header or table structure)`))
    }
    const d = doc.success
    const tables: Array<Report.MaterializedTable> = []
    for (const t of d.tables) {
      const rows: Array<Record<string, Report.Cell | null>> = []
      for (let r = 0; r < t.rows.length; r++) {
        const raw = t.rows[r]!
        const row: Record<string, Report.Cell | null> = {}
        for (const c of t.columns) {
          const result = decoders.get(c.kind)!(raw[c.key] ?? null)
          if (Result.isFailure(result)) {
            return Effect.fail(invalid(`table ${t.id}, row ${r + 1}, column ${c.key}: not a ${c.kind}`, {
              table: t.id,
              row: r + 1,
              column: c.key
            }))
          }
          row[c.key] = result.success as Report.Cell | null
        }
        rows.push(row)
      }
      tables.push({ id: t.id, titleJa: t.titleJa, titleEn: t.titleEn, kind: t.kind, columns: t.columns, rows })
    }
    const report: Report.MaterializedReport = {
      id: d.id,
      titleJa: d.titleJa,
      titleEn: d.titleEn,
      metadata: d.metadata,
      tables,
      ...(d.charts === undefined ? {} : { charts: d.charts })
    }
    return Effect.succeed(report)
  })

/** {@link decode} a file. */
export const decodeFile = (path: string): Effect.Effect<Report.MaterializedReport, Exporter.ExportError> =>
  Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (cause) => new Exporter.ExportError({ reason: new Exporter.SinkFailure({ message: `cannot read ${path}`, cause }) })
  }).pipe(Effect.flatMap(decode))
