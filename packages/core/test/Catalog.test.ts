import { describe, expect, it } from "@effect/vitest"
import { Catalog, Kitakami } from "@kitakami-juso/core"
import { DateTime, Effect, Result } from "effect"
import { accepted, type Draft, draft, refusal } from "./support/catalog.ts"

/** A small municipality's catalog, built from nothing but the schema's rules. */
const exampleTown = (): Draft => ({
  municipality: { name: "例町", nameEn: "Example Town" },
  plan: { name: "例町重層的支援体制整備事業実施計画", from: 2026, to: 2029 },
  revision: { id: "2026-10", effectiveFrom: "2026-10-01" },
  form: "integrated",
  directory: {
    organisations: [{ id: "council", name: "例町社会福祉協議会", kind: "social-welfare-corporation" }],
    sections: [
      { id: "welfare", name: "福祉課" },
      { id: "health", name: "保健課" }
    ],
    districts: [{ id: "centre", name: "中央" }],
    agencies: [
      {
        id: "hub",
        name: "総合相談窓口",
        programs: ["comprehensive-consultation"],
        fieldProgram: "consultation-elderly",
        operator: { kind: "direct" },
        coverage: "citywide",
        sections: ["welfare"]
      },
      {
        id: "salon",
        name: "地域サロン",
        programs: ["community-building"],
        fieldProgram: "community-elderly-prevention",
        operator: { kind: "direct" },
        coverage: "citywide",
        sections: ["welfare"]
      },
      {
        id: "council-new",
        name: "新規三事業",
        programs: ["participation-support", "outreach", "multi-agency-collaboration", "support-plan-creation"],
        operator: { kind: "commissioned", organisation: "council" },
        coverage: "citywide",
        sections: ["welfare"]
      }
    ],
    coreMembers: [
      { role: "elderly", member: "welfare" },
      { role: "disability", member: "welfare" },
      { role: "child-rearing", member: "welfare" },
      { role: "livelihood-hardship", member: "welfare" },
      { role: "health", member: "health" },
      { role: "multi-agency-operator", member: "council-new" }
    ]
  },
  welfarePlan: {
    name: "例町地域福祉計画",
    from: 2025,
    to: 2029,
    goals: [{ number: 1, name: "つながる町", directions: [], policies: [{ number: 1, name: "見守り" }] }],
    evaluation: { interimReview: 2027, nextPlan: 2030 }
  },
  indicators: [{
    id: "T-1",
    name: "相談件数",
    nameEn: "consultations",
    source: "project-records",
    unit: "cases",
    direction: "higher",
    baseline: { fiscalYear: 2025, value: 10 },
    target: { fiscalYear: 2029, value: 30 }
  }]
})

/** Kitakami's catalog with a later, hypothetical revision date. */
const laterRevision = (effectiveFrom: string): Catalog.Catalog => {
  const d = draft()
  d.revision = { id: effectiveFrom.slice(0, 7), effectiveFrom, revises: { id: "2026-04", effectiveFrom: "2026-04-01" } }
  return accepted(d)
}

const inForce = (revisions: ReadonlyArray<Catalog.Catalog>, at: Date | number | DateTime.Utc) =>
  Result.getOrThrow(Catalog.inForce(revisions, DateTime.makeUnsafe(at)))
const notInForce = (revisions: ReadonlyArray<Catalog.Catalog>, at: Date | number) =>
  Result.getOrThrow(Result.flip(Catalog.inForce(revisions, DateTime.makeUnsafe(at))))

