import { describe, expect, it } from "@effect/vitest"
import { Catalog, Kitakami } from "@kitakami-juso/core"
import { DateTime, Effect, Option, Result, Schema } from "effect"
import { agencyIn, draft, refusal } from "./support/catalog.ts"

const k = Catalog.kitakami

/** The stable ids of seed §4 that the rest of the project codes against. */
const citySections = [
  "city-chiiki-fukushi",
  "city-choju-kaigo",
  "city-shogai-fukushi",
  "city-kosodate-shien",
  "city-kodomo-katei-center",
  "city-hoken"
]
const sites = [
  "shakyo",
  "shakyo-kurashi-jiritsu",
  "hokatsu-hondori",
  "hokatsu-kitakami-chuo",
  "hokatsu-tenshochi",
  "hokatsu-tenshochi-satellite",
  "hokatsu-wakko",
  "hokatsu-wakkonowa",
  "shogai-kikan-sodan",
  "shogai-haginoe",
  "shogai-sakura",
  "shogai-jiritsu-kitakami",
  "shogai-niji",
  "kosodate-riyosha-kihon",
  "kosodate-kodomo-katei"
]

/** ORG-1: kindOf as the directory defines it: the first of sections, organisations, agencies naming the id. */
const kindByScan = (catalog: Catalog.Catalog, id: string): Option.Option<Catalog.AgencyKind> => {
  const d = catalog.directory
  if (d.sections.some((s) => s.id === id)) return Option.some("city")
  if (d.organisations.some((o) => o.id === id)) return Option.some("organisation")
  if (d.agencies.some((a) => a.id === id)) return Option.some("agency")
  return Option.none()
}

