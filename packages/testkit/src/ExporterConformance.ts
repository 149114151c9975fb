/**
 * Exporter conformance suite: every exporter of `@kitakami-juso/core`'s `Exporter` port runs it
 * in one line (KPI-10, AUD-2).
 *
 * ```ts
 * ExporterConformance.suite("csv", CsvExporter.layer(), { reader: ExporterConformance.readCsv() })
 * ```
 *
 * The suite exports fixture reports full of awkward values (commas, quotes, CR/LF, emoji, 𠮷,
 * half-width kana, `=`/`＝`-prefixed text, 32,767-character text, empty tables, missing values
 * next to zeros), reads the file back with an **independent reader** (csv-parse, the exceljs
 * reader, `JSON.parse`, an HTML parser) and compares cell by cell. It also checks the port's
 * guarantees: typed errors naming table/row/column without echoing values (AUD-2), no file left
 * behind on failure, aggregate tables refusing personal columns, and all row sources (arrays,
 * generators, async iterables, Effect streams) giving the same output.
 *
 * What a format cannot do is declared as {@link Capabilities}, not skipped by test name.
 *
 * @module
 */
import { describe } from "@effect/vitest"
import type { Exporter, Report } from "@kitakami-juso/core"
import type { Layer } from "effect"
import * as AtomicWrites from "./exporter/atomicWrites.ts"
import * as Document from "./exporter/document.ts"
import * as Escaping from "./exporter/escaping.ts"
import { fixture } from "./exporter/fixture.ts"
import * as Harness from "./exporter/harness.ts"
import * as PortGuarantees from "./exporter/portGuarantees.ts"

// ---------------------------------------------------------------------------------------------
// What a reader returns and what a format declares
// ---------------------------------------------------------------------------------------------

/** One table as read back: its Japanese header labels and its rows decoded by column kind. */
export interface ReadTable {
  readonly headerJa: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<Report.Cell | null>>
}

/** What was exported, for the reader. */
export interface Exported {
  /** The path exported to (for CSV with several tables: see `summary.files`). */
  readonly path: string
  readonly summary: Exporter.ExportSummary
}

/** Reads an export back, independently of the exporter, into one {@link ReadTable} per table, in order. */
export type Reader = (exported: Exported, report: Report.Report) => Promise<ReadonlyArray<ReadTable>>

/** What the format cannot hold, declared by the adapter. */
export interface Capabilities {
  /**
   * Text starting with a formula trigger reads back with a leading `'`. CSV is always held to
   * at least {@link CSV_FORMULA_TRIGGERS}, declared or not.
   */
  readonly formulaPrefix?: ReadonlySet<string>
  /** The format cannot tell empty text from a missing value. */
  readonly emptyTextIsMissing?: boolean
  /** Longest text a cell holds; longer text must fail with `Unencodable` (XLSX: 32,767). */
  readonly maxTextLength?: number
  /** `cp932`: characters outside Shift_JIS must fail with `Unencodable` (the round trip uses a CP932-safe fixture). */
  readonly charset?: "unicode" | "cp932"
  /** `lf`: the format stores line breaks as LF (CRLF and CR read back as LF), as XLSX does. */
  readonly lineBreaks?: "exact" | "lf"
  /** The format holds several tables in one sink (false: CSV, which needs a path for several tables). */
  readonly multiTableStream?: boolean
}

/** Options of {@link suite}. */
export interface SuiteOptions {
  readonly reader: Reader
  readonly capabilities?: Capabilities
  /** File extension used for the exported files (default from the exporter's format). */
  readonly extension?: string
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

export { CSV_FORMULA_TRIGGERS } from "./exporter/formats.ts"
export { awkwardRows, awkwardTexts, EXCEL_MAX_TEXT, fixture, type Source } from "./exporter/fixture.ts"

// ---------------------------------------------------------------------------------------------
// Comparison and readers (independent of the exporters)
// ---------------------------------------------------------------------------------------------

export { compare } from "./exporter/compare.ts"
export { type CsvReaderOptions, decodeText, readCsv, readJson, readXlsx, type XlsxReaderOptions } from "./exporter/readers.ts"

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

/** An exporter's own description of itself: a name, its layer, its reader and declared capabilities. */
export interface Description extends SuiteOptions {
  readonly name: string
  readonly layer: Layer.Layer<Exporter.Exporter>
}

/**
 * Register the exporter conformance tests for one exporter layer: `suite(description)` with the
 * exporter's own {@link Description}, or `suite(name, layer, options)`.
 *
 * @param name shown in the test names, e.g. `csv (UTF-8 with BOM)`
 * @param layer provides the `Exporter` service under test
 * @param options the independent reader and the format's declared capabilities
 */
export function suite(description: Description): void
export function suite(name: string, layer: Layer.Layer<Exporter.Exporter>, options: SuiteOptions): void
export function suite(nameOrDescription: string | Description, layerArg?: Layer.Layer<Exporter.Exporter>, optionsArg?: SuiteOptions): void {
  const { layer, name, ...options } = typeof nameOrDescription === "string"
    ? { name: nameOrDescription, layer: layerArg!, ...optionsArg! }
    : nameOrDescription
  const caps = options.capabilities ?? {}
  const charset = caps.charset ?? "unicode"
  const harness = Harness.make(options, caps)

  describe(`ExporterConformance: ${name}`, () => {
    PortGuarantees.register(layer, options, caps, harness)

    // Capability groups, one file each (src/exporter/).
    Escaping.register(layer, harness.roundTrip)
    Document.register(layer, fixture(charset), harness.roundTrip)
    AtomicWrites.register(layer, options.extension, () => fixture(charset))
  })
}
