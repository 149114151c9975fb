/**
 * `@kitakami-juso/testkit/exporter`: the exporter conformance kit alone (KPI-10, AUD-2), with
 * its independent readers (csv-parse, exceljs, iconv-lite).
 *
 * @packageDocumentation
 */
export * as ExporterConformance from "./ExporterConformance.ts"