describe("Catalog", () => {
  it("ORG-4: Kitakami's directory is versioned: revision 2026-04 of the 2025-04 plan, FY2025–FY2028", () => {
    expect(Kitakami.catalog.revision).toEqual({
      id: "2026-04",
      effectiveFrom: "2026-04-01",
      revises: { id: "2025-04", effectiveFrom: "2025-04-01" }
    })
    expect([Kitakami.catalog.plan.from, Kitakami.catalog.plan.to]).toEqual([2025, 2028])
    expect(Kitakami.revisions.map((c) => c.revision.id)).toEqual(["2025-04", "2026-04"])
    expect(Kitakami.revisions.at(-1)).toBe(Kitakami.catalog)
    expect(Catalog.kitakami).toBe(Kitakami.catalog)
    // The original's text is not in the seed: its entry says so rather than pretending otherwise.
    expect(Kitakami.revisions[0]?.revision.note).toContain("not in the repository")
  })

  it("ORG-4: a revision is found by id; an unknown id is refused with the ids there are", () => {
    expect(Result.getOrThrow(Catalog.revision(Kitakami.revisions, "2025-04")).revision.effectiveFrom).toBe("2025-04-01")
    expect(Result.getOrThrow(Catalog.revision(Kitakami.revisions, "2026-04"))).toBe(Kitakami.catalog)
    const unknown = Result.getOrThrow(Result.flip(Catalog.revision(Kitakami.revisions, "2024-04")))
    expect(unknown._tag).toBe("UnknownRevision")
    expect(unknown.known).toEqual(["2025-04", "2026-04"])
  })

  it("ORG-4: another municipality supplies its own directory through the same schema", () => {
    const town = accepted(exampleTown())
    expect(town.municipality.name).toBe("例町")
    expect(town.form).toBe("integrated")
    expect(town.directory.agencies.map((a) => a.id)).toEqual(["hub", "salon", "council-new"])
  })

  it("ORG-4: a decoded catalog encodes back to the data it came from", () => {
    const data = exampleTown()
    expect(Catalog.encode(accepted(data))).toEqual(data)
    expect(accepted(Catalog.encode(Kitakami.catalog))).toEqual(Kitakami.catalog)
  })

  it("ORG-4: refuses what is not a catalog, and reports every broken rule at once", () => {
    expect(refusal(null)).toContain("Expected")
    expect(refusal({ ...exampleTown(), form: undefined })).toContain(`["form"]`)
    const d = exampleTown()
    d.directory.agencies = d.directory.agencies.filter((a) => a.id !== "salon")
    d.directory.coreMembers.pop()
    const message = refusal(d)
    expect(message).toContain("PRG-1: no agency runs community-building")
    expect(message).toContain(`ORG-3: core role "multi-agency-operator" must be filled exactly once; found 0`)
  })

  it("ORG-4: refuses a revision outside the plan period or dated before the one it revises", () => {
    const d = draft()
    d.revision.effectiveFrom = "2029-04-01"
    expect(refusal(d)).toContain("ORG-4: a revision takes effect within the plan period")
    const e = draft()
    e.revision.revises = { id: "2027-04", effectiveFrom: "2027-04-01" }
    expect(refusal(e)).toContain("ORG-4: a revision takes effect after the one it revises")
    const f = draft()
    f.revision.effectiveFrom = "2026-02-30"
    expect(refusal(f)).toContain("a calendar date written YYYY-MM-DD")
    f.revision.effectiveFrom = "2026-13-01"
    expect(refusal(f)).toContain("a calendar date written YYYY-MM-DD")
  })

  it("ORG-4: the revision in force is the latest one in effect at the instant", () => {
    const later = laterRevision("2027-04-01")
    const revisions = [later, Kitakami.catalog]
    expect(inForce(revisions, new Date("2026-06-01T00:00:00+09:00")).revision.id).toBe("2026-04")
    expect(inForce(revisions, new Date("2027-04-01T00:00:00+09:00")).revision.id).toBe("2027-04")
    expect(inForce(revisions, DateTime.makeUnsafe("2028-01-01T00:00:00Z")).revision.id).toBe("2027-04")
  })

  it("ORG-4: refuses an instant before the first revision, and ambiguous or mixed revisions", () => {
    const before = notInForce(Kitakami.revisions, new Date("2025-03-31T23:59:59+09:00"))
    expect(before._tag).toBe("NoRevisionInForce")
    expect(before.message).toContain("2025-04-01")
    expect(notInForce([], Date.now())._tag).toBe("NoRevisionInForce")
    expect(notInForce([Kitakami.catalog, Kitakami.catalog], Date.now()).message).toContain("two revisions take effect on the same date")
    expect(notInForce([Kitakami.catalog, accepted(exampleTown())], Date.now()).message).toContain("more than one municipality")
  })

  it("TIME-1: a revision governs from 00:00 Japan time on its effective date", () => {
    expect(DateTime.formatIso(Catalog.effectiveInstant(Kitakami.catalog.revision))).toBe("2026-03-31T15:00:00.000Z")
    expect(inForce(Kitakami.revisions, new Date("2026-03-31T15:00:00Z")).revision.id).toBe("2026-04")
    // 00:30 JST on 1 April is still 31 March in UTC: the revision already governs it.
    expect(inForce(Kitakami.revisions, new Date("2026-03-31T15:30:00Z")).revision.id).toBe("2026-04")
    // The violation: one millisecond before 00:00 JST the original (2025-04) still governs …
    expect(inForce(Kitakami.revisions, new Date("2026-03-31T14:59:59.999Z")).revision.id).toBe("2025-04")
    // … and one millisecond before the original took effect, nothing is in force.
    expect(inForce(Kitakami.revisions, new Date("2025-03-31T15:00:00Z")).revision.id).toBe("2025-04")
    expect(notInForce(Kitakami.revisions, new Date("2025-03-31T14:59:59.999Z"))._tag).toBe("NoRevisionInForce")
  })
})
