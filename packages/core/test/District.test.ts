import { describe, expect, it } from "@effect/vitest"
import { Catalog, District } from "@kitakami-juso/core"
import { Effect, Option, Redacted, Result } from "effect"
import * as fc from "fast-check"
import { draft, refusal } from "./support/catalog.ts"

const kitakami = Catalog.kitakami
const route = (input: string) => Effect.runSync(District.route(kitakami, input))
const refused = (input: string) => {
  const error = Effect.runSync(Effect.flip(District.route(kitakami, input)))
  if (error._tag !== "UnknownDistrict") throw new Error(`expected UnknownDistrict, got ${error._tag}`)
  return error
}

// Seed §4(1)ア①, read row by row: centre id ← districts, plus the branch site (担当圏域：同上).
const seedTable: ReadonlyArray<readonly [string, string | undefined, ReadonlyArray<string>]> = [
  ["hokatsu-hondori", undefined, ["黒沢尻北", "黒沢尻西"]],
  ["hokatsu-kitakami-chuo", undefined, ["黒沢尻東", "相去", "鬼柳"]],
  ["hokatsu-tenshochi", "hokatsu-tenshochi-satellite", ["飯豊", "二子", "更木", "黒岩", "立花", "口内", "稲瀬"]],
  ["hokatsu-wakko", "hokatsu-wakkonowa", ["江釣子", "和賀"]]
]

describe("District", () => {
  it("ORG-2: every one of the 14 districts routes to the centre (and branch) the seed names", () => {
    for (const [centre, branch, districts] of seedTable) {
      for (const name of districts) {
        const got = route(name)
        expect(got.district.name).toBe(name)
        expect(got.centre.id).toBe(centre)
        expect(got.branches.map((b) => b.id)).toEqual(branch === undefined ? [] : [branch])
        // By id as well as by name.
        expect(route(got.district.id)).toEqual(got)
      }
    }
    const listed = seedTable.flatMap(([, , ds]) => ds)
    expect(listed).toHaveLength(14)
    expect(District.all(kitakami).map((d) => d.name).sort()).toEqual([...listed].sort())
    expect(District.routingTable(kitakami).map((r) => [r.district.name, r.centre.id])).toEqual(
      seedTable.flatMap(([centre, , ds]) => ds.map((d) => [d, centre]))
    )
  })

  it("ORG-2: 8 daily-living areas are a stated count; 4 centres and 2 branch sites do the routing", () => {
    expect(District.dailyLivingAreaCount(kitakami)).toEqual(Option.some(8))
    const rows = District.routingTable(kitakami)
    expect(new Set(rows.map((r) => r.centre.id)).size).toBe(4)
    expect(new Set(rows.flatMap((r) => r.branches.map((b) => b.id))).size).toBe(2)
    // The seed lists 14 districts, not 8 areas: the areas cannot be derived, so none are invented.
    expect(District.all(kitakami)).toHaveLength(14)
  })

  it("ORG-2: input is read after NFKC normalisation and trimming, nothing more", () => {
    expect(route("　稲瀬 ").centre.id).toBe("hokatsu-tenshochi") // full-width space, trailing space
    expect(route("\tinase\n").district.id).toBe("inase")
    expect(route("ｉｎａｓｅ").district.id).toBe("inase") // full-width letters (NFKC)
    expect(District.normalise(" ｗａｇａ ")).toBe("waga")
  })

  it("ORG-2: an unknown or misspelt district is refused with the valid districts listed, never a default", () => {
    for (const bad of ["黒沢尻", "黒沢尻北地区", "Inase", "稲瀬町", "北上", "", "   "]) {
      const error = refused(bad)
      expect(error._tag).toBe("UnknownDistrict")
      expect(error.known).toHaveLength(14)
      expect(error.known).toContain("稲瀬 (inase)")
      expect(error.message).toContain("黒沢尻北 (kurosawajiri-kita)")
      expect(Redacted.value(error.input)).toBe(bad)
    }
    // A district typed as part of an address stays out of the message and the JSON (AUD-2).
    const address = refused("北上市相去町1-2 山田方")
    expect(address.message).not.toContain("山田")
    expect(JSON.stringify(address)).not.toContain("山田")
    expect(Result.isFailure(District.resolve(kitakami, "相去町"))).toBe(true)
  })

  it("ORG-2: whatever is not a district after normalisation is refused (property)", () => {
    const known = new Set(District.all(kitakami).flatMap((d) => [d.id, d.name]))
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }).filter((s) => !known.has(District.normalise(s))),
        (s) => Result.isFailure(District.resolve(kitakami, s))
      )
    )
    fc.assert(
      fc.property(fc.constantFrom(...District.all(kitakami)), fc.constantFrom("", " ", "　", "\t"), (d, pad) =>
        Result.isSuccess(District.resolve(kitakami, `${pad}${d.name}${pad}`))
      )
    )
  })

  it("ORG-2: a catalog whose routing leaves a district without a centre is refused at decode", () => {
    const d = draft()
    d.directory.agencies = d.directory.agencies.filter((a) => a.id !== "hokatsu-hondori")
    const message = refusal(d)
    expect(message).toContain(`ORG-2: district "kurosawajiri-kita" has no community general support centre`)
  })
})