describe("Catalog lookups", () => {
  it("ORG-1: kindOf (indexed once per directory) answers as a scan of the directory, for every id of every revision and ids it does not name", () => {
    for (const c of [...Kitakami.revisions, k]) {
      const d = c.directory
      const ids = [...d.sections.map((s) => s.id), ...d.organisations.map((o) => o.id), ...d.agencies.map((a) => a.id), "no-such-id", "", "constructor", "__proto__"]
      for (const id of ids) expect(Catalog.kindOf(c, id), id).toEqual(kindByScan(c, id))
    }
    // An id listed twice (a hand-built catalog): the sections win, then the organisations, as the scan says.
    const section = k.directory.sections[0]!
    const organisation = k.directory.organisations[0]!
    const overlapping = {
      ...k,
      directory: { ...k.directory, agencies: [...k.directory.agencies, { ...k.directory.agencies[0]!, id: section.id }, { ...k.directory.agencies[0]!, id: organisation.id }] }
    } as Catalog.Catalog
    expect(Catalog.kindOf(overlapping, section.id)).toEqual(Option.some("city"))
    expect(Catalog.kindOf(overlapping, organisation.id)).toEqual(Option.some("organisation"))
    expect(Catalog.kindOf(overlapping, section.id)).toEqual(kindByScan(overlapping, section.id))
  })

  it("ORG-1: the stable ids name the seed's sections and agencies, each with its kind", () => {
    for (const id of citySections) expect(Catalog.kindOf(k, id)).toEqual(Option.some("city"))
    for (const id of sites) expect(Catalog.kindOf(k, id)).toEqual(Option.some("agency"))
    expect(Catalog.kindOf(k, "hojin-shakyo")).toEqual(Option.some("organisation"))
    expect(Catalog.kindOf(k, "no-such-id")).toEqual(Option.none())
    // Every community-building agency id is chiiki-….
    const community = k.directory.agencies.filter((a) => a.programs.includes("community-building"))
    expect(community.length).toBeGreaterThan(0)
    for (const a of community) expect(a.id).toMatch(/^chiiki-/)
  })

  it("ORG-1: findAgency answers the agency with its operator, program, area and section; none for others", () => {
    const hondori = Option.getOrThrow(Catalog.findAgency(k, "hokatsu-hondori"))
    expect(hondori.name).toBe("地域包括支援センター本通り")
    expect(hondori.operator).toEqual({ kind: "commissioned", organisation: "hojin-birakukai" })
    expect(hondori.fieldProgram).toBe("consultation-elderly")
    expect(hondori.coverage).toEqual({ districts: ["kurosawajiri-kita", "kurosawajiri-nishi"] })
    expect(hondori.sections).toEqual(["city-choju-kaigo"])
    const kikan = Option.getOrThrow(Catalog.findAgency(k, "shogai-kikan-sodan"))
    expect(kikan.operator).toEqual({ kind: "direct" })
    expect(kikan.sections).toEqual(["city-shogai-fukushi"])
    // A section is not an agency; an unknown id is none, not an error or a default.
    expect(Option.isNone(Catalog.findAgency(k, "city-chiiki-fukushi"))).toBe(true)
    expect(Option.isNone(Catalog.findAgency(k, "hokatsu-nowhere"))).toBe(true)
  })

  it("ORG-1: isCityAgency is true for the city sections only, not for sites the city runs directly", () => {
    for (const id of citySections) expect(Catalog.isCityAgency(k, id)).toBe(true)
    for (const id of [...sites, "hojin-shakyo", "chiiki-kaigo-yobo", "", "city-unknown"]) {
      expect(Catalog.isCityAgency(k, id)).toBe(false)
    }
  })

  it("ORG-1: AgencyId brands well-formed ids and refuses malformed ones", () => {
    const decode = Schema.decodeUnknownSync(Catalog.AgencyId)
    expect(decode("city-hoken")).toBe("city-hoken")
    for (const bad of ["City-Hoken", "city hoken", "", "社協", "-shakyo"]) expect(() => decode(bad)).toThrow()
  })

  it("PRG-4: the multi-agency collaboration operator is shakyo, run by the Social Welfare Council, partly commissioned", () => {
    const id = Catalog.multiAgencyOperator(k)
    expect(id).toBe("shakyo")
    const shakyo = Option.getOrThrow(Catalog.findAgency(k, id))
    expect(shakyo.programs).toEqual(["multi-agency-collaboration", "support-plan-creation"])
    expect(shakyo.operator).toEqual({ kind: "partly-commissioned", organisation: "hojin-shakyo" })
    // Participation support and outreach: the same council, commissioned (seed §6).
    for (const id of ["shakyo-sanka-shien", "shakyo-outreach"]) {
      expect(Option.getOrThrow(Catalog.findAgency(k, id)).operator).toEqual({ kind: "commissioned", organisation: "hojin-shakyo" })
    }
    expect(k.directory.organisations.find((o) => o.id === "hojin-shakyo")?.name).toBe("北上市社会福祉協議会")
  })

  it("PRG-4: refuses a catalog whose multi-agency operator is not the agency running multi-agency collaboration", () => {
    const d = draft()
    const member = d.directory.coreMembers.find((m) => m.role === "multi-agency-operator")!
    member.member = "shakyo-sanka-shien"
    expect(refusal(d)).toContain("ORG-3: the multi-agency-operator core member must be the multi-agency collaboration agency")
    const e = draft()
    agencyIn(e, "shakyo").programs = ["outreach"]
    expect(refusal(e)).toContain("PRG-1: no agency runs multi-agency-collaboration")
  })

  it("ORG-3: coreMembers are the five field sections and shakyo", () => {
    expect(Catalog.coreMembers(k)).toEqual([
      "city-choju-kaigo",
      "city-shogai-fukushi",
      "city-kosodate-shien",
      "city-chiiki-fukushi",
      "city-hoken",
      "shakyo"
    ])
    expect(Catalog.isCoreMember(k, "city-hoken")).toBe(true)
    expect(Catalog.isCoreMember(k, "city-kodomo-katei-center")).toBe(false)
    expect(Catalog.isCoreMember(k, "hokatsu-hondori")).toBe(false)
    // The health section is modelled, with a note that the plan does not name it.
    expect(k.directory.sections.find((s) => s.id === "city-hoken")?.note).toContain("not its section")
  })

  it("ORG-3: refuses a catalog without a health core member", () => {
    const d = draft()
    d.directory.coreMembers = d.directory.coreMembers.filter((m) => m.role !== "health")
    expect(refusal(d)).toContain(`ORG-3: core role "health" must be filled exactly once; found 0`)
  })

  it("ORG-4: every revision answers the same lookups (the 2025-04 content repeats 2026-04)", () => {
    const [original, revised] = Kitakami.revisions
    expect(original && revised && Catalog.coreMembers(original)).toEqual(Catalog.coreMembers(k))
    expect(Result.getOrThrow(Catalog.inForce(Kitakami.revisions, DateTime.makeUnsafe("2025-05-01T00:00:00+09:00"))).revision.id).toBe("2025-04")
  })
})
