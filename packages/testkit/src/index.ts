/**
 * `@kitakami-juso/testkit`: conformance kits for kitakami-juso adapters. Vendors prove an
 * event store (`EventStoreConformance.suite(description)`, AUD-1) or an exporter against the
 * same suites the project runs on its own adapters.
 *
 * This entry re-exports both kits for compatibility; import `@kitakami-juso/testkit/event-store`
 * or `@kitakami-juso/testkit/exporter` to load (and install) only what one kit needs.
 *
 * @packageDocumentation
 */
export * from "./event-store.ts"
export * from "./exporter.ts"
export * as CrashWriter from "./CrashWriter.ts"
export * as EventStoreConformance from "./EventStoreConformance.ts"
export * as ExporterConformance from "./ExporterConformance.ts"
export * as RawEvent from "./RawEvent.ts"
export * as SqlBackdoor from "./SqlBackdoor.ts"
export * as ProjectionConformance from "./ProjectionConformance.ts"
