/**
 * `@kitakami-juso/core`: Kitakami City's multi-layered support system plan
 * (北上市重層的支援体制整備事業実施計画, FY2025–FY2028) as pure rules over domain events.
 *
 * @packageDocumentation
 */
export * as EventHash from "./EventHash.ts"
export * as EventStore from "./EventStore.ts"
export * as FiscalYear from "./FiscalYear.ts"
export * as MemoryEventStore from "./MemoryEventStore.ts"
export * as Exporter from "./Exporter.ts"
export * as Pseudonym from "./Pseudonym.ts"
export * as Report from "./Report.ts"
