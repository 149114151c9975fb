import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const bin = resolve(import.meta.dirname, "..", "bin", "juso.mjs")
const demo = JSON.parse(readFileSync(resolve(import.meta.dirname, "..", "demo", "8050-household.json"), "utf8")) as Array<Record<string, unknown>>
const dirs: Array<string> = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "juso-cli-"))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const juso = (cwd: string, ...args: Array<string>) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, TZ: "America/Los_Angeles" } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
const eventCount = (cwd: string) => {
  const r = juso(cwd, "verify")
  const m = /verified: (\d+) event/.exec(r.out)
  return m === null ? -1 : Number(m[1])
}

describe("juso (the CLI, on SQLite files and PostgreSQL)", () => {
  it("demo records the 8050 story once, verifies it, prints the FY2025 table and writes every format", () => {
    const cwd = tmp()
    const first = juso(cwd, "demo")
    expect(first.err).toBe("")
    expect(first.code).toBe(0)
    expect(first.out).toContain(`Recorded ${demo.length} of ${demo.length} command(s)`)
    expect(first.out).toContain("令和7年度 (FY2025)")
    expect(first.out).toMatch(/KPI-2\s+支援会議実施回数\s+回\s+–\s+2\s+12/)
    for (const ext of ["csv", "xlsx", "json", "html"]) expect(existsSync(join(cwd, ".juso", "out", `indicators-FY2025.${ext}`))).toBe(true)
    const events = eventCount(cwd)
    expect(events).toBeGreaterThanOrEqual(demo.length)
    // Idempotent on command ids: a second run records nothing new.
    const second = juso(cwd, "demo")
    expect(second.code).toBe(0)
    expect(second.out).toContain(`Recorded 0 of ${demo.length} command(s) (0 event(s)); ${demo.length} already recorded`)
    expect(eventCount(cwd)).toBe(events)
  })

  it("demo on a throw-away store (--db :memory:) records, verifies and reports on one open store", () => {
    const cwd = tmp()
    const r = juso(cwd, "demo", "--db", ":memory:", "--out", "out")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/verified: [1-9]\d* event/)
    expect(r.out).toMatch(/KPI-2\s+支援会議実施回数\s+回\s+–\s+2\s+12/)
  })

  it("PLN-9: a batch with one refused command records nothing, and says which command and rule", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "batch.json"), JSON.stringify(demo.slice(0, 2)))
    expect(juso(cwd, "apply", "batch.json").code).toBe(0)
    const before = eventCount(cwd)
    // A plan drafted before the application for use (CNS-2), after two valid commands.
    const draft = demo.find((c) => c._tag === "DraftPlan")!
    const bad = [...demo.slice(2, 4), { ...draft, commandId: "early-draft" }]
    writeFileSync(join(cwd, "bad.json"), JSON.stringify(bad))
    const r = juso(cwd, "apply", "bad.json")
    expect(r.code).toBe(1)
    expect(r.err).toContain("nothing recorded: command 2 (DraftPlan) refused by CNS-2")
    expect(eventCount(cwd)).toBe(before)
  })

  it("bad input: malformed JSON, a non-array, a wrong type and a missing file each fail clearly and change nothing", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "broken.json"), "[{\"_tag\": \"ReferCase\",")
    writeFileSync(join(cwd, "object.json"), "{}")
    const wrongType = [{ ...demo[1], at: 12345 }]
    writeFileSync(join(cwd, "wrong.json"), JSON.stringify(wrongType))
    const broken = juso(cwd, "apply", "broken.json")
    expect([broken.code, broken.err]).toEqual([1, expect.stringContaining("is not valid JSON")])
    const object = juso(cwd, "apply", "object.json")
    expect([object.code, object.err]).toEqual([1, expect.stringContaining("a batch is a JSON array of commands")])
    const wrong = juso(cwd, "apply", "wrong.json")
    expect(wrong.code).toBe(1)
    expect(wrong.err).toContain("command 0: not a valid")
    expect(wrong.err).toContain("at")
    const missing = juso(cwd, "apply", "nope.json")
    expect([missing.code, missing.err]).toEqual([1, expect.stringContaining("cannot read command file nope.json (ENOENT)")])
    expect(eventCount(cwd)).toBe(0)
  })

  it("AUD-2: a refused batch never prints the names, addresses or notes it carried", () => {
    const cwd = tmp()
    const refer = demo.find((c) => c._tag === "ReferCase")!
    // Invalid (unknown district-like field types) and refused (unknown agency) variants.
    writeFileSync(join(cwd, "a.json"), JSON.stringify([{ ...refer, by: "no-such-agency" }]))
    writeFileSync(join(cwd, "b.json"), JSON.stringify([{ ...refer, members: [{ ...(refer.members as Array<object>)[0], role: 42 }] }]))
    for (const file of ["a.json", "b.json"]) {
      const r = juso(cwd, "apply", file)
      expect(r.code).toBe(1)
      for (const secret of ["北上 一郎", "北上 ハナ", "北上市本通り", "ひきこもって"]) {
        expect(r.out + r.err).not.toContain(secret)
      }
    }
  })

  it("ORG-2: district routing, and an unknown district listing the valid ones (no default)", () => {
    const cwd = tmp()
    const ok = juso(cwd, "district", "相去")
    expect([ok.code, ok.out.trim()]).toEqual([0, expect.stringMatching(/^相去 → 地域包括支援センター北上中央/)])
    const bad = juso(cwd, "district", "黒沢尻")
    expect(bad.code).toBe(1)
    expect(bad.err).toContain("黒沢尻北")
    expect(bad.out).toBe("")
  })

  it("report writes the plan-period report as XLSX and refuses an unknown format or fiscal year", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
    expect(juso(cwd, "apply", "demo.json").code).toBe(0)
    const r = juso(cwd, "report", "period", "--format", "xlsx", "--out", "period.xlsx")
    expect(r.code).toBe(0)
    expect(existsSync(join(cwd, "period.xlsx"))).toBe(true)
    expect(juso(cwd, "report", "--format", "pdf").code).toBe(1)
    const fy = juso(cwd, "report", "--fy", "20x5")
    expect([fy.code, fy.err]).toEqual([1, expect.stringContaining("--fy must be a fiscal year")])
  })

  it("KPI-9: a survey result recorded with apply shows in the FY report, with its value", () => {
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
    const applied = juso(cwd, "apply", "survey.json")
    expect([applied.code, applied.err]).toEqual([0, ""])
    expect(eventCount(cwd)).toBe(1)
    const r = juso(cwd, "report", "--fy", "2025")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/KPI-5\s.*%\s+52\.2\s+55\.1\s+60\.0/)
    // A second result for KPI-5 FY2025 without `supersedes` is refused (KPI-9).
    writeFileSync(join(cwd, "again.json"), JSON.stringify([{ ...result, commandId: "survey-kpi5-2025-b", resultId: "kpi5-2025-b", value: 56 }]))
    const again = juso(cwd, "apply", "again.json")
    expect([again.code, again.err]).toEqual([1, expect.stringContaining("refused by KPI-9")])
  })

  it("AUD-2: registers name cases by pseudonyms only, and need an export key", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
    expect(juso(cwd, "apply", "demo.json").code).toBe(0)
    const noKey = juso(cwd, "report", "plans")
    expect([noKey.code, noKey.err]).toEqual([1, expect.stringContaining("set JUSO_EXPORT_KEY")])
    const withKey = (key: string, ...args: Array<string>) =>
      spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, JUSO_EXPORT_KEY: key } })
    const a = withKey("a-secret-of-sixteen-bytes", "report", "meetings")
    expect(a.status).toBe(0)
    expect(a.stdout).toContain("sm-2025-04")
    expect(a.stdout).not.toMatch(/(?<![0-9a-f])c8050(?![0-9a-f])/) // not inside a hex pseudonym by chance
    const pseudonym = /p-[0-9a-f]{16}/.exec(a.stdout)?.[0]
    expect(pseudonym).toBeDefined()
    // Stable per key, different under another key.
    expect(withKey("a-secret-of-sixteen-bytes", "report", "meetings").stdout).toContain(pseudonym)
    expect(withKey("another-secret-of-16-bytes", "report", "meetings").stdout).not.toContain(pseudonym)
    for (const secret of ["北上 一郎", "北上 ハナ", "北上市本通り", "夜間のみ外出"]) expect(a.stdout + a.stderr).not.toContain(secret)
  })

  const pgUrl = process.env.JUSO_PG_URL
  it.skipIf(pgUrl === undefined)(
    `demo and verify on PostgreSQL (--pg)${pgUrl === undefined ? " (skipped: set JUSO_PG_URL)" : ""}`,
    () => {
      const cwd = tmp()
      const schema = `juso_cli_${process.pid}_${Date.now()}`
      try {
        const first = juso(cwd, "demo", "--pg", pgUrl!, "--pg-schema", schema, "--out", "out")
        expect(first.err).toBe("")
        expect(first.code).toBe(0)
        expect(first.out).toContain(`Recorded ${demo.length} of ${demo.length} command(s)`)
        expect(first.out).toContain("PostgreSQL postgres")
        const again = juso(cwd, "demo", "--pg", pgUrl!, "--pg-schema", schema, "--out", "out")
        expect(again.out).toContain(`${demo.length} already recorded`)
        const verified = juso(cwd, "verify", "--pg", pgUrl!, "--pg-schema", schema)
        expect([verified.code, verified.out]).toEqual([0, expect.stringMatching(/verified: \d+ event/)])
      } finally {
        spawnSync("psql", [pgUrl!, "-qc", `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { encoding: "utf8" })
      }
    }
  )

  it("usage errors exit 2 with the help text", () => {
    const cwd = tmp()
    expect(juso(cwd, "frobnicate").code).toBe(2)
    expect(juso(cwd, "report", "--nope").code).toBe(2)
    expect(juso(cwd, "--help").out).toContain("juso demo")
  })
})
