/**
 * Fiscal years (年度) in Japan time (TIME-1, TIME-2; seed §7(3)).
 *
 * A fiscal year runs 1 April – 31 March in Asia/Tokyo (UTC+9, no daylight saving), whatever the
 * host's time zone: FY2023 ends at 2024-03-31T15:00:00Z. Instants are `DateTime.Utc`; Japan time
 * comes from `JapanTime`. Labels print as `令和5年度` / `FY2023`
 * (Reiwa year = Gregorian − 2018; FY2019 is `令和元年度`).
 *
 * @module
 */
import type { DateTime } from "effect"
import { Schema } from "effect"
import * as JapanTime from "./JapanTime.ts"

/** A fiscal year, named by the Gregorian year in which it starts (FY2025 = 2025-04-01 … 2026-03-31). */
export const FiscalYear = Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1989, maximum: 2200 })), Schema.brand("FiscalYear"))
/** The type of {@link FiscalYear}. */
export type FiscalYear = typeof FiscalYear.Type

/** TIME-1: the fiscal year an instant belongs to, computed in Japan time (the plan counts per fiscal year, seed §7(3)). */
export const ofInstant = (instant: DateTime.Utc): FiscalYear => {
  const wall = JapanTime.wallClock(instant)
  const year = wall.getUTCFullYear()
  return (wall.getUTCMonth() >= 3 ? year : year - 1) as FiscalYear
}

/** Make a fiscal year from its starting Gregorian year (no validation beyond the brand's range). */
export const make = (year: number): FiscalYear => FiscalYear.make(year)

/** TIME-1: first instant (inclusive) and end instant (exclusive) of a fiscal year: 1 April 00:00 Japan time (seed §7(3)). */
export const bounds = (fy: FiscalYear): { readonly start: DateTime.Utc; readonly end: DateTime.Utc } => ({
  start: JapanTime.startOfDay(fy, 4, 1),
  end: JapanTime.startOfDay(fy + 1, 4, 1)
})

/** True when the instant falls within the fiscal year (Japan time). */
export const contains = (fy: FiscalYear, instant: DateTime.Utc): boolean => ofInstant(instant) === fy

/** TIME-2 (seed §7(3)): the Reiwa-era label, `令和5年度` for FY2023, `令和元年度` for FY2019. Years before Reiwa use 平成. */
export const labelJa = (fy: FiscalYear): string => {
  if (fy >= 2019) {
    const n = fy - 2018
    return `令和${n === 1 ? "元" : n}年度`
  }
  const n = fy - 1988
  return `平成${n === 1 ? "元" : n}年度`
}

/** TIME-2 (seed §7(3)): the Gregorian label, `FY2023`. */
export const labelEn = (fy: FiscalYear): string => `FY${fy}`

/** TIME-2 (seed §7(3)): both forms, `令和7年度 (FY2025)`, as reports print them. */
export const label = (fy: FiscalYear): string => `${labelJa(fy)} (${labelEn(fy)})`
