/**
 * Exporter mutants: each one the real CSV, JSON or HTML exporter with its output rewritten to
 * carry exactly one bug a vendor could ship. The kit must fail for every one, in a test whose
 * name matches `killedBy`; the controls (the same rewriting with no bug) must pass.
 */
import { Exporter, type Report } from "@kitakami-juso/core"
import { ExporterConformance } from "@kitakami-juso/testkit/exporter"
import { parse as parseCsv } from "csv-parse/sync"
import { Effect, Layer } from "effect"
import { existsSync, writeFileSync } from "node:fs"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { basename, dirname, join } from "node:path"
import { PassThrough } from "node:stream"
import { CsvExporter } from "../../../export-csv/src/index.ts"
import { readHtml } from "../../../export-html/test/HtmlReader.ts"
import { HtmlExporter } from "../../../export-html/src/index.ts"
import { JsonExporter } from "../../../export-json/src/index.ts"

export interface ExporterMutant {
  readonly kind: "mutant" | "control"
  readonly name: string
  readonly layer: Layer.Layer<Exporter.Exporter>
  readonly options: ExporterConformance.SuiteOptions
  readonly killedBy?: RegExp
}

type Shape = Exporter.ExporterShape

/** How a wrapper changes an export: the bytes of each file, the summary, what happens after. */
interface Rewrite {
  readonly bytes?: (bytes: Buffer) => Buffer
  readonly summary?: (summary: Exporter.ExportSummary) => Exporter.ExportSummary
  /** After a path export failed. */
  readonly onFailure?: (path: string) => void
  /** After a path export succeeded. */
  readonly onSuccess?: (path: string) => void
}

/** The real exporter writes to a private folder (or stream); the rewritten bytes go to the sink. */
const rewritten = (inner: Shape, rewrite: Rewrite): Shape => ({
  format: inner.format,
  export: (report, sink) => {
    const bytes = rewrite.bytes ?? ((b: Buffer) => b)
    const summary = rewrite.summary ?? ((s: Exporter.ExportSummary) => s)
    if (typeof sink !== "string") {
      return Effect.gen(function*() {
        const pass = new PassThrough()
        const chunks: Array<Buffer> = []
        pass.on("data", (c: Buffer) => chunks.push(c))
        const result = yield* inner.export(report, pass)
        yield* Effect.promise(() => new Promise<void>((resolve) => sink.end(bytes(Buffer.concat(chunks)), resolve)))
        return summary(result)
      })
    }
    if (!existsSync(dirname(sink))) return inner.export(report, sink)
    return Effect.acquireUseRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "juso-mutant-export-"))),
      (dir) =>
        Effect.gen(function*() {
          const result = yield* Effect.tapError(inner.export(report, join(dir, basename(sink))), () => Effect.sync(() => rewrite.onFailure?.(sink)))
          const files: Array<string> = []
          for (const file of result.files) {
            const target = join(dirname(sink), basename(file))
            const content = yield* Effect.promise(() => readFile(file))
            yield* Effect.promise(() => writeFile(target, bytes(content)))
            files.push(target)
          }
          rewrite.onSuccess?.(sink)
          return summary({ ...result, files })
        }),
      (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
    )
  }
})

const layerOf = (inner: Shape, rewrite: Rewrite): Layer.Layer<Exporter.Exporter> => Layer.succeed(Exporter.Exporter, rewritten(inner, rewrite))

// --- CSV: parse the real output and write it again under other quoting rules -----------------

interface Field {
  readonly value: string
  readonly quoted: boolean
}

type Quote = (field: Field, record: number) => Field

const rewriteCsv = (quote: Quote) => (bytes: Buffer): Buffer => {
  const bom = bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF
  const text = bytes.subarray(bom ? 3 : 0).toString("utf8")
  const records = parseCsv(text, {
    record_delimiter: "\r\n",
    relax_column_count: true,
    cast: (value: string, context: { readonly quoting: boolean }) => ({ value, quoted: context.quoting })
  }) as unknown as Array<Array<Field>>
  const out = records.map((record, r) =>
    record.map((f) => {
      const { quoted, value } = quote(f, r)
      return quoted ? `"${value.replaceAll("\"", "\"\"")}"` : value
    }).join(",") + "\r\n"
  ).join("")
  return Buffer.concat([bom ? Buffer.from([0xEF, 0xBB, 0xBF]) : Buffer.alloc(0), Buffer.from(out, "utf8")])
}

const csv = CsvExporter.make()
const csvOptions = (declared = true): ExporterConformance.SuiteOptions => ({
  reader: readCsvReader,
  capabilities: { ...(declared ? { formulaPrefix: CsvExporter.FORMULA_TRIGGERS } : {}), multiTableStream: false }
})
const readCsvReader = ExporterConformance.readCsv()

const FORMULA = /^'[=+\-@\t\r]/

// --- JSON: parse the real document and change one thing -----------------------------------

type Doc = {
  titleJa?: string
  titleEn?: string
  metadata?: { generatedAt: string }
  charts?: unknown
  tables: Array<{ titleJa?: string; columns: Array<{ key: string; kind: Report.ColumnKind }>; rows: Array<Record<string, unknown>> }>
}

