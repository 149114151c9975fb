/**
 * The case's own vocabulary: its stream, household members and the kinds its commands name
 * (CNS-7, PLN-7, PLN-4; seed §4(5)ア).
 *
 * @module
 */
import { Schema } from "effect"
import * as Id from "../Id.ts"
import * as Personal from "../Personal.ts"

/** The stream of a case. */
export const streamId = (caseId: Id.CaseId): string => `case-${caseId}`

/** CNS-7: 本人 (the person referred) or 世帯員 (a household member). */
export const MemberRole = Schema.Literals(["person", "household-member"])
/** The type of {@link MemberRole}. */
export type MemberRole = typeof MemberRole.Type

/** CNS-7: a household member's relation to the person. */
export const Relation = Schema.Literals(["self", "parent", "child", "spouse", "sibling", "grandparent", "grandchild", "other"])
/** The type of {@link Relation}. */
export type Relation = typeof Relation.Type

/** CNS-7: a member of the household. Name and address are personal data (AUD-2). */
export const Member = Schema.Struct({
  memberId: Id.MemberId,
  role: MemberRole,
  relation: Relation,
  name: Personal.Name,
  address: Schema.optionalKey(Personal.Address)
})
/** The type of {@link Member}. */
export type Member = typeof Member.Type

/** PLN-7: support for supporters: advice to the referring agency, or brokering another agency. */
export const SupporterSupportKind = Schema.Literals(["advice-to-referrer", "brokering"])
/** The type of {@link SupporterSupportKind}. */
export type SupporterSupportKind = typeof SupporterSupportKind.Type

/** Why a case without an active plan was closed. */
export const CloseReason = Schema.Literals(["coordination-not-needed", "handled-by-existing-links", "moved-away", "other"])
/** The type of {@link CloseReason}. */
export type CloseReason = typeof CloseReason.Type

