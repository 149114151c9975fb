/**
 * @kitakami-juso/export-xlsx: XLSX exporter for kitakami-juso reports on exceljs' streaming writer.
 *
 * @packageDocumentation
 */
export {}
