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
export * as Catalog from "./Catalog.ts"
export * as Directory from "./Directory.ts"
export * as Indicator from "./Indicator.ts"
export * as Kitakami from "./Kitakami.ts"
export * as Program from "./Program.ts"
export * as WelfarePlan from "./WelfarePlan.ts"
export * as Consent from "./Consent.ts"
export * as Decider from "./Decider.ts"
export * as Disclosure from "./Disclosure.ts"
export * as Edition from "./Edition.ts"
export * as Id from "./Id.ts"
export * as Instant from "./Instant.ts"
export * as MemberRegister from "./MemberRegister.ts"
export * as Personal from "./Personal.ts"
export * as Rule from "./Rule.ts"
