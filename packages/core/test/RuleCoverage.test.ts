/**
 * Every rule ID (RULES.md, `Rule.RuleId`: 46) names at least one test of the core package, and the
 * IDs whose refusal was not yet shown get one here (CNS-6, OUT-2).
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { FiscalYear, IndicatorProjection, Rule } from "@kitakami-juso/core"
import { assessment, CSW, draft, establishRegister, given, operatorJudged, patch, referral, sonConsent, T, World } from "./support/world.ts"

const dir = import.meta.dirname
const titles = readdirSync(dir)
  .filter((f) => f.endsWith(".test.ts"))
  .flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/\bit(?:\.effect|\.prop)?\(\s*"([^"]+)"/g)].map((m) => m[1]!))

describe("Rule coverage (PLN-9)", () => {
  it("every rule ID of RULES.md is a RuleId (46) and names at least one test", () => {
    expect(Rule.RuleId.literals).toHaveLength(46)
    const missing = Rule.RuleId.literals.filter((id) => !titles.some((t) => new RegExp(`(^|[^\\w-])${id}(?![\\w-])`).test(t)))
    expect(missing).toEqual([])
  })

  it("CNS-6: refuses a plan whose subject has no application in force, naming the rule and why no record applied", () => {
    const refused = given(establishRegister, referral, operatorJudged, sonConsent(), assessment())
      .when(patch(draft(), { subjects: ["son", "mother"] }))
      .thenRefused("CNS-2")
    // The mother never applied: the refusal says which member and which purpose, never a name (AUD-2).
    expect(refused.message).toContain("no consent of member mother, purpose multi-agency-collaboration")
    const noConsent = given(establishRegister, referral, operatorJudged).when(assessment()).thenRefused("CNS-2")
    expect(noConsent.message).toContain("no consent of member son")
  })

  it("OUT-2: refuses to count resident visits or contacts of other years toward a year's KPI-1", () => {
    const w = new World()
    w.run(establishRegister)
    w.run({ _tag: "RecordContact", contactId: "o1", activity: { _tag: "ResidentVisit" }, at: T("06-01T10:00"), by: CSW })
    w.run({ _tag: "RecordContact", contactId: "o2", activity: { _tag: "ResidentVisit" }, at: T("06-02T10:00"), by: CSW })
    w.run({ _tag: "RecordContact", contactId: "o3", activity: { _tag: "AgencyVisit", agencyId: "hokatsu-hondori" }, at: "2026-04-01T10:00:00+09:00", by: CSW })
    expect(IndicatorProjection.projectRecords(IndicatorProjection.countsFor(w.log, FiscalYear.make(2025)))["KPI-1"]).toBe(0)
    expect(IndicatorProjection.projectRecords(IndicatorProjection.countsFor(w.log, FiscalYear.make(2026)))["KPI-1"]).toBe(1)
  })
})
