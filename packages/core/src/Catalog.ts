/**
 * A municipality's implementation plan as one versioned record (ORG-4, PRG-3, KPI-0; seed §4, §7).
 *
 * A catalog is one revision of the plan: its municipality and period, the form of its
 * consultation system (PRG-3), its {@link Directory}, the Community Welfare Plan it serves
 * ({@link WelfarePlan}) and its {@link Indicator}s. Every municipality's catalog goes through the
 * same schema; Kitakami's is {@link kitakami} (every revision: {@link kitakamiRevisions}). Revisions
 * take effect on a date in Japan time; {@link inForce} picks the revision that governs an instant
 * and {@link revision} finds one by id (ORG-4, AUD-3).
 *
 * The lookups the deciders use — {@link findAgency}, {@link isCityAgency}, {@link kindOf},
 * {@link multiAgencyOperator}, {@link coreMembers} — take a whole catalog and answer in
 * {@link AgencyId}s, whatever the directory's inner shape.
 *
 * @module
 */
import { DateTime, Effect, Option, Result, Schema } from "effect"
import * as Directory from "./Directory.ts"
import * as FiscalYear from "./FiscalYear.ts"
import * as Id from "./Id.ts"
import * as Indicator from "./Indicator.ts"
import * as JapanTime from "./JapanTime.ts"
import * as KitakamiData from "./KitakamiData.ts"
import * as Program from "./Program.ts"
import * as Report from "./Report.ts"
import * as WelfarePlan from "./WelfarePlan.ts"

/** ORG-4: which revision of the plan this is and from when it applies (00:00 Japan time that day). */
export const Revision = Schema.Struct({
  /** E.g. `2026-04`. */
  id: Schema.NonEmptyString,
  effectiveFrom: Report.LocalDate,
  /** The revision this one replaces, if any. */
  revises: Schema.optionalKey(Schema.Struct({ id: Schema.NonEmptyString, effectiveFrom: Report.LocalDate })),
  /** Where the revision's content comes from, when that needs saying. */
  note: Schema.optionalKey(Schema.String)
})
/** The type of {@link Revision}. */
export type Revision = typeof Revision.Type

/** ORG-4: one revision of a municipality's plan. Decoding checks every rule of its parts too. */
export const Catalog = Schema.Struct({
  municipality: Schema.Struct({ name: Schema.NonEmptyString, nameEn: Schema.optionalKey(Schema.NonEmptyString) }),
  plan: Schema.Struct({
    name: Schema.NonEmptyString,
    /** First and last fiscal year of the plan period (FY2025–FY2028). */
    from: FiscalYear.FiscalYear,
    to: FiscalYear.FiscalYear
  }),
  revision: Revision,
  /** PRG-3: the form of the consultation system (Kitakami: `basic`, 基本型). */
  form: Program.SupportForm,
  directory: Directory.Directory,
  welfarePlan: WelfarePlan.WelfarePlan,
  indicators: Indicator.Indicators
}).check(Schema.makeFilter((c) => {
  const issues: Array<Schema.FilterIssue> = []
  if (c.plan.to < c.plan.from) issues.push({ path: ["plan", "to"], issue: "ORG-4: the plan period ends before it starts" })
  const effective = FiscalYear.ofInstant(effectiveInstant(c.revision))
  if (effective < c.plan.from || effective > c.plan.to) {
    issues.push({ path: ["revision", "effectiveFrom"], issue: "ORG-4: a revision takes effect within the plan period" })
  }
  if (c.revision.revises !== undefined && c.revision.revises.effectiveFrom >= c.revision.effectiveFrom) {
    issues.push({ path: ["revision", "revises"], issue: "ORG-4: a revision takes effect after the one it revises" })
  }
  c.indicators.forEach((i, n) => {
    if (i.target.fiscalYear < c.plan.from || i.target.fiscalYear > c.plan.to) {
      issues.push({ path: ["indicators", n, "target", "fiscalYear"], issue: `KPI-0: ${i.id}: the target year falls within the plan period` })
    }
  })
  return issues
}))
/** The type of {@link Catalog}. */
export type Catalog = typeof Catalog.Type

/** A catalog (or a set of revisions) was refused. The message names each broken rule and where. */
export class InvalidCatalog extends Schema.TaggedError<InvalidCatalog>("@kitakami-juso/core/Catalog/InvalidCatalog")(
  "InvalidCatalog",
  { message: Schema.String }
) {}

