/**
 * `@kitakami-juso/export-json`: JSON exporter for kitakami-juso reports: schema-encoded,
 * streamed and round-trippable.
 *
 * @packageDocumentation
 */
export * as JsonExporter from "./JsonExporter.ts"
