/**
 * The case's decide functions, one per command, grouped by stage of the case.
 *
 * @module
 */
export * as consent from "./consent.ts"
export * as coordination from "./coordination.ts"
export * as household from "./household.ts"
export * as plan from "./plan.ts"
export * as support from "./support.ts"