const rewriteJson = (f: (doc: Doc) => void) => (bytes: Buffer): Buffer => {
  const doc = JSON.parse(bytes.toString("utf8")) as Doc
  f(doc)
  return Buffer.from(JSON.stringify(doc, null, 2) + "\n")
}
const json = JsonExporter.make()
const jsonOptions: ExporterConformance.SuiteOptions = { reader: ExporterConformance.readJson() }
const NINE_HOURS = 9 * 3600 * 1000
const shifted = (iso: string) => new Date(new Date(iso).getTime() + NINE_HOURS).toISOString()

// --- HTML: change the real text ------------------------------------------------------------

const rewriteText = (f: (text: string) => string) => (bytes: Buffer): Buffer => Buffer.from(f(bytes.toString("utf8")), "utf8")
const html = HtmlExporter.make()
const htmlOptions: ExporterConformance.SuiteOptions = { reader: readHtml() }

/** A write that lands after `export` has returned (swallowing errors once the folder is gone). */
const later = (f: () => void) => setTimeout(() => {
  try {
    f()
  } catch {
    // the test's folder was removed already
  }
}, 60)

const mutant = (name: string, killedBy: RegExp, layer: Layer.Layer<Exporter.Exporter>, options: ExporterConformance.SuiteOptions): ExporterMutant => ({
  kind: "mutant",
  name: `mutant: ${name}`,
  killedBy,
  layer,
  options
})

export const exporterMutants: ReadonlyArray<ExporterMutant> = [
  { kind: "control", name: "control: CSV rewritten with its own quoting", layer: layerOf(csv, { bytes: rewriteCsv((f) => f) }), options: csvOptions() },
  { kind: "control", name: "control: JSON parsed and written again", layer: layerOf(json, { bytes: rewriteJson(() => {}) }), options: jsonOptions },
  { kind: "control", name: "control: HTML passed through", layer: layerOf(html, { bytes: rewriteText((t) => t) }), options: htmlOptions },
  // CSV
  mutant("CSV leaves a field with a bare CR unquoted", /escaping/, layerOf(csv, {
    bytes: rewriteCsv((f) => (f.value.includes("\r") && !/[\n,"]/.test(f.value) ? { ...f, quoted: false } : f))
  }), csvOptions()),
  mutant("CSV quotes numbers", /escaping/, layerOf(csv, {
    bytes: rewriteCsv((f) => (/^-?\d+(\.\d+)?%?$/.test(f.value) ? { ...f, quoted: true } : f))
  }), csvOptions()),
  mutant("CSV writes the header unquoted", /escaping/, layerOf(csv, { bytes: rewriteCsv((f, r) => (r === 0 ? { ...f, quoted: false } : f)) }), csvOptions()),
  mutant("CSV summary counts the header as a row", /round-trips/, layerOf(csv, {
    summary: (s) => ({ ...s, tables: s.tables.map((t) => ({ ...t, rows: t.rows + 1 })) })
  }), csvOptions()),
  mutant("CSV without formula neutralisation, not declared", /round-trips/, layerOf(csv, {
    bytes: rewriteCsv((f, r) => (r > 0 && FORMULA.test(f.value) ? { ...f, value: f.value.slice(1) } : f))
  }), csvOptions(false)),
  mutant("CSV leaves a half file behind, written late, when the source fails", /writes/, layerOf(csv, {
    onFailure: (path) => later(() => writeFileSync(path, "番号,テキスト\r\n1,"))
  }), csvOptions()),
  mutant("CSV leaves a temporary file behind after a successful export", /writes/, layerOf(csv, {
    onSuccess: (path) => later(() => writeFileSync(`${path}.tmp-4711`, "partial"))
  }), csvOptions()),
  // JSON
  mutant("JSON drops the report titles", /the document/, layerOf(json, { bytes: rewriteJson((d) => void (delete d.titleJa, delete d.titleEn)) }), jsonOptions),
  mutant("JSON drops the table titles", /the document/, layerOf(json, { bytes: rewriteJson((d) => d.tables.forEach((t) => delete t.titleJa)) }), jsonOptions),
  mutant("JSON drops the metadata", /the document/, layerOf(json, { bytes: rewriteJson((d) => delete d.metadata) }), jsonOptions),
  mutant("JSON drops the charts", /the document/, layerOf(json, { bytes: rewriteJson((d) => delete d.charts) }), jsonOptions),
  mutant("JSON writes generatedAt as Japan wall-clock time marked UTC", /the document/, layerOf(json, {
    bytes: rewriteJson((d) => {
      if (d.metadata !== undefined) d.metadata.generatedAt = shifted(d.metadata.generatedAt)
    })
  }), jsonOptions),
  mutant("JSON writes row date-times as Japan wall-clock time marked UTC", /round-trips/, layerOf(json, {
    bytes: rewriteJson((d) =>
      d.tables.forEach((t) =>
        t.rows.forEach((row) =>
          t.columns.forEach((c) => {
            if (c.kind === "datetime" && typeof row[c.key] === "string") row[c.key] = shifted(row[c.key] as string)
          })
        )
      )
    )
  }), jsonOptions),
  // HTML
  mutant("HTML does not escape <", /escaping/, layerOf(html, { bytes: rewriteText((t) => t.replaceAll("&lt;", "<")) }), htmlOptions),
  mutant("HTML does not escape &", /escaping/, layerOf(html, { bytes: rewriteText((t) => t.replaceAll("&amp;", "&")) }), htmlOptions)
]
