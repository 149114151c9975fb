/**
 * `@kitakami-juso/export-xlsx`: XLSX exporter for kitakami-juso reports on exceljs' streaming
 * writer: one styled sheet per table, numbers as numbers, dates as dates.
 *
 * @packageDocumentation
 */
export * as XlsxExporter from "./XlsxExporter.ts"