/** No revision of the plan was in force at the instant asked about. */
export class NoRevisionInForce extends Schema.TaggedError<NoRevisionInForce>("@kitakami-juso/core/Catalog/NoRevisionInForce")(
  "NoRevisionInForce",
  { message: Schema.String, at: Schema.String }
) {}

const decodeCatalog = Schema.decodeUnknownEffect(Catalog, { errors: "all" })

/** ORG-4: decode a catalog from JSON-shaped data; every problem is reported, nothing is defaulted. */
export const decode = (input: unknown): Effect.Effect<Catalog, InvalidCatalog> =>
  decodeCatalog(input).pipe(Effect.mapError((e) => new InvalidCatalog({ message: e.message })))

/** ORG-4: like {@link decode}, for data shipped with code; throws when the data breaks a rule. */
export const decodeSync: (input: unknown) => Catalog = Schema.decodeUnknownSync(Catalog, { errors: "all" })

/** The catalog as JSON-shaped data (the inverse of {@link decode}). */
export const encode: (catalog: Catalog) => typeof Catalog.Encoded = Schema.encodeSync(Catalog)

/** ORG-4, TIME-1: the first instant a revision governs: 00:00 Japan time on its effective date. */
export const effectiveInstant = (revision: Revision): DateTime.Utc => JapanTime.startOfDate(revision.effectiveFrom)

/**
 * ORG-4, TIME-1: the revision in force at an instant: the latest one whose effective date (00:00
 * Japan time) is not after it. Revisions must belong to one municipality and take effect on
 * distinct dates; an instant before the first fails with {@link NoRevisionInForce}. A pure lookup:
 * it returns a `Result`.
 */
export const inForce = (
  revisions: ReadonlyArray<Catalog>,
  at: DateTime.Utc
): Result.Result<Catalog, InvalidCatalog | NoRevisionInForce> => {
  const names = new Set(revisions.map((c) => c.municipality.name))
  if (names.size > 1) return Result.fail(new InvalidCatalog({ message: "ORG-4: revisions of more than one municipality were given" }))
  const dates = new Set(revisions.map((c) => c.revision.effectiveFrom))
  if (dates.size !== revisions.length) {
    return Result.fail(new InvalidCatalog({ message: "ORG-4: two revisions take effect on the same date" }))
  }
  const t = DateTime.toEpochMillis(at)
  let best: Catalog | undefined
  for (const c of revisions) {
    if (DateTime.toEpochMillis(effectiveInstant(c.revision)) <= t && (best === undefined || c.revision.effectiveFrom > best.revision.effectiveFrom)) {
      best = c
    }
  }
  return best !== undefined ? Result.succeed(best) : Result.fail(
    new NoRevisionInForce({
      message: `ORG-4: no revision in force; the earliest given takes effect ${
        [...dates].sort()[0] ?? "(none given)"
      } (00:00 Japan time)`,
      at: DateTime.formatIso(at)
    })
  )
}

/** ORG-4, AUD-3: no revision with the id asked for; `known` lists the ids there are. */
export class UnknownRevision extends Schema.TaggedError<UnknownRevision>("@kitakami-juso/core/Catalog/UnknownRevision")(
  "UnknownRevision",
  { message: Schema.String, revision: Schema.String, known: Schema.Array(Schema.String) }
) {}

/** ORG-4, AUD-3: the revision with this id (`2025-04`, `2026-04`) among `revisions` (a pure lookup: a `Result`). */
export const revision = (
  revisions: ReadonlyArray<Catalog>,
  id: string
): Result.Result<Catalog, UnknownRevision> => {
  const found = revisions.find((c) => c.revision.id === id)
  if (found !== undefined) return Result.succeed(found)
  const known = revisions.map((c) => c.revision.id)
  return Result.fail(
    new UnknownRevision({
      message: `ORG-4: no plan revision "${id}"; known: ${known.length === 0 ? "(none)" : known.join(", ")}`,
      revision: id,
      known
    })
  )
}

// ---------------------------------------------------------------------------------------------
// Lookups by agency id (ORG-1, ORG-3, PRG-4)
// ---------------------------------------------------------------------------------------------

