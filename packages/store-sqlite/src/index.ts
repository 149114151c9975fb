/**
 * `@kitakami-juso/store-sqlite`: the embedded event store (AUD-1) over Node's built-in
 * `node:sqlite` — no native build. `SqliteClient` is a small `effect/sql` client;
 * `SqliteEventStore` implements the core `EventStore` port on it.
 *
 * @packageDocumentation
 */
export * as SqliteClient from "./SqliteClient.ts"
export * as SqliteEventStore from "./SqliteEventStore.ts"
export * as SqliteReadModels from "./SqliteReadModels.ts"
