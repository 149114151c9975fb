/**
 * @kitakami-juso/testkit: Conformance test kit for kitakami-juso adapters: prove an event store or exporter against the same suite the project runs.
 *
 * @packageDocumentation
 */
export * as ExporterConformance from "./ExporterConformance.ts"
