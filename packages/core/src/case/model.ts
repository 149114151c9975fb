/**
 * The case's own vocabulary: its stream, household members and the kinds its commands name
 * (CNS-7, PLN-7, PLN-4; seed §4(5)ア).
 *
 * @module
 */
import { Schema } from "effect"
import * as Id from "../Id.ts"
import * as Personal from "../Personal.ts"
import * as TextLength from "../TextLength.ts"

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


/**
 * MTG-3 (seed §4(5)ア①, §6): where a coordination judgement was made: a support meeting's
 * decision on a tabled item. Without it, the judgement is the operator's own after a referral.
 */
export const JudgementSource = Schema.Struct({ meetingId: Id.MeetingId, itemId: Id.ItemId })
/** The type of {@link JudgementSource}. */
export type JudgementSource = typeof JudgementSource.Type

/**
 * PLN-3 (seed §4(5)ア②): how support under a plan is going, as an agency reported it (支援の実施状況):
 * structured, never free text (AUD-2).
 */
export const MonitoringStatus = Schema.Literals(["as-planned", "partly-delayed", "not-progressing", "situation-changed"])
/** The type of {@link MonitoringStatus}. */
export type MonitoringStatus = typeof MonitoringStatus.Type

/**
 * PLN-3: what the report calls for: nothing, a change of roles or direction (役割分担や支援の方向性の
 * 整理・変更), or a re-plan (再プラン).
 */
export const MonitoringFollowUp = Schema.Literals(["none", "change-roles-or-direction", "replan"])
/** The type of {@link MonitoringFollowUp}. */
export type MonitoringFollowUp = typeof MonitoringFollowUp.Type

/**
 * ORG-5 (seed §6): a department or organisation that runs none of the statutory programs but
 * supports residents' lives (市民のくらしにかかる支援を行う部署や組織) and brought the consultation.
 * It is named by its kind and its public name (e.g. "市民課"); it is not in the program directory
 * and never a support-meeting member.
 */
export const OutsideParty = Schema.Struct({
  kind: Schema.Literals(["city-department", "organisation"]),
  /** The party's public name (a department or organisation, never a person). */
  name: TextLength.upTo(100)
})
/** The type of {@link OutsideParty}. */
export type OutsideParty = typeof OutsideParty.Type

/**
 * PLN-5 (seed §4(2), L72, L208): the need existing programs cannot meet (既存の事業では対応できない
 * 挟間のニーズ) that a participation-support plan answers.
 */
export const UnmetNeed = Schema.Literals(["employment", "residential-support-and-watching", "place-to-belong", "social-connection", "other"])
/** The type of {@link UnmetNeed}. */
export type UnmetNeed = typeof UnmetNeed.Type
