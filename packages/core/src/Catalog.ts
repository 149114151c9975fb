/**
 * A municipality's implementation plan as one versioned record (ORG-4, PRG-3, KPI-0; seed §4, §7).
 *
 * A catalog is one revision of the plan: its municipality and period, the form of its
 * consultation system (PRG-3), its {@link Directory}, the Community Welfare Plan it serves
 * ({@link WelfarePlan}) and its {@link Indicator}s. Every municipality's catalog goes through the
 * same schema; Kitakami's is {@link Kitakami}. Revisions take effect on a date in Japan time, and
 * {@link inForce} picks the revision that governs an instant.
 *
 * @module
 */
import { DateTime, Effect, Schema } from "effect"
import * as Directory from "./Directory.ts"
import * as FiscalYear from "./FiscalYear.ts"
import * as Indicator from "./Indicator.ts"
import * as Program from "./Program.ts"
import * as Report from "./Report.ts"
import * as WelfarePlan from "./WelfarePlan.ts"

/** ORG-4: which revision of the plan this is and from when it applies (00:00 Japan time that day). */
export const Revision = Schema.Struct({
  /** E.g. `2026-04`. */
  id: Schema.NonEmptyString,
  effectiveFrom: Report.LocalDate,
  /** The revision this one replaces, if any. */
  revises: Schema.optionalKey(Schema.Struct({ id: Schema.NonEmptyString, effectiveFrom: Report.LocalDate }))
})
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
export const effectiveInstant = (revision: Revision): Date => new Date(`${revision.effectiveFrom}T00:00:00+09:00`)

/**
 * ORG-4, TIME-1: the revision in force at an instant: the latest one whose effective date (00:00
 * Japan time) is not after it. Revisions must belong to one municipality and take effect on
 * distinct dates; an instant before the first fails with {@link NoRevisionInForce}.
 */
export const inForce = (
  revisions: ReadonlyArray<Catalog>,
  at: FiscalYear.Instant
): Effect.Effect<Catalog, InvalidCatalog | NoRevisionInForce> => {
  const names = new Set(revisions.map((c) => c.municipality.name))
  if (names.size > 1) return Effect.fail(new InvalidCatalog({ message: "ORG-4: revisions of more than one municipality were given" }))
  const dates = new Set(revisions.map((c) => c.revision.effectiveFrom))
  if (dates.size !== revisions.length) {
    return Effect.fail(new InvalidCatalog({ message: "ORG-4: two revisions take effect on the same date" }))
  }
  const t = typeof at === "number" ? at : at instanceof Date ? at.getTime() : DateTime.toEpochMillis(at)
  let best: Catalog | undefined
  for (const c of revisions) {
    if (effectiveInstant(c.revision).getTime() <= t && (best === undefined || c.revision.effectiveFrom > best.revision.effectiveFrom)) {
      best = c
    }
  }
  return best !== undefined ? Effect.succeed(best) : Effect.fail(
    new NoRevisionInForce({
      message: `ORG-4: no revision in force; the earliest given takes effect ${
        [...dates].sort()[0] ?? "(none given)"
      } (00:00 Japan time)`,
      at: Number.isNaN(t) ? "invalid instant" : new Date(t).toISOString()
    })
  )
}
