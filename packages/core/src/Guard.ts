/**
 * Named guards the deciders share (PLN-9): each is a check that passes or returns the
 * {@link Rule.RuleViolation} naming the rule it protects. Deciders compose them with {@link all}
 * and turn a passed check into events with `Result.map`, so a refusal never carries a part of
 * the events.
 *
 * @module
 */
import { Result } from "effect"
import type * as Catalog from "./Catalog.ts"
import * as Edition from "./Edition.ts"
import * as Rule from "./Rule.ts"

/** A passed check, or the rule it would break. */
export type Check = Result.Result<void, Rule.RuleViolation>

/** The passed check. */
export const ok: Check = Result.succeed(undefined)

/** A refused check (or any refused result) as a refused decision of another type. */
export const refusal = <A>(r: Result.Failure<unknown, Rule.RuleViolation>): Result.Result<A, Rule.RuleViolation> => Result.fail(r.failure)

/** Refuse when `refused` holds. */
export const unless = (refused: boolean, rule: Rule.RuleId, message: () => string, subject: string): Check =>
  refused ? Rule.refuse(rule, message(), subject) : ok

/** Run checks in order; the first refusal wins (later checks are not run). */
export const all = (checks: ReadonlyArray<() => Check>): Check => {
  for (const check of checks) {
    const r = check()
    if (Result.isFailure(r)) return r
  }
  return ok
}

/** ORG-1 (seed §4): `id` names an agency or city section of the directory in force. */
export const requireInDirectory = (
  catalog: Catalog.Catalog,
  id: string,
  subject: string,
  message: (id: string) => string = (id) => `${id} is not in the directory`
): Check => unless(!Edition.isKnownParty(catalog, id), "ORG-1", () => message(id), subject)

/** ORG-1: every id of the list is in the directory; the first that is not is named. */
export const requireAllInDirectory = (
  catalog: Catalog.Catalog,
  ids: ReadonlyArray<string>,
  subject: string,
  message: (id: string) => string = (id) => `${id} is not in the directory`
): Check => {
  const unknown = ids.find((id) => !Edition.isKnownParty(catalog, id))
  return unknown === undefined ? ok : Rule.refuse("ORG-1", message(unknown), subject)
}

/** MTG-2, KPI-9 (seed §5ア, §7(3)): `id` is a city section (the register and survey results are the city's). */
export const requireCity = (catalog: Catalog.Catalog, id: string, rule: Rule.RuleId, message: string, subject: string): Check =>
  unless(!Edition.isCity(catalog, id), rule, () => message, subject)

/** Refuse a list that names an element twice. */
export const requireDistinct = (list: ReadonlyArray<unknown>, rule: Rule.RuleId, message: string, subject: string): Check =>
  unless(new Set(list).size !== list.length, rule, () => message, subject)
