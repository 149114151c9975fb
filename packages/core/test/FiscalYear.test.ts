import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { DateTime } from "effect"
import { FiscalYear } from "@kitakami-juso/core"

const utc = (at: Date | number): DateTime.Utc => DateTime.makeUnsafe(at)
const ms = DateTime.toEpochMillis

describe("FiscalYear", () => {
  it("TIME-1: 2024-03-31T23:30+09:00 belongs to FY2023; 00:30 JST on 1 April to FY2024", () => {
    expect(FiscalYear.ofInstant(utc(new Date("2024-03-31T23:30:00+09:00")))).toBe(2023)
    expect(FiscalYear.ofInstant(utc(new Date("2024-03-31T15:30:00Z")))).toBe(2024)
    // The violation: reading the date in UTC would put 2024-03-31T15:30Z in FY2023.
    expect(FiscalYear.ofInstant(utc(new Date("2024-03-31T15:30:00Z")))).not.toBe(2023)
  })

  it("TIME-1: bounds are 1 April 00:00 JST (inclusive) to the next 1 April (exclusive)", () => {
    const { start, end } = FiscalYear.bounds(FiscalYear.make(2025))
    expect(DateTime.formatIso(start)).toBe("2025-03-31T15:00:00.000Z")
    expect(DateTime.formatIso(end)).toBe("2026-03-31T15:00:00.000Z")
    expect(FiscalYear.ofInstant(start)).toBe(2025)
    expect(FiscalYear.ofInstant(utc(ms(end) - 1))).toBe(2025)
    expect(FiscalYear.ofInstant(end)).toBe(2026)
  })

  it("TIME-1: every instant lies within the bounds of its own fiscal year (property)", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), (d) => {
        const fy = FiscalYear.ofInstant(utc(d))
        const { start, end } = FiscalYear.bounds(fy)
        return ms(start) <= d.getTime() && d.getTime() < ms(end)
      })
    )
  })

  it(`TIME-1: independent of the host time zone (TZ=${process.env.TZ ?? "unset"})`, () => {
    expect(FiscalYear.ofInstant(utc(Date.parse("2025-04-01T00:00:00+09:00")))).toBe(2025)
    expect(FiscalYear.ofInstant(utc(Date.parse("2025-03-31T23:59:59.999+09:00")))).toBe(2024)
  })

  it("TIME-2: labels 令和5年度 / FY2023, 令和10年度 = FY2028, 令和元年度 = FY2019", () => {
    expect(FiscalYear.labelJa(FiscalYear.make(2023))).toBe("令和5年度")
    expect(FiscalYear.labelEn(FiscalYear.make(2023))).toBe("FY2023")
    expect(FiscalYear.labelJa(FiscalYear.make(2028))).toBe("令和10年度")
    expect(FiscalYear.labelJa(FiscalYear.make(2019))).toBe("令和元年度")
    expect(FiscalYear.labelJa(FiscalYear.make(2018))).toBe("平成30年度")
    expect(FiscalYear.label(FiscalYear.make(2025))).toBe("令和7年度 (FY2025)")
  })

  it("TIME-2: refuses a year outside the supported range", () => {
    expect(() => FiscalYear.make(1200)).toThrow()
  })
})
