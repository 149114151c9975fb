import { describe, expect, it } from "@effect/vitest"
import { Catalog, FiscalYear, Indicator, WelfarePlan } from "@kitakami-juso/core"
import { Option, Result } from "effect"
import * as fc from "fast-check"
import { draft, refusal } from "./support/catalog.ts"

const k = Catalog.kitakami
const start = k.plan.from
const byId = (id: string): Indicator.Indicator => {
  const found = k.indicators.find((i) => i.id === id)
  if (found === undefined) throw new Error(`no indicator ${id}`)
  return found
}
const ok = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`unexpected failure: ${String(r.failure)}`)
  return r.success
}
const fy = FiscalYear.make

/** A valid actual value for an indicator: a whole count, or a percentage with one decimal. */
const actualFor = (i: Indicator.Indicator) =>
  i.unit === "percent" ? fc.integer({ min: 0, max: 1000 }).map((n) => n / 10) : fc.integer({ min: 0, max: 10_000 })

describe("Indicator progress", () => {
  it("KPI-0: a baseline of none is Option.none, not zero; the four survey baselines are 52.2, 69.5, 58.0, 14.3", () => {
    expect(["KPI-1", "KPI-2", "KPI-3", "KPI-4"].map((id) => Indicator.baselineValue(byId(id)))).toEqual([
      Option.none(),
      Option.none(),
      Option.none(),
      Option.none()
    ])
    expect(["KPI-5", "KPI-6", "KPI-7", "KPI-8"].map((id) => Option.getOrNull(Indicator.baselineValue(byId(id))))).toEqual([
      52.2,
      69.5,
      58.0,
      14.3
    ])
    expect(k.indicators.map((i) => i.target.value)).toEqual([400, 12, 20, 7, 60, 75, 65, 10])
    expect(k.indicators.map((i) => i.unit)).toEqual(["times", "times", "cases", "cases", "percent", "percent", "percent", "percent"])
    expect(k.indicators.filter((i) => i.direction === "lower").map((i) => i.id)).toEqual(["KPI-8"])
  })

  it("KPI-0: progress is 0 at the start and 1 at the target, from the baseline or from 0 when there is none", () => {
    for (const i of k.indicators) {
      expect(ok(Indicator.progress(i, i.target.value))).toBeCloseTo(1, 12)
      if (i.baseline.value !== null) expect(ok(Indicator.progress(i, i.baseline.value))).toBeCloseTo(0, 12)
    }
    expect(ok(Indicator.progress(byId("KPI-1"), 0))).toBe(0)
    expect(ok(Indicator.progress(byId("KPI-1"), 100))).toBe(0.25)
    expect(ok(Indicator.progress(byId("KPI-5"), 56.1))).toBeCloseTo(0.5, 12)
    // KPI-8 improves as it falls: halfway from 14.3 % to 10 % is 12.15 %.
    expect(ok(Indicator.progress(byId("KPI-8"), 12.15))).toBeCloseTo(0.5, 12)
    // Not clamped: worse than the baseline is below 0, beyond the target above 1.
    expect(ok(Indicator.progress(byId("KPI-8"), 20))).toBeLessThan(0)
    expect(ok(Indicator.progress(byId("KPI-2"), 24))).toBe(2)
  })

  it("KPI-0: progress rises with the value for higher-is-better and falls for KPI-8 (property)", () => {
    for (const i of k.indicators) {
      fc.assert(
        fc.property(actualFor(i), actualFor(i), (a, b) => {
          fc.pre(a !== b)
          const [lo, hi] = a < b ? [a, b] : [b, a]
          const pLo = ok(Indicator.progress(i, lo))
          const pHi = ok(Indicator.progress(i, hi))
          return i.direction === "higher" ? pHi > pLo : pHi < pLo
        })
      )
    }
  })

  it("KPI-0: progress refuses a value the indicator cannot take", () => {
    const refused = (id: string, actual: number) => {
      const r = Indicator.progress(byId(id), actual)
      return Result.isFailure(r) ? r.failure._tag : "accepted"
    }
    expect(refused("KPI-1", -1)).toBe("InvalidActual")
    expect(refused("KPI-1", 2.5)).toBe("InvalidActual")
    expect(refused("KPI-5", 100.1)).toBe("InvalidActual")
    expect(refused("KPI-5", Number.NaN)).toBe("InvalidActual")
    expect(refused("KPI-5", 100)).toBe("accepted")
  })

  it("KPI-0: the trajectory runs from the baseline (FY2023) or from 0 before FY2025 to the target in FY2028", () => {
    const kpi1 = byId("KPI-1")
    expect([2025, 2026, 2027, 2028].map((y) => ok(Indicator.expectedAt(kpi1, fy(y), start)))).toEqual([100, 200, 300, 400])
    expect(Indicator.trajectory(kpi1, start).firstYear).toBe(2025)
    const kpi5 = byId("KPI-5")
    expect(ok(Indicator.expectedAt(kpi5, fy(2023), start))).toBeCloseTo(52.2, 12)
    expect(ok(Indicator.expectedAt(kpi5, fy(2028), start))).toBeCloseTo(60, 12)
    expect(ok(Indicator.expectedAt(byId("KPI-8"), fy(2026), start))).toBeCloseTo(14.3 - 3 * (4.3 / 5), 12)
  })

  it("KPI-0: on track means at least as good as the trajectory, in the indicator's direction", () => {
    const kpi1 = byId("KPI-1")
    expect(ok(Indicator.isOnTrack(kpi1, fy(2026), 200, start))).toBe(true)
    expect(ok(Indicator.isOnTrack(kpi1, fy(2026), 199, start))).toBe(false)
    const kpi8 = byId("KPI-8")
    // KPI-8 (lower is better) expects 14.3 − 3/5 × 4.3 = 11.72 % in FY2026.
    expect(ok(Indicator.expectedAt(kpi8, fy(2026), start))).toBeCloseTo(11.72, 12)
    expect(ok(Indicator.isOnTrack(kpi8, fy(2026), 11.7, start))).toBe(true)
    expect(ok(Indicator.isOnTrack(kpi8, fy(2026), 11.8, start))).toBe(false)
    expect(ok(Indicator.isOnTrack(kpi8, fy(2028), 10, start))).toBe(true)
  })

  it("KPI-0: on track agrees with progress against the share of the way in time (property)", () => {
    const cases = fc.constantFrom(...k.indicators).chain((i) =>
      fc.tuple(fc.constant(i), fc.integer({ min: 2025, max: 2028 }), actualFor(i))
    )
    fc.assert(
      fc.property(cases, ([i, year, actual]) => {
        const t = Indicator.trajectory(i, start)
        const share = (year - t.start.fiscalYear) / (t.target.fiscalYear - t.start.fiscalYear)
        const onTrack = ok(Indicator.isOnTrack(i, fy(year), actual, start))
        const p = ok(Indicator.progress(i, actual))
        return Math.abs(p - share) < 1e-9 || onTrack === p > share
      })
    )
  })

  it("KPI-0: years outside the trajectory are refused, not extrapolated", () => {
    const before = Indicator.isOnTrack(byId("KPI-1"), fy(2024), 50, start)
    expect(Result.isFailure(before) && before.failure._tag).toBe("OutsideTrajectory")
    const after = Indicator.expectedAt(byId("KPI-5"), fy(2029), start)
    expect(Result.isFailure(after) && after.failure._tag).toBe("OutsideTrajectory")
    expect(Result.isSuccess(Indicator.expectedAt(byId("KPI-5"), fy(2023), start))).toBe(true)
  })

  it("KPI-0: refuses a lower-is-better indicator without a baseline, and a target on the wrong side", () => {
    const d = draft()
    d.indicators[7]!.baseline.value = null
    d.indicators[4]!.target.value = 50
    const message = refusal(d)
    expect(message).toContain("KPI-0: KPI-8: a lower-is-better indicator needs a baseline, and a target below it")
    expect(message).toContain("KPI-0: KPI-5: a higher-is-better target lies above its baseline (or above 0)")
  })

  it("KPI-10: evaluation follows the Community Welfare Plan: interim review 2026, next plan 2029", () => {
    expect(WelfarePlan.milestones(k.welfarePlan).map((m) => [m.kind, m.year])).toEqual([
      ["interim-review", 2026],
      ["next-plan", 2029]
    ])
    // The interim review falls within the project's own period; the next plan after its last year.
    expect(k.welfarePlan.evaluation.interimReview).toBeGreaterThanOrEqual(k.plan.from)
    expect(k.welfarePlan.evaluation.nextPlan).toBe(k.plan.to + 1)
  })
})
