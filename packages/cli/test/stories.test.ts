/** The CLI end to end on SQLite files: the demo, privacy of messages and registers (AUD-2), surveys (KPI-9). */
import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { demo, juso, tmp } from "./support/juso.ts"

const eventCount = (cwd: string, ...store: Array<string>) => {
  const m = /verified: (\d+) event/.exec(juso(cwd, ["verify", ...store]).out)
  return m === null ? -1 : Number(m[1])
}

describe("juso stories", () => {
  it("demo records the 8050 story once, verifies it, prints the FY2025 table with labelled assumptions and writes every format", () => {
    const cwd = tmp()
    const first = juso(cwd, ["demo"])
    // Without JUSO_CHAIN_KEY the store warns (on stderr, once per store opened) that the chain is unkeyed; nothing else.
    expect(first.code).toBe(0)
    expect(first.err.split("\n").filter((l) => l !== "" && !l.includes("JUSO_CHAIN_KEY"))).toEqual([])
    // AUD-1: that warning, Japanese first, then English, as every other message.
    const warnings = first.err.split("\n").filter((l) => l.includes("JUSO_CHAIN_KEY"))
    expect(warnings.length).toBeGreaterThan(0)
    for (const line of warnings) expect(line).toMatch(/^juso: 注意 warning: チェーン鍵 \(JUSO_CHAIN_KEY\) が設定されていません。.* event store: no chain key/)
    expect(first.out).toContain(`Recorded ${demo.length} of ${demo.length} command(s)`)
    expect(first.out).toContain("令和7年度 (FY2025)")
    expect(first.out).toMatch(/KPI-2\s+支援会議実施回数\s+回\s+–\s+2\s+12\s+16\.7%\s+3\.0\s+×/)
    expect(first.out).toContain("計画どおり（仮定）")
    expect(first.out).toMatch(/KPI-1, KPI-2: 仮定: 令和6年度の0から令和10年度の目標へ直線/)
    // PLN-8: KPI-3 and KPI-4 also say how they are counted.
    expect(first.out).toMatch(/KPI-3, KPI-4: 仮定: 令和6年度の0から令和10年度の目標へ直線.*数え方: 1事例・1会議で1件/)
    // KPI-9: the notes table says where each figure comes from (Japanese on the terminal, both in the files); the assumptions once.
    expect(first.out).toMatch(/指標\s+データ元\s+望ましい方向\s+現状値の年度\s+目標年度\s+実績の根拠/)
    expect(first.out).toMatch(/KPI-5\s+市民意識調査\s+高いほど良い\s+令和5年度\s+令和10年度\s+未集計/)
    expect(first.out).toMatch(/KPI-8\s+地域福祉アンケート\s+低いほど良い/)
    expect(first.out.split("見込み値と「計画どおり」は仮定に基づきます").length).toBe(2)
    for (const ext of ["xlsx", "json", "html"]) expect(existsSync(join(cwd, ".juso", "out", `indicators-FY2025.${ext}`))).toBe(true)
    expect(existsSync(join(cwd, ".juso", "out", "indicators-FY2025.indicators.csv"))).toBe(true)
    const events = eventCount(cwd)
    expect(events).toBeGreaterThanOrEqual(demo.length)
    const second = juso(cwd, ["demo"])
    expect(second.code).toBe(0)
    expect(second.out).toContain(`Recorded 0 of ${demo.length} command(s) (0 event(s)); ${demo.length} already recorded`)
    expect(eventCount(cwd)).toBe(events)
  })

  it("demo on a throw-away store (--db :memory:) records, verifies and reports on one open store", () => {
    const r = juso(tmp(), ["demo", "--db", ":memory:", "--out", "out"])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/verified: [1-9]\d* event/)
  })

  it("PLN-9: a refused batch records nothing and names the command and the rule; no \\r progress in a log", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "batch.json"), JSON.stringify(demo.slice(0, 2)))
    expect(juso(cwd, ["apply", "batch.json"]).code).toBe(0)
    const before = eventCount(cwd)
    const draft = demo.find((c) => c._tag === "DraftPlan")!
    writeFileSync(join(cwd, "bad.json"), JSON.stringify([...demo.slice(2, 4), { ...draft, commandId: "early-draft" }]))
    const r = juso(cwd, ["apply", "bad.json"])
    expect(r.code).toBe(1)
    expect(r.err).toContain("command 2 (DraftPlan) refused by CNS-2")
    expect(r.err).not.toContain("\r")
    expect(eventCount(cwd)).toBe(before)
  })

  it("AUD-2: refused or invalid input never prints the names, addresses or notes it carried", () => {
    const cwd = tmp()
    const refer = demo.find((c) => c._tag === "ReferCase")!
    writeFileSync(join(cwd, "a.json"), JSON.stringify([{ ...refer, by: "no-such-agency" }]))
    writeFileSync(join(cwd, "b.json"), JSON.stringify([{ ...refer, members: [{ ...(refer.members as Array<object>)[0], role: 42 }] }]))
    for (const file of ["a.json", "b.json"]) {
      for (const json of [[], ["--json"]]) {
        const r = juso(cwd, ["apply", file, ...json])
        expect(r.code).toBe(1)
        for (const secret of ["北上 一郎", "北上 ハナ", "北上市本通り", "ひきこもって"]) expect(r.out + r.err).not.toContain(secret)
      }
    }
  })

  it("KPI-9: a survey result recorded with apply shows in the FY report; a second one without supersedes is refused", () => {
    const cwd = tmp()
    const result = {
      _tag: "RecordSurveyResult",
      commandId: "survey-kpi5-2025",
      resultId: "kpi5-2025",
      at: "2025-12-01T10:00:00+09:00",
      by: "city-chiiki-fukushi",
      indicator: "KPI-5",
      surveyYear: 2025,
      sampleSize: 1200,
      value: 55.1
    }
    writeFileSync(join(cwd, "survey.json"), JSON.stringify([result]))
    expect(juso(cwd, ["apply", "survey.json"]).code).toBe(0)
    const r = juso(cwd, ["report", "--fy", "2025"])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/KPI-5\s.*%\s+52\.2\s+55\.1\s+60\.0/)
    writeFileSync(join(cwd, "again.json"), JSON.stringify([{ ...result, commandId: "survey-kpi5-2025-b", resultId: "kpi5-2025-b", value: 56 }]))
    const again = juso(cwd, ["apply", "again.json"])
    expect([again.code, again.err]).toEqual([1, expect.stringContaining("refused by KPI-9")])
  })

  it("KPI-9: a year after the current one is 未到来 in the year report, with a warning outside the plan period", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
    expect(juso(cwd, ["apply", "demo.json"]).code).toBe(0)
    const r = juso(cwd, ["report", "--fy", "令和13年度"])
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/FY2031 は計画期間.*outside the plan period/)
    expect(r.out).toMatch(/KPI-1\s.*–\s+400\s+–\s+–\s+未到来/)
    expect(r.out).not.toMatch(/KPI-1\s.*\s0\s+400/)
  })

  it("AUD-2: registers name cases by pseudonyms only (stable per key), and need an export key", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
    expect(juso(cwd, ["apply", "demo.json"]).code).toBe(0)
    const noKey = juso(cwd, ["report", "plans"], { env: { JUSO_EXPORT_KEY: undefined } })
    expect([noKey.code, noKey.err]).toEqual([1, expect.stringContaining("set JUSO_EXPORT_KEY")])
    const withKey = (key: string) => juso(cwd, ["report", "meetings"], { env: { JUSO_EXPORT_KEY: key } })
    const a = withKey("a-secret-of-sixteen-bytes")
    expect(a.code).toBe(0)
    expect(a.out).toContain("sm-2025-04")
    const pseudonym = /p-[0-9a-f]{16}/.exec(a.out)?.[0]
    expect(pseudonym).toBeDefined()
    expect(withKey("a-secret-of-sixteen-bytes").out).toContain(pseudonym)
    expect(withKey("another-secret-of-16-bytes").out).not.toContain(pseudonym)
    for (const secret of ["北上 一郎", "北上 ハナ", "北上市本通り", "夜間のみ外出"]) expect(a.out + a.err).not.toContain(secret)
  })
})