/** ORG-1: a well-formed directory id (the same schema as `Id.AgencyId`). */
export const AgencyId = Id.AgencyId
/** ORG-1: a well-formed directory id. */
export type AgencyId = typeof AgencyId.Type

/** ORG-1: an implementing agency (機関: one site or office running one program; seed §4). */
export const Agency = Directory.Agency
/** ORG-1: an implementing agency. */
export type Agency = Directory.Agency

/**
 * ORG-1: what an id names in a catalog: `city` (a city section, 担当課 — the `city-…` ids),
 * `organisation` (a legal entity, 法人, `hojin-…`) or `agency` (a site or office running a
 * program, e.g. `shakyo`, `hokatsu-hondori`).
 */
export type AgencyKind = "city" | "organisation" | "agency"

/** ORG-1: the agency with this id (agencies only; see {@link kindOf} for sections and organisations). */
export const findAgency = (catalog: Catalog, id: string): Option.Option<Agency> => Directory.findAgency(catalog.directory, id)

// What each id of a directory names, built once per directory (a decision asks for several ids,
// each command; the directory of a decoded catalog does not change).
const kinds = new WeakMap<Catalog["directory"], ReadonlyMap<string, Option.Option<AgencyKind>>>()
const kindsOf = (d: Catalog["directory"]): ReadonlyMap<string, Option.Option<AgencyKind>> => {
  let index = kinds.get(d)
  if (index === undefined) {
    const m = new Map<string, Option.Option<AgencyKind>>()
    // Sections, then organisations, then agencies: the first list naming an id decides its kind.
    for (const a of d.agencies) m.set(a.id, Option.some("agency"))
    for (const o of d.organisations) m.set(o.id, Option.some("organisation"))
    for (const s of d.sections) m.set(s.id, Option.some("city"))
    index = m
    kinds.set(d, index)
  }
  return index
}

/** ORG-1: what the id names in this catalog, or none when it names nothing. */
export const kindOf = (catalog: Catalog, id: string): Option.Option<AgencyKind> => kindsOf(catalog.directory).get(id) ?? Option.none()

/**
 * ORG-1, ORG-3, MTG-1: true when the id is a city section (担当課, kind `city`). A site the city runs
 * directly (直営, e.g. `shogai-kikan-sodan`) is an agency, not a section, so this is false for it.
 */
export const isCityAgency = (catalog: Catalog, id: string): boolean =>
  Option.getOrElse(Option.map(kindOf(catalog, id), (k) => k === "city"), () => false)

/**
 * PRG-4: the multi-agency collaboration operator's agency id (多機関協働事業者; Kitakami: `shakyo`,
 * run by (福)北上市社会福祉協議会). A decoded catalog has exactly one.
 */
export const multiAgencyOperator = (catalog: Catalog): AgencyId =>
  Directory.multiAgencyOperator(catalog.directory).id as AgencyId

/**
 * ORG-3: the core members (重層事業コアメンバー; seed §5ア, §6) as ids: the elderly, disability,
 * child-rearing, livelihood-hardship and health sections, then the multi-agency operator.
 */
export const coreMembers = (catalog: Catalog): ReadonlyArray<AgencyId> =>
  Directory.coreMembers(catalog.directory).map((m) => m.id as AgencyId)

/** ORG-3: true when the id is one of the core members. */
export const isCoreMember = (catalog: Catalog, id: string): boolean => coreMembers(catalog).some((m) => m === id)

// ---------------------------------------------------------------------------------------------
// Kitakami (seed: 北上市重層的支援体制整備事業実施計画, 2025年4月, 2026年4月改訂)
// ---------------------------------------------------------------------------------------------

/**
 * ORG-4, AUD-3: every revision of Kitakami's plan, oldest first: `2025-04` (in force from
 * 2025-04-01) and `2026-04` (from 2026-04-01, Japan time). The seed is the 2026-04 text; the
 * original is not in the repository, so the 2025-04 revision repeats the same content and says so
 * in `revision.note`. Decoded at load: a rule broken by this data fails the import.
 */
export const kitakamiRevisions: ReadonlyArray<Catalog> = [
  decodeSync(KitakamiData.revision202504),
  decodeSync(KitakamiData.revision202604)
]

/** PRG-1…5, ORG-1…4, KPI-0, KPI-10: Kitakami's catalog at the current revision (2026-04). */
export const kitakami: Catalog = kitakamiRevisions[kitakamiRevisions.length - 1]!
