/**
 * @kitakami-juso/export-csv: CSV exporter for kitakami-juso reports: RFC 4180, UTF-8 with BOM or Shift_JIS, formula-safe.
 *
 * @packageDocumentation
 */
export {}
