/**
 * `@kitakami-juso/testkit`: conformance kits for kitakami-juso adapters. Vendors prove an
 * event store (`EventStoreConformance.suite(name, layer, capabilities)`, AUD-1) or an exporter
 * against the same suites the project runs on its own adapters.
 *
 * @packageDocumentation
 */
export * as CrashWriter from "./CrashWriter.ts"
export * as EventStoreConformance from "./EventStoreConformance.ts"
export * as ExporterConformance from "./ExporterConformance.ts"
export * as RawEvent from "./RawEvent.ts"
export * as SqlBackdoor from "./SqlBackdoor.ts"
export * as ProjectionConformance from "./ProjectionConformance.ts"
