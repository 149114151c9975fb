/**
 * `@kitakami-juso/store-postgres`: the core `EventStore` port (AUD-1) on PostgreSQL through
 * `@effect/sql-pg`: `PgEventStore.layer({ url })`.
 *
 * @packageDocumentation
 */
export * as PgEventStore from "./PgEventStore.ts"
export * as PgReadModels from "./PgReadModels.ts"
