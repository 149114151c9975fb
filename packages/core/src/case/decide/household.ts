/**
 * Referral and household decisions (PLN-1, CNS-7; seed §4(5)ア①).
 *
 * @module
 */
import { Result } from "effect"
import * as Directory from "../../Directory.ts"
import * as Guard from "../../Guard.ts"
import type * as C from "../commands.ts"
import * as E from "../events.ts"
import { type Decide, hasMember, stamp } from "../guards.ts"

/**
 * PLN-1, CNS-7: an agency refers a person and household; exactly one person (本人), related as self.
 * ORG-5 (seed §6): the consultation may come from a department or organisation outside the
 * statutory programs (`from`), recorded by a directory agency (`by`); such a party is never one
 * of the directory's agencies (then it refers as itself).
 */
export const referCase: Decide<C.ReferCase, E.CaseReferred> = (c, state, { catalog }) => {
  const subject = c.caseId
  const persons = c.members.filter((m) => m.role === "person")
  return Result.map(
    Guard.all([
      () => Guard.unless(state.status !== "none", "AUD-1", () => `case ${c.caseId} already exists`, subject),
      () => Guard.requireDistinct(c.members.map((m) => m.memberId), "CNS-7", "a household member id is listed twice", subject),
      () => Guard.unless(persons.length !== 1, "CNS-7", () => "a case has exactly one person (本人); the others are household members", subject),
      () => Guard.unless(persons[0]!.relation !== "self", "CNS-7", () => "the person's relation is self", subject),
      () =>
        Guard.unless(
          c.from !== undefined && Directory.namesAgency(catalog.directory, c.from.name),
          "ORG-5",
          () => "the referring party is in the program directory: it refers as its own agency id (by)",
          subject
        )
    ]),
    () => [E.CaseReferred.make({ ...stamp(c), members: c.members, ...(c.note ? { note: c.note } : {}), ...(c.from !== undefined ? { from: c.from } : {}) })]
  )
}

/** CNS-7: add a household member (never a second person). */
export const addHouseholdMember: Decide<C.AddHouseholdMember, E.HouseholdMemberAdded> = (c, state) =>
  Result.map(
    Guard.all([
      () => Guard.unless(hasMember(state, c.member.memberId), "AUD-1", () => `member ${c.member.memberId} already exists`, c.caseId),
      () =>
        Guard.unless(
          c.member.role !== "household-member" || c.member.relation === "self",
          "CNS-7",
          () => "a case has exactly one person (本人); add others as household members",
          c.caseId
        )
    ]),
    () => [E.HouseholdMemberAdded.make({ ...stamp(c), member: c.member })]
  )
