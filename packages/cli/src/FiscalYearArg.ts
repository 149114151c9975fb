/**
 * `--fy` values (TIME-2): a fiscal year as staff write it: `2025`, `FY2025`, `R7`, `令和7`,
 * `令和7年度` (full-width digits too). Reiwa 1 is FY2019, so R7 is FY2025. A year outside the plan
 * period FY2025–FY2028 is accepted with a warning (a report for FY2024 is a question, not an
 * error); a year that is not a year at all is an {@link Failure.InputError}.
 *
 * @module
 */
import * as Failure from "./Failure.ts"

/** Reiwa year 1 is fiscal (and calendar) year 2019. */
const REIWA_OFFSET = 2018

/** The plan period (KPI-10; seed: 令和7年度〜令和10年度). */
export const PLAN_FROM = 2025
export const PLAN_TO = 2028

const toAscii = (s: string): string => s.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))

/** The fiscal year `raw` names, or `undefined` when it names none. */
export const parse = (raw: string): number | undefined => {
  const s = toAscii(raw.trim())
  const western = /^(?:FY)?(\d{4})(?:年度)?$/i.exec(s)
  if (western !== null) return Number(western[1])
  const reiwa = /^(?:R|令和)(\d{1,2})(?:年度)?$/i.exec(s)
  if (reiwa !== null && Number(reiwa[1]) >= 1) return Number(reiwa[1]) + REIWA_OFFSET
  return undefined
}

/** Outside the plan period? Then the warning to print (Japanese, English). */
export const warning = (fy: number): string | undefined =>
  fy < PLAN_FROM || fy > PLAN_TO
    ? `注意: FY${fy} は計画期間 (令和7年度〜令和10年度, FY${PLAN_FROM}–FY${PLAN_TO}) の外です。Warning: FY${fy} is outside the plan period.`
    : undefined

/** {@link parse}, or an input error that says which forms are accepted (the value is the user's own flag). */
export const parseOrFail = (raw: string): { readonly fiscalYear: number } | Failure.InputError => {
  const fy = parse(raw)
  return fy === undefined || fy < 2000 || fy > 2100
    ? new Failure.InputError({
      message: `--fy は年度です (例: 2025, FY2025, R7, 令和7年度)。--fy must be a fiscal year such as 2025, FY2025, R7 or 令和7年度; got "${raw.slice(0, 20)}"`
    })
    : { fiscalYear: fy }
}

