/**
 * The read side (AUD-1): projections with checkpoints, the runner that keeps them current, the
 * read-model store port and the queries over it.
 *
 * @module
 */
export * as CaseFacts from "./CaseFacts.ts"
export * as CaseList from "./CaseList.ts"
export * as IndicatorCounters from "./IndicatorCounters.ts"
export * as Projection from "./Projection.ts"
export * as ProjectionRunner from "./ProjectionRunner.ts"
export * as ReadModelStore from "./ReadModelStore.ts"
export * as ReadSide from "./ReadSide.ts"
export * as RegisterEntries from "./RegisterEntries.ts"
export * as SupportRegister from "./SupportRegister.ts"
