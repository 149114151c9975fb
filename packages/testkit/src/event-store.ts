/**
 * `@kitakami-juso/testkit/event-store`: the event-store conformance kit alone (AUD-1). A vendor
 * of an event store imports this entry and installs no spreadsheet library.
 *
 * @packageDocumentation
 */
export * as CrashWriter from "./CrashWriter.ts"
export * as EventStoreConformance from "./EventStoreConformance.ts"
export * as RawEvent from "./RawEvent.ts"
export * as SqlBackdoor from "./SqlBackdoor.ts"
