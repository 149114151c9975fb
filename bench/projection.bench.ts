/**
 * `pnpm bench --only projection`: the indicator projection's first catch-up, peak RSS, report
 * and re-report on a generated 1,000,000-event SQLite store, beside a plain node:sqlite loop in
 * the same run (issue 10, KPI-9). The measurement is the store-sqlite package's own bench
 * (`packages/store-sqlite/bench/projection.bench.ts`), run here as it is: it prints its table and
 * hands its figures to `bench/run.ts` as `BENCH-RESULT` lines, and exits 1 when a target is missed.
 * The generated store is kept in the temp directory (JUSO_BENCH_STORE, JUSO_BENCH_EVENTS).
 */
await import("../packages/store-sqlite/bench/projection.bench.ts")
