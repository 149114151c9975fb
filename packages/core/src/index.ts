/**
 * `@kitakami-juso/core`: Kitakami City's multi-layered support system plan
 * (北上市重層的支援体制整備事業実施計画, FY2025–FY2028) as pure rules over domain events.
 *
 * @packageDocumentation
 */

// The plan as data: what exists (PRG, ORG, KPI-0, KPI-10, TIME, AUD-3).
export * as Catalog from "./Catalog.ts"
export * as Directory from "./Directory.ts"
export * as District from "./District.ts"
export * as FiscalYear from "./FiscalYear.ts"
export * as JapanTime from "./JapanTime.ts"
export * as Indicator from "./Indicator.ts"
export * as Kitakami from "./Kitakami.ts"
export * as Program from "./Program.ts"
export * as WelfarePlan from "./WelfarePlan.ts"

// The rules: what happens (CNS, MTG, PLN, OUT, KPI-9, ACC, AUD-2).
export * as Aggregate from "./Aggregate.ts"
export * as Aggregates from "./Aggregates.ts"
export * as Case from "./case/index.ts"
export * as Consent from "./Consent.ts"
export * as Decider from "./Decider.ts"
export * as Disclosure from "./Disclosure.ts"
export * as Edition from "./Edition.ts"
export * as Guard from "./Guard.ts"
export * as Id from "./Id.ts"
export * as JsonText from "./JsonText.ts"
export * as Instant from "./Instant.ts"
export * as Meeting from "./meeting/index.ts"
export * as MemberRegister from "./register/index.ts"
export * as Outreach from "./outreach/index.ts"
export * as Personal from "./Personal.ts"
export * as Rule from "./Rule.ts"
export * as SupportPlan from "./SupportPlan.ts"
export * as Survey from "./survey/index.ts"

// Commands and events, and the service that decides and records them (PLN-9).
export * as Command from "./Command.ts"
export * as Contract from "./Contract.ts"
export * as DecodeIssue from "./DecodeIssue.ts"
export * as CommandBatch from "./CommandBatch.ts"
export * as CommandHandler from "./CommandHandler.ts"
export * as DomainEvent from "./DomainEvent.ts"

// Projections and reports (KPI-9, KPI-10, OUT-2, MTG-6, PLN-8).
export * as IndicatorProjection from "./IndicatorProjection.ts"
export * as IndicatorReport from "./IndicatorReport.ts"
export * as Pseudonym from "./Pseudonym.ts"
export * as RegisterProjection from "./RegisterProjection.ts"
export * as Registers from "./Registers.ts"
export * as Report from "./Report.ts"

// Ports and the in-memory reference store (AUD-1). Adapter tooling (batch validation, chain
// verifier, the SQL store) is in `@kitakami-juso/core/adapter`.
export * as EventHash from "./EventHash.ts"
export * as EventStore from "./EventStore.ts"
export * as Exporter from "./Exporter.ts"
export * as MemoryEventStore from "./MemoryEventStore.ts"
export * from "./projection/index.ts"
