/**
 * `@kitakami-juso/core/adapter`: tooling for event-store adapter authors (AUD-1) — batch
 * validation, the chain verifier, the shared SQL implementation and its error classification,
 * the read-model SQL (`ReadModelSql`) and Node's fast chain digests. Kept out of the main entry, which does no I/O and bundles for
 * browsers; the port itself (`EventStore`) and `EventHash` stay in the main entry.
 *
 * @packageDocumentation
 */
export * as ChainVerifier from "./ChainVerifier.ts"
export * as EventBatch from "./EventBatch.ts"
export * as EventStoreSql from "./EventStoreSql.ts"
export * as EventStoreSqlError from "./EventStoreSqlError.ts"
export * as NodeDigest from "./NodeDigest.ts"
export * as SqlAppend from "./SqlAppend.ts"
export * as ReadModelSql from "./projection/ReadModelSql.ts"
export * as ExportSink from "./ExportSink.ts"
