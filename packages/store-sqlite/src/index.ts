/**
 * @kitakami-juso/store-sqlite: Embedded SQLite event store for kitakami-juso over node:sqlite (no native build).
 *
 * @packageDocumentation
 */
export {}
