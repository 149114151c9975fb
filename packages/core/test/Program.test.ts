import { describe, expect, it } from "@effect/vitest"
import { Directory, Kitakami, Program } from "@kitakami-juso/core"
import { agencyIn, draft, refusal } from "./support/catalog.ts"

const dir = Kitakami.catalog.directory

describe("Program", () => {
  it("PRG-1: six components in the Act's order, items 1–6 of Art. 106-4(2)", () => {
    expect(Program.all.map((p) => p.id)).toEqual(Program.ProgramId.literals)
    expect(Program.all.map((p) => p.item)).toEqual([1, 2, 3, 4, 5, 6])
    expect(Program.get("outreach").article).toBe("法第106条の4第2項第4号")
    expect(Program.get("support-plan-creation").runWith).toBe("multi-agency-collaboration")
    expect(Program.all.filter((p) => p.runWith !== undefined)).toHaveLength(1)
  })

  it("PRG-1: Kitakami runs all six components, plan creation with the multi-agency agency", () => {
    for (const p of Program.all) expect(Directory.agenciesOf(dir, p.id).length).toBeGreaterThan(0)
    expect(Directory.agenciesOf(dir, "support-plan-creation")).toEqual(Directory.agenciesOf(dir, "multi-agency-collaboration"))
  })

  it("PRG-1: refuses a catalog in which no agency runs outreach", () => {
    const d = draft()
    d.directory.agencies = d.directory.agencies.filter((a) => !a.programs.includes("outreach"))
    expect(refusal(d)).toContain("PRG-1: no agency runs outreach")
  })

  it("PRG-1: refuses plan creation by an agency that does not run multi-agency collaboration", () => {
    const d = draft()
    agencyIn(d, "shakyo").programs = ["multi-agency-collaboration"]
    agencyIn(d, "shakyo-sanka-shien").programs = ["participation-support", "support-plan-creation"]
    const message = refusal(d)
    expect(message).toContain(`PRG-1: agency "shakyo-sanka-shien" must run support-plan-creation and multi-agency-collaboration together`)
    expect(message).toContain(`PRG-1: agency "shakyo" must run support-plan-creation and multi-agency-collaboration together`)
  })

  it("PRG-2: consultation bundles four field programs, community building five, each with its legal basis", () => {
    const consultation = Program.fieldProgramsOf("comprehensive-consultation")
    expect(consultation.map((f) => f.field)).toEqual(["elderly", "disability", "child-rearing", "livelihood-hardship"])
    expect(consultation.map((f) => f.legalBasis)).toEqual([
      "介護保険法第115条の45第2項第1号から第3号",
      "障害者総合支援法第77条第1項第3号",
      "子ども・子育て支援法第59条第1号",
      "生活困窮者自立支援法第3条第2項"
    ])
    expect(Program.fieldProgramsOf("community-building").map((f) => f.mark)).toEqual(["イ", "ロ", "ハ", "ニ", "ホ"])
    for (const p of Program.all) {
      expect(Program.fieldProgramsOf(p.id).length > 0).toBe(!p.isNew)
    }
  })

  it("PRG-2: each Kitakami agency of a bundling component names a field program of that component", () => {
    const bundling = dir.agencies.filter((a) => a.programs.includes("comprehensive-consultation") || a.programs.includes("community-building"))
    expect(bundling.length).toBeGreaterThan(0)
    for (const a of bundling) {
      expect(a.fieldProgram).toBeDefined()
      expect(a.programs).toContain(Program.getFieldProgram(a.fieldProgram!).program)
    }
    // Every bundled field program has at least one Kitakami agency.
    expect(new Set(bundling.map((a) => a.fieldProgram)).size).toBe(Program.fieldPrograms.length)
  })

  it("PRG-2: refuses a field program of another component, a missing one, and one on a new component", () => {
    const d = draft()
    agencyIn(d, "shakyo-kurashi-jiritsu").fieldProgram = "community-livelihood-hardship"
    delete agencyIn(d, "chiiki-kaigo-yobo").fieldProgram
    agencyIn(d, "shakyo-sanka-shien").fieldProgram = "consultation-elderly"
    const message = refusal(d)
    expect(message).toContain(`PRG-2: field program "community-livelihood-hardship" does not belong to a component agency "shakyo-kurashi-jiritsu" runs`)
    expect(message).toContain(`PRG-2: agency "chiiki-kaigo-yobo" runs community-building and must name its field program`)
    expect(message).toContain(`PRG-2: field program "consultation-elderly" does not belong to a component agency "shakyo-sanka-shien" runs`)
  })

  it("PRG-3: Kitakami uses the basic form (基本型)", () => {
    expect(Kitakami.catalog.form).toBe("basic")
    expect(Program.supportFormName[Kitakami.catalog.form]).toBe("基本型")
  })

  it("PRG-3: refuses a form that is not 基本型, 統合型 or 地域型", () => {
    const d = draft() as { form: string }
    d.form = "hybrid"
    expect(refusal(d)).toContain(`["form"]`)
  })

  it("PRG-4: multi-agency collaboration, participation support and outreach all go to the Social Welfare Council", () => {
    const operators = (["multi-agency-collaboration", "participation-support", "outreach"] as const).map((p) => {
      const agencies = Directory.agenciesOf(dir, p)
      expect(agencies).toHaveLength(1)
      return agencies[0]!
    })
    expect(new Set(operators.map((a) => Directory.organisationOf(dir, a)?.name))).toEqual(new Set(["北上市社会福祉協議会"]))
    expect(operators.map((a) => a.operator.kind)).toEqual(["partly-commissioned", "commissioned", "commissioned"])
    expect(Directory.multiAgencyOperator(dir).id).toBe("shakyo")
  })

  it("PRG-4: refuses a second multi-agency collaboration agency", () => {
    const d = draft()
    d.directory.agencies.push({ ...agencyIn(d, "shakyo"), id: "shakyo-2" })
    expect(refusal(d)).toContain("PRG-4: exactly one agency runs multi-agency-collaboration; found shakyo, shakyo-2")
  })
})
