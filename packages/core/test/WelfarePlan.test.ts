import { describe, expect, it } from "@effect/vitest"
import { Kitakami, WelfarePlan } from "@kitakami-juso/core"
import { draft, refusal } from "./support/catalog.ts"

const plan = Kitakami.catalog.welfarePlan

describe("WelfarePlan", () => {
  it("PRG-5: the project's goals are the 4 basic goals and 11 basic policies of the 4th Community Welfare Plan", () => {
    expect(plan.name).toBe("第4次北上市地域福祉計画")
    expect([plan.from, plan.to]).toEqual([2024, 2028])
    expect(plan.goals.map((g) => g.name)).toEqual([
      "地域福祉を担う人づくり",
      "地域福祉を支えるネットワークづくり",
      "充実した福祉サービスの仕組みづくり",
      "暮らしやすい地域環境づくり"
    ])
    const policies = WelfarePlan.policies(plan)
    expect(policies.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(policies.map((p) => p.goal)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4])
    expect(policies.find((p) => p.number === 7)?.name).toBe("包括的な相談支援体制の構築")
    expect(plan.goals[1]?.directions).toContain("CSW（コミュニティソーシャルワーカー）の活動促進")
  })

  it("PRG-5: refuses policies numbered out of order and goals numbered twice", () => {
    const d = draft()
    d.welfarePlan.goals[1]!.policies[0]!.number = 3
    d.welfarePlan.goals[2]!.number = 2
    const message = refusal(d)
    expect(message).toContain("PRG-5: policy 3 should be numbered 4")
    expect(message).toContain("PRG-5: goal 2 should be numbered 3")
  })

  it("KPI-10: evaluation follows the plan cycle: interim review in 2026, next plan in 2029", () => {
    expect(plan.evaluation).toEqual({ interimReview: 2026, nextPlan: 2029 })
    expect(WelfarePlan.milestones(plan).map((m) => [m.year, m.kind])).toEqual([[2026, "interim-review"], [2029, "next-plan"]])
    expect(WelfarePlan.milestones(plan)[0]?.label).toBe("第4次北上市地域福祉計画 中間検証（2026年）")
  })

  it("KPI-10: refuses an interim review outside the plan period and a next plan that does not follow it", () => {
    const d = draft()
    d.welfarePlan.evaluation = { interimReview: 2030, nextPlan: 2028 }
    const message = refusal(d)
    expect(message).toContain("KPI-10: the interim review (2030) must fall within 2024–2028")
    expect(message).toContain("KPI-10: the next plan (2028) must come after 2028")
  })
})
