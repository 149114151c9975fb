import { describe, expect, it } from "@effect/vitest"
import { Indicator, Kitakami } from "@kitakami-juso/core"
import { draft, refusal } from "./support/catalog.ts"

const indicators = Kitakami.catalog.indicators
const byId = (id: string) => {
  const found = indicators.find((i) => i.id === id)
  if (found === undefined) throw new Error(`no indicator ${id}`)
  return found
}

describe("Indicator", () => {
  it("KPI-0: eight indicators with source, baseline (FY2023), target (FY2028) and direction", () => {
    // The table of RULES.md KPI-0, row by row: id, source, baseline, target, better.
    const table = [
      ["KPI-1", "project-records", null, 400, "higher"],
      ["KPI-2", "project-records", null, 12, "higher"],
      ["KPI-3", "project-records", null, 20, "higher"],
      ["KPI-4", "project-records", null, 7, "higher"],
      ["KPI-5", "resident-survey", 52.2, 60, "higher"],
      ["KPI-6", "resident-survey", 69.5, 75, "higher"],
      ["KPI-7", "resident-survey", 58.0, 65, "higher"],
      ["KPI-8", "community-welfare-questionnaire", 14.3, 10, "lower"]
    ] as const
    expect(indicators.map((i) => [i.id, i.source, i.baseline.value, i.target.value, i.direction])).toEqual(table)
    for (const i of indicators) {
      expect([i.baseline.fiscalYear, i.target.fiscalYear]).toEqual([2023, 2028])
      expect(i.unit === "percent").toBe(i.source !== "project-records")
    }
  })

  it("KPI-0: values print as the plan prints them, and a baseline of none is not zero", () => {
    expect(Indicator.formatValue(byId("KPI-1"), 400)).toBe("400回")
    expect(Indicator.formatValue(byId("KPI-3"), 20)).toBe("20件")
    expect(Indicator.formatValue(byId("KPI-5"), 52.2)).toBe("52.2%")
    expect(Indicator.formatValue(byId("KPI-1"), byId("KPI-1").baseline.value)).toBe("–")
    expect(Indicator.formatValue(byId("KPI-1"), 0)).toBe("0回")
    expect(byId("KPI-1").baseline.value).toBeNull()
  })

  it("TIME-2: baseline and target print in both year forms (令和5年度 = FY2023, 令和10年度 = FY2028)", () => {
    expect(Indicator.formatBaseline(byId("KPI-5"))).toBe("令和5年度 (FY2023): 52.2%")
    expect(Indicator.formatTarget(byId("KPI-1"))).toBe("令和10年度 (FY2028): 400回")
    expect(Indicator.formatBaseline(byId("KPI-2"))).toBe("令和5年度 (FY2023): –")
  })

  it("KPI-0: refuses a percentage over 100 and a target not after its baseline", () => {
    const d = draft()
    d.indicators[4]!.target.value = 101
    d.indicators[5]!.target.fiscalYear = 2023
    const message = refusal(d)
    expect(message).toContain("KPI-0: KPI-5: a percentage is at most 100")
    expect(message).toContain("KPI-0: KPI-6: the target year must come after the baseline year")
  })

  it("KPI-0: refuses an indicator id used twice", () => {
    const d = draft()
    d.indicators[1]!.id = "KPI-1"
    expect(refusal(d)).toContain(`KPI-0: indicator id "KPI-1" appears twice`)
  })

  it("KPI-0: refuses survey results counted in times and project records in percent", () => {
    const d = draft()
    d.indicators[6]!.unit = "times"
    d.indicators[1]!.unit = "percent"
    const message = refusal(d)
    expect(message).toContain("KPI-0: KPI-7: project records count times or cases; surveys give percentages")
    expect(message).toContain("KPI-0: KPI-2: project records count times or cases; surveys give percentages")
  })

  it("KPI-0: refuses a target year outside the plan period", () => {
    const d = draft()
    d.indicators[7]!.target.fiscalYear = 2030
    expect(refusal(d)).toContain("KPI-0: KPI-8: the target year falls within the plan period")
  })

  it("KPI-0: refuses a negative value and a catalog with no indicators", () => {
    const d = draft()
    d.indicators[4]!.baseline.value = -1
    expect(refusal(d)).toContain(`["indicators"][4]["baseline"]["value"]`)
    const e = draft()
    e.indicators = [] as unknown as typeof e.indicators
    expect(refusal(e)).toContain(`["indicators"]`)
  })
})
