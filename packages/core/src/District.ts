/**
 * Districts (地区) and the elderly-consultation routing they decide (ORG-2; seed §4(1)ア①).
 *
 * A resident's district determines their community general support centre (地域包括支援センター)
 * and, where it has one, its satellite or branch site. In Kitakami:
 *
 * | centre | districts |
 * |---|---|
 * | 本通り | 黒沢尻北・黒沢尻西 |
 * | 北上中央 | 黒沢尻東・相去・鬼柳 |
 * | 展勝地 (+ 展勝地サテライト) | 飯豊・二子・更木・黒岩・立花・口内・稲瀬 |
 * | わっこ (+ わっこのわ) | 江釣子・和賀 |
 *
 * **How the plan is read.** The seed says "日常生活圏域：8圏域 / 地域包括支援センター：4箇所" and then
 * lists, per centre, the 14 district names above (担当圏域). It never says which districts make up
 * which of the 8 daily-living areas (日常生活圏域), and 14 districts cannot be grouped into 8 areas
 * from the plan alone. So the 8 is kept as a stated count ({@link dailyLivingAreaCount}), routing is
 * by district, and no area list is invented.
 *
 * **Matching.** Input is matched against a district's id (`kurosawajiri-kita`) or its name
 * (`黒沢尻北`) after Unicode NFKC normalisation and trimming of surrounding whitespace (so a
 * full-width space or full-width letters from a form still match). Nothing else is tolerated: no
 * case-folding, no stripping of 地区, no nearest match. Anything else fails with
 * {@link UnknownDistrict}, which lists the valid districts and keeps the input `Redacted` (it may
 * be part of an address, AUD-2). There is never a default centre.
 *
 * @module
 */
import { Effect, Option, Redacted, Result, Schema } from "effect"
import type * as Catalog from "./Catalog.ts"
import type * as Directory from "./Directory.ts"

/** ORG-2: a catalog or just its directory; every function here accepts either. */
export type Source = Catalog.Catalog | Directory.Directory

const directoryOf = (source: Source): Directory.Directory => "directory" in source ? source.directory : source

/** ORG-2: how input is read before matching: Unicode NFKC, then surrounding whitespace trimmed. Nothing else. */
export const normalise = (input: string): string => input.normalize("NFKC").trim()

/** ORG-2: a district as the refusal lists it, `黒沢尻北 (kurosawajiri-kita)`. */
export const label = (district: Directory.District): string => `${district.name} (${district.id})`

/**
 * ORG-2: the input is not a district of this directory. `known` lists the valid districts
 * (`黒沢尻北 (kurosawajiri-kita)`, …); the input itself is kept `Redacted` and never printed, since a
 * resident's district is often typed as part of an address (AUD-2).
 */
export class UnknownDistrict extends Schema.TaggedError<UnknownDistrict>("@kitakami-juso/core/District/UnknownDistrict")(
  "UnknownDistrict",
  { message: Schema.String, input: Schema.Redacted(Schema.String), known: Schema.Array(Schema.String) }
) {}

/**
 * ORG-2: the district is known but no community general support centre covers it (possible only
 * in a directory with no elderly-consultation centre at all: decoding refuses a partial routing).
 */
export class NoCentre extends Schema.TaggedError<NoCentre>("@kitakami-juso/core/District/NoCentre")(
  "NoCentre",
  { message: Schema.String, district: Schema.String }
) {}

/** ORG-2: the districts of a catalog or directory, in its order. */
export const all = (source: Source): ReadonlyArray<Directory.District> => directoryOf(source).districts

/**
 * ORG-2: the number of daily-living areas (日常生活圏域) the plan states (Kitakami: 8), or none when
 * the directory does not state one. The areas' make-up is not in the plan: see the module notes.
 */
export const dailyLivingAreaCount = (source: Source): Option.Option<number> =>
  Option.fromUndefinedOr(directoryOf(source).dailyLivingAreas)

/** ORG-2: the district the input names (id or name, after {@link normalise}), or {@link UnknownDistrict}. */
export const resolve = (source: Source, input: string): Result.Result<Directory.District, UnknownDistrict> => {
  const districts = all(source)
  const key = normalise(String(input))
  const found = districts.find((d) => d.id === key || d.name === key)
  if (found !== undefined) return Result.succeed(found)
  const known = districts.map(label)
  return Result.fail(
    new UnknownDistrict({
      message: `ORG-2: not a district of this directory; no centre is assigned by default. Valid districts: ${
        known.length === 0 ? "(none)" : known.join(", ")
      }`,
      input: Redacted.make(String(input)),
      known
    })
  )
}

/** ORG-2: a district with the community general support centre serving it and that centre's branches. */
export interface Assignment {
  readonly district: Directory.District
  /** The main 地域包括支援センター covering the district. */
  readonly centre: Directory.Agency
  /** Its satellites or branches covering the district too (担当圏域：同上), e.g. 展勝地サテライト. */
  readonly branches: ReadonlyArray<Directory.Agency>
}

const covers = (a: Directory.Agency, district: string): boolean =>
  a.coverage === "citywide" || a.coverage.districts.includes(district)

const assign = (d: Directory.Directory, district: Directory.District): Result.Result<Assignment, NoCentre> => {
  const centres = d.agencies.filter((a) => a.fieldProgram === "consultation-elderly" && covers(a, district.id))
  const centre = centres.find((a) => a.parent === undefined)
  if (centre === undefined) {
    return Result.fail(
      new NoCentre({ message: `ORG-2: no community general support centre covers ${label(district)}`, district: district.id })
    )
  }
  return Result.succeed({ district, centre, branches: centres.filter((a) => a.parent === centre.id) })
}

/**
 * ORG-2: the community general support centre (and branches) for a resident's district, given by id
 * or name (`稲瀬`, `inase`). Unknown input fails with {@link UnknownDistrict}; there is no default.
 */
export const route = (source: Source, input: string): Effect.Effect<Assignment, UnknownDistrict | NoCentre> => {
  const d = directoryOf(source)
  const district = resolve(d, input)
  return Result.isFailure(district) ? Effect.fail(district.failure) : Effect.fromResult(assign(d, district.success))
}

/** ORG-2: the whole routing table, one row per district in directory order (districts with no centre are left out). */
export const routingTable = (source: Source): ReadonlyArray<Assignment> => {
  const d = directoryOf(source)
  return d.districts.flatMap((district) => {
    const row = assign(d, district)
    return Result.isSuccess(row) ? [row.success] : []
  })
}
