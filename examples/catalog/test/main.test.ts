import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const dir = fileURLToPath(new URL("..", import.meta.url))
const run = () => execFileSync(process.execPath, ["main.ts"], { cwd: dir, encoding: "utf8", env: { ...process.env, TZ: "America/Los_Angeles" } })

describe("examples/catalog", () => {
  const output = run()

  it("prints the six components, in the Act's order, new and bundled (PRG-1, PRG-2)", () => {
    const items = ["包括的相談支援事業", "参加支援事業", "地域づくり事業", "アウトリーチ等を通じた継続的支援事業", "多機関協働事業", "支援プランの作成"]
    const positions = items.map((name, n) => output.indexOf(`${n + 1}. ${name}`))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(output).toContain("設置形態 Form (PRG-3): 基本型")
  })

  it("prints the agencies by program with their operating form (ORG-1, PRG-4)", () => {
    expect(output).toMatch(/地域包括支援センター本通り \[hokatsu-hondori\][^\n]*\n\s+委託 \(commissioned\): \(福\)美楽会/)
    expect(output).toMatch(/基幹相談支援センター \[shogai-kikan-sodan\][^\n]*\n\s+直営/)
    expect(output).toMatch(/\[shakyo\]\n\s+一部委託 \(partly commissioned\): \(福\)北上市社会福祉協議会/)
    expect(output).toContain("多機関協働事業者 Multi-agency collaboration operator (PRG-4): shakyo")
  })

  it("prints the district routing table and refuses a misspelt district (ORG-2)", () => {
    expect(output).toContain("稲瀬 (inase) → 地域包括支援センター展勝地 + 地域包括支援センター展勝地サテライト")
    expect(output).toContain("黒沢尻北 (kurosawajiri-kita) → 地域包括支援センター本通り\n")
    expect(output.match(/ → 地域包括支援センター/g)).toHaveLength(14)
    expect(output).toContain("「黒沢尻」 → UnknownDistrict (no default centre)")
  })

  it("prints the indicator table: none is –, not 0; KPI-8 lower is better (KPI-0, TIME-2)", () => {
    expect(output).toContain("成果指標と目標（令和7年度 (FY2025)時点）")
    expect(output).toMatch(/KPI-1 CSWによるアウトリーチ件数[^\n]*\n[^\n]*\n\s+\| – \| 100回 \| 400回 \| 回 times \| 高いほど良い/)
    expect(output).toMatch(/KPI-8 [^\n]*\n[^\n]*\n\s+\| 14\.3% \| [\d.]+% \| 10% \| % percent \| 低いほど良い lower is better/)
    expect(output).toContain("中間検証（2026年）")
  })
})
