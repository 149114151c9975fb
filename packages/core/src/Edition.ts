/**
 * The rules in force at an instant (AUD-3, ORG-4; seed title page: 2025年4月, 2026年4月改訂).
 *
 * The plan is revised (the current text is the 2026-04 revision), so every decision is taken
 * under the catalog revision in force at the command's own instant, not at the time it is
 * processed or replayed: a command dated 2025-05 is judged by the revision effective then. The
 * revision's id is written into each stored event's metadata, so a past decision can be explained
 * under the rules that decided it. An instant before the earliest revision given is refused.
 *
 * This module is also the one place where the deciders read the directory: who is the city, who
 * is the multi-agency collaboration operator, who are the core members.
 *
 * @module
 */
import { Option, Result } from "effect"
import * as Catalog from "./Catalog.ts"
import * as Directory from "./Directory.ts"
import type * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import type * as Program from "./Program.ts"
import * as Rule from "./Rule.ts"

/**
 * AUD-3: the catalog revision in force at `at` (seed title page: 2025年4月, 2026年4月改訂): the
 * latest whose effective date (00:00 Japan time) is not after it. No revision in force (or an
 * inconsistent set) is refused under AUD-3.
 */
export const inForceAt = (
  revisions: ReadonlyArray<Catalog.Catalog>,
  at: Instant.Instant
): Result.Result<Catalog.Catalog, Rule.RuleViolation> =>
  Result.mapError(Catalog.inForce(revisions, at), () => {
    const first = [...revisions].sort((a, b) => (a.revision.effectiveFrom < b.revision.effectiveFrom ? -1 : 1))[0]
    return Rule.violation(
      "AUD-3",
      first === undefined
        ? `no plan revision in force at ${Instant.format(at)}: no revisions were given`
        : `no plan revision in force at ${Instant.format(at)}: the plan's rules apply from ${first.revision.effectiveFrom} (revision ${first.revision.id}, the start of the plan period); the rules in force do not cover an earlier command`
    )
  })

/** The revision id (`2026-04`) of a catalog: what stored events cite as the rules that decided them. */
export const revisionId = (catalog: Catalog.Catalog): string => catalog.revision.id

/** ORG-1 (seed §4): the id names an agency or a city section of the directory (not an organisation). */
export const isKnownParty = (catalog: Catalog.Catalog, id: string): boolean =>
  Option.match(Catalog.kindOf(catalog, id), { onNone: () => false, onSome: (k) => k !== "organisation" })

/** MTG-1, MTG-2 (seed §5, §5ア): the id names the city: a city section (担当課). */
export const isCity = (catalog: Catalog.Catalog, id: string): boolean => Catalog.isCityAgency(catalog, id)

/** PRG-4, MTG-1, MTG-4 (seed §6, §5, §5イ): the multi-agency collaboration operator (多機関協働事業者). */
export const operator = (catalog: Catalog.Catalog): Id.AgencyId => Catalog.multiAgencyOperator(catalog)

/** PRG-1, PRG-4 (seed §1(2), §6): the agencies running a component (e.g. `participation-support`, `outreach`). */
export const operatorsOf = (catalog: Catalog.Catalog, program: Program.ProgramId): ReadonlyArray<Id.AgencyId> =>
  Directory.agenciesOf(catalog.directory, program).map((a) => a.id as Id.AgencyId)

/** ORG-3 (seed §5ア, §6): the core members (重層事業コアメンバー): the field sections and the multi-agency operator. */
export const coreMembers = (catalog: Catalog.Catalog): ReadonlyArray<Id.AgencyId> => Catalog.coreMembers(catalog)

/** AUD-3: a refusal names the revision whose rules refused it. */
export const withRevision = <A>(catalog: Catalog.Catalog, decision: Result.Result<A, Rule.RuleViolation>): Result.Result<A, Rule.RuleViolation> =>
  Result.mapError(decision, (e) =>
    e.revision !== undefined
      ? e
      : new Rule.RuleViolation({
        ...(e.subject === undefined ? { rule: e.rule, message: e.message } : { rule: e.rule, message: e.message, subject: e.subject }),
        revision: revisionId(catalog)
      }))

/**
 * AUD-3: decide under the revision in force at `at` (seed title page: the plan of 2025-04, revised
 * 2026-04). A refusal carries the revision's id, so it can be explained under the rules that
 * refused it.
 */
export const decideUnder = <A>(
  revisions: ReadonlyArray<Catalog.Catalog>,
  at: Instant.Instant,
  decide: (catalog: Catalog.Catalog) => Result.Result<A, Rule.RuleViolation>
): Result.Result<A, Rule.RuleViolation> => Result.flatMap(inForceAt(revisions, at), (catalog) => withRevision(catalog, decide(catalog)))
