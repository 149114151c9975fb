/**
 * @kitakami-juso/export-json: JSON exporter for kitakami-juso reports: schema-encoded and round-trippable.
 *
 * @packageDocumentation
 */
export {}
