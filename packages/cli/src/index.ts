/**
 * `@kitakami-juso/cli`: the `juso` command (record, verify, report, export) as a library too:
 * `Cli.main(["report", "--fy", "2025"])` runs it in-process.
 *
 * @packageDocumentation
 */
export * as Cli from "./main.ts"
export * as Failure from "./Failure.ts"
export * as FiscalYearArg from "./FiscalYearArg.ts"
export * as Location from "./Location.ts"
export * as Output from "./Output.ts"
export * as Store from "./Store.ts"
export * as Text from "./Text.ts"
