/**
 * @kitakami-juso/store-postgres: PostgreSQL event store for kitakami-juso on @effect/sql-pg.
 *
 * @packageDocumentation
 */
export {}
