import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const dir = fileURLToPath(new URL("..", import.meta.url))
const run = (tz: string) => execFileSync(process.execPath, ["main.ts"], { cwd: dir, encoding: "utf8", env: { ...process.env, TZ: tz } })

describe("examples/quickstart", () => {
  const output = run("America/Los_Angeles")

  it("tells the story in order: referral, support meeting without consent, coordination judgement, consent, plan, outreach, monitoring, end evaluation (PLN-1, CNS-3, MTG-3, CNS-2, PLN-2, PLN-3, PLN-4a)", () => {
    const marks = [
      "✓ RegisterEstablished",
      "✓ CaseReferred",
      "支援会議（随時）",
      "✓ DecisionRecorded",
      "✓ CoordinationJudged",
      "CSWが自宅を訪問",
      "✓ ConsentRecorded",
      "✓ ConsentDeclined",
      "✓ AssessmentRecorded",
      "✓ PlanDrafted",
      "✓ PlanReviewed + PlanDecided",
      "✓ SupportStarted",
      "✓ MonitoringRecorded",
      "✓ PlanEndEvaluated + CaseClosed"
    ]
    const positions = marks.map((m) => output.indexOf(m))
    expect(positions.every((p) => p >= 0), marks.filter((_, i) => positions[i]! < 0).join(", ")).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it("prints the refusals with the rule they break (CNS-4, CNS-7, PLN-2)", () => {
    expect(output).toMatch(/direct-sharing: 不可 denied — CNS-4: no consent of member son/)
    expect(output).toMatch(/direct-sharing: 可 allowed — CNS-4: consent cn-son-1/)
    expect(output).toMatch(/母（80代）the mother \/ direct-sharing: 不可 denied — CNS-7/)
    expect(output).toMatch(/✗ 拒否 refused — CNS-7: member mother of case c8050/)
    expect(output).toMatch(/✗ 拒否 refused — PLN-2: plans are judged only at an individual case meeting/)
  })

  it("prints the FY2025 indicator table from the recorded events (KPI-9, OUT-2, MTG-6, PLN-8)", () => {
    expect(output).toContain("■ 成果指標 令和7年度 (FY2025) / Indicators FY2025")
    expect(output).toMatch(/\| KPI-1 \| [^|]+ \| 5回 \| – \| 400回 \| 1\.3% \| いいえ no \|/)
    expect(output).toMatch(/\| KPI-2 \| 支援会議実施回数 \| 2回 \| – \| 12回 \|/)
    expect(output).toMatch(/\| KPI-3 \| [^|]+ \| 1件 \| – \| 20件 \|/)
    expect(output).toMatch(/\| KPI-4 \| 支援プランの決定件数 \| 1件 \| – \| 7件 \|/)
    expect(output).toMatch(/\| KPI-8 \| [^|]+ \| – \| 14\.3% \| 10% \| – \| – \|/)
    expect(output).toContain("KPI-1 = 個別支援 4 + 関係機関 1（地域住民への訪問 1 は別掲")
  })

  it("prints no personal data (AUD-2) and the same table in any host time zone (TIME-1)", () => {
    for (const secret of ["北上 一郎", "北上 ハナ", "北上市本通り", "ひきこもって", "半年後に週1回"]) expect(output).not.toContain(secret)
    const table = (s: string) => s.slice(s.indexOf("■ 成果指標"))
    expect(table(run("Asia/Tokyo"))).toBe(table(output))
  })
})
