/**
 * ORG-1 (seed §4), PRG-1 (seed §1): the fields of the program tables in the catalog, the plan's own
 * legal basis and its grant basis; empty table cells recorded as unknown, never guessed.
 */
import { describe, expect, it } from "@effect/vitest"
import { Directory, Kitakami, Program } from "@kitakami-juso/core"
import { agencyIn, draft, refusal } from "./support/catalog.ts"

const dir = Kitakami.catalog.directory
const agency = (id: string) => dir.agencies.find((a) => a.id === id)!

describe("Catalog fields (ORG-1, PRG-1)", () => {
  it("ORG-1: every field program and new component has its table: target group, content, area and sites, as the plan prints them", () => {
    for (const f of Program.fieldPrograms) expect(Program.profiles.some((p) => p.fieldProgram === f.id), f.id).toBe(true)
    for (const id of ["participation-support", "outreach", "multi-agency-collaboration"] as const) {
      expect(Program.profiles.some((p) => p.program === id), id).toBe(true)
    }
    const elderly = Program.profiles.find((p) => p.fieldProgram === "consultation-elderly")!
    expect(elderly).toMatchObject({ targetGroup: "高齢者及びその家族等", sites: 4, area: "日常生活圏域：8圏域 / 地域包括支援センター：4箇所" })
    expect(Program.profiles.filter((p) => p.fieldProgram === "consultation-child-rearing").map((p) => p.variant)).toEqual(["基本型", "こども家庭センター型"])
    // Where the plan gives no target group (participation support, outreach, multi-agency), none is made up.
    expect(Program.profiles.find((p) => p.program === "outreach")?.targetGroup).toBeUndefined()
  })

  it("ORG-1: 地域活動支援センター runs the basic programme only, under an indirect subsidy (L309–310)", () => {
    const p = Program.profiles.find((x) => x.fieldProgram === "community-disability")!
    expect(p).toMatchObject({ sites: 5, remarks: "間接補助; 基礎的事業の実施のみ" })
    expect(p.content).toContain("基礎的事業の実施のみ")
    expect(agency("chiiki-katsudo-shien")).toMatchObject({ operator: { kind: "subsidised" }, sites: 5 })
  })

  it("ORG-1: second-tier living-support coordinators cover the whole city (市内全域, L292)", () => {
    const layer2 = dir.agencies.filter((a) => a.id.startsWith("chiiki-seikatsu-shien-2-"))
    expect(layer2).toHaveLength(4)
    for (const a of layer2) expect(a.coverage).toBe("citywide")
  })

  it("ORG-1: ときわだい保育園's operator cell is empty in the plan (L325): recorded as unknown, with no organisation", () => {
    expect(agency("chiiki-kosodate-tokiwadai").operator).toEqual({ kind: "unknown" })
    expect(Directory.operatorKindName.unknown.ja).toContain("不明")
  })

  it("ORG-1: refuses an unknown operator that names an organisation (a guess dressed as data)", () => {
    const d = draft()
    agencyIn(d, "chiiki-kosodate-tokiwadai").operator = { kind: "unknown", organisation: "hojin-heiwakai" }
    expect(refusal(d)).toContain(`ORG-1: agency "chiiki-kosodate-tokiwadai" has an unknown operator and names no organisation`)
  })

  it("PRG-1: the plan's own legal basis (Art. 106-5, L55/L84) and the grant basis (Art. 106-8, 106-9, L63)", () => {
    expect(Program.planBasis.article).toBe("社会福祉法第106条の5")
    expect(Program.planBasis.crossFieldAdjustment).toBe("法第106条の5第3項")
    expect(Program.grantBasis).toMatchObject({ name: "重層的支援体制整備事業交付金", articles: ["法第106条の8", "法第106条の9"] })
  })
})
