/**
 * `@kitakami-juso/export-csv`: CSV exporter for kitakami-juso reports: RFC 4180, UTF-8 with BOM
 * or Shift_JIS (CP932), formula-safe.
 *
 * @packageDocumentation
 */
export * as CsvExporter from "./CsvExporter.ts"
