import { describe, expect, it } from "@effect/vitest"
import { Directory, Kitakami } from "@kitakami-juso/core"
import { Effect, Redacted } from "effect"
import * as fc from "fast-check"
import { agencyIn, draft, refusal } from "./support/catalog.ts"

const dir = Kitakami.catalog.directory

const centre = (district: string) => Effect.runSync(Directory.centreFor(dir, district))
const unknown = (district: string) => {
  const error = Effect.runSync(Effect.flip(Directory.centreFor(dir, district)))
  if (error._tag !== "UnknownDistrict") throw new Error(`expected UnknownDistrict, got ${error._tag}`)
  return error
}

describe("Directory", () => {
  it("ORG-1: every agency has a name, an operator, its components, an area and a section in charge", () => {
    const hardship = Directory.findAgency(dir, "shakyo-kurashi-jiritsu")
    expect(hardship._tag).toBe("Some")
    const a = hardship._tag === "Some" ? hardship.value : undefined
    expect(a?.name).toBe("暮らしの自立支援センターきたかみ")
    expect(a?.operator.kind).toBe("commissioned")
    expect(Directory.organisationOf(dir, a!)?.name).toBe("北上市社会福祉協議会")
    expect(Directory.fieldOf(a!)).toBe("livelihood-hardship")
    expect(a?.coverage).toBe("citywide")
    expect(a?.sections).toEqual(["city-chiiki-fukushi"])
    // Outreach has two sections in charge (§4(4)イ); the disability hub is run directly.
    expect(Directory.agenciesOf(dir, "outreach")[0]?.sections).toEqual(["city-chiiki-fukushi", "city-shogai-fukushi"])
    const hub = Directory.findAgency(dir, "shogai-kikan-sodan")
    expect(hub._tag === "Some" && hub.value.operator).toEqual({ kind: "direct" })
    expect(Directory.findAgency(dir, "no-such-agency")._tag).toBe("None")
    // Every reference in the shipped directory resolves.
    const sections = new Set(dir.sections.map((s) => s.id))
    for (const x of dir.agencies) {
      for (const s of x.sections) expect(sections.has(s)).toBe(true)
      if (x.operator.kind === "commissioned" || x.operator.kind === "partly-commissioned") {
        expect(Directory.organisationOf(dir, x)).toBeDefined()
      }
    }
  })

  it("ORG-1: the operator kinds of the plan: 直営, 委託, 一部委託, 補助, and unknown where the table is empty", () => {
    const kinds = new Set(dir.agencies.map((a) => a.operator.kind))
    expect(kinds).toEqual(new Set(Directory.OperatorKind.literals))
    const subsidised = dir.agencies.filter((a) => a.operator.kind === "subsidised")
    expect(subsidised.map((a) => [a.id, a.sites])).toEqual([["chiiki-katsudo-shien", 5]])
  })

  it("ORG-1: refuses unknown references, a named organisation on a direct agency, a commissioned one without", () => {
    const d = draft()
    agencyIn(d, "shakyo-kurashi-jiritsu").sections = ["no-such-section"]
    agencyIn(d, "shogai-kikan-sodan").operator = { kind: "direct", organisation: "hojin-shakyo" }
    agencyIn(d, "shakyo-sanka-shien").operator = { kind: "commissioned" }
    agencyIn(d, "chiiki-hublab-kitakami").operator = { kind: "subsidised", organisation: "nobody" }
    const message = refusal(d)
    expect(message).toContain(`ORG-1: agency "shakyo-kurashi-jiritsu" names unknown section "no-such-section"`)
    expect(message).toContain(`ORG-1: agency "shogai-kikan-sodan" is run directly by the city and names no organisation`)
    expect(message).toContain(`ORG-1: agency "shakyo-sanka-shien" is commissioned and must name its organisation`)
    expect(message).toContain(`ORG-1: agency "chiiki-hublab-kitakami" names unknown organisation "nobody"`)
  })

  it("ORG-1: refuses an id used twice, even across organisations, sections, districts and agencies", () => {
    const d = draft()
    d.directory.districts.push({ id: "hojin-shakyo", name: "社協地区" })
    expect(refusal(d)).toContain(`ORG-1: id "hojin-shakyo" is already used by an organisation`)
    const e = draft()
    e.directory.sections.push({ id: "shakyo", name: "社協課" })
    expect(refusal(e)).toContain(`ORG-1: id "shakyo" is already used by a section`)
  })

  it("ORG-2: a resident's district determines the community general support centre", () => {
    const table: Record<string, ReadonlyArray<string>> = {
      "地域包括支援センター本通り": ["黒沢尻北", "黒沢尻西"],
      "地域包括支援センター北上中央": ["黒沢尻東", "相去", "鬼柳"],
      "地域包括支援センター展勝地": ["飯豊", "二子", "更木", "黒岩", "立花", "口内", "稲瀬"],
      "地域包括支援センターわっこ": ["江釣子", "和賀"]
    }
    for (const [name, districts] of Object.entries(table)) {
      for (const district of districts) expect(centre(district).centre.name).toBe(name)
    }
    expect(Object.values(table).flat().sort()).toEqual(dir.districts.map((d) => d.name).sort())
    expect(centre("稲瀬").branches.map((b) => b.name)).toEqual(["地域包括支援センター展勝地サテライト"])
    expect(centre("waga").branches.map((b) => b.name)).toEqual(["地域包括支援センターわっこのわ"])
    expect(centre("aisari").branches).toEqual([])
    expect(centre("kurosawajiri-kita")).toEqual(centre("黒沢尻北"))
  })

  it("ORG-2: 8 daily-living areas, 4 centres plus 2 satellite or branch sites", () => {
    const centres = dir.agencies.filter((a) => a.fieldProgram === "consultation-elderly")
    expect(dir.dailyLivingAreas).toBe(8)
    expect(centres.filter((a) => a.parent === undefined)).toHaveLength(4)
    expect(centres.filter((a) => a.parent !== undefined)).toHaveLength(2)
  })

  it("ORG-2: every district resolves to a main centre covering it (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...dir.districts), fc.boolean(), (district, byName) => {
        const got = centre(byName ? district.name : district.id)
        return got.district.id === district.id && got.centre.parent === undefined
          && (got.centre.coverage === "citywide" || got.centre.coverage.districts.includes(district.id))
      })
    )
  })

  it("ORG-2: an unknown district is an error, never a default; the input stays out of the message", () => {
    const input = "北上市本通り1丁目2-3 山田方"
    const error = unknown(input)
    expect(error._tag).toBe("UnknownDistrict")
    expect(Redacted.value(error.input)).toBe(input)
    expect(error.message).not.toContain("本通り1丁目")
    expect(JSON.stringify(error)).not.toContain("本通り1丁目")
    expect(String(error)).not.toContain("山田")
    // Near misses are not guessed at (surrounding whitespace and NFKC width forms are not near misses: see District.test.ts).
    for (const near of ["黒沢尻北地区", "黒沢尻", "Kurosawajiri-Kita", "kurosawajiri_kita", ""]) {
      expect(unknown(near)._tag).toBe("UnknownDistrict")
    }
  })

  it("ORG-2: any string that is not a district fails (property)", () => {
    const known = new Set(dir.districts.flatMap((d) => [d.id, d.name]))
    fc.assert(
      fc.property(fc.string().filter((s) => !known.has(s.normalize("NFKC").trim())), (s) => unknown(s)._tag === "UnknownDistrict")
    )
  })

  it("ORG-2: refuses a district with two centres or none, and a satellite beyond its parent's area", () => {
    const d = draft()
    agencyIn(d, "hokatsu-hondori").coverage = { districts: ["kurosawajiri-kita", "aisari"] }
    agencyIn(d, "hokatsu-wakkonowa").coverage = { districts: ["etsuriko", "inase"] }
    const message = refusal(d)
    expect(message).toContain(`ORG-2: district "kurosawajiri-nishi" has no community general support centre`)
    expect(message).toContain(`ORG-2: district "aisari" is covered by 2 centres (hokatsu-hondori, hokatsu-kitakami-chuo)`)
    expect(message).toContain(`ORG-2: agency "hokatsu-wakkonowa" covers districts its parent "hokatsu-wakko" does not`)
  })

  it("ORG-2: refuses a branch whose parent is unknown or is itself a branch", () => {
    const d = draft()
    agencyIn(d, "hokatsu-wakkonowa").parent = "hokatsu-tenshochi-satellite"
    agencyIn(d, "hokatsu-tenshochi-satellite").parent = "no-such-centre"
    const message = refusal(d)
    expect(message).toContain(`ORG-2: parent agency "hokatsu-tenshochi-satellite" of "hokatsu-wakkonowa" must itself be a main agency`)
    expect(message).toContain(`ORG-2: agency "hokatsu-tenshochi-satellite" names unknown parent agency "no-such-centre"`)
  })

  it("ORG-3: core members are the elderly, disability, child-rearing, hardship and health sections plus the operator", () => {
    const members = Directory.coreMembers(dir)
    expect(members.map((m) => m.role)).toEqual(Directory.CoreRole.literals)
    expect(members.map((m) => ("section" in m ? m.section.name : m.agency.name))).toEqual([
      "福祉部長寿介護課",
      "福祉部障がい福祉課",
      "健康こども部子育て支援課",
      "福祉部地域福祉課",
      "保健分野の関係課",
      "多機関協働事業（北上市社会福祉協議会）"
    ])
    const operator = members.find((m) => m.role === "multi-agency-operator")
    expect(operator?.id).toBe(Directory.multiAgencyOperator(dir).id)
  })

  it("ORG-3: refuses a missing role, an agency in a section's role, and a section as the operator", () => {
    const d = draft()
    d.directory.coreMembers = [
      { role: "elderly", member: "hokatsu-hondori" },
      { role: "disability", member: "city-shogai-fukushi" },
      { role: "child-rearing", member: "city-kosodate-shien" },
      { role: "livelihood-hardship", member: "city-chiiki-fukushi" },
      { role: "multi-agency-operator", member: "city-chiiki-fukushi" }
    ]
    const message = refusal(d)
    expect(message).toContain(`ORG-3: core role "health" must be filled exactly once; found 0`)
    expect(message).toContain(`ORG-3: core role "elderly" must be filled by a city section; "hokatsu-hondori" is not one`)
    expect(message).toContain("ORG-3: the multi-agency-operator core member must be the multi-agency collaboration agency")
  })
})
