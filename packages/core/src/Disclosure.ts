/**
 * Who may see what (ACC-1, ACC-2, CNS-3, CNS-4, CNS-5, CNS-6, CNS-7, MTG-2, MTG-4, AUD-2; seed §5ア,
 * §5イ).
 *
 * One function, {@link decide}, answers "may agency X see this information about person P in
 * setting S at time T?" from the setting, the agency's membership of the support meeting, and
 * the person's consent records at T. The default is deny; every answer says why, citing the rule
 * and the consent record or membership period it relied on (CNS-6).
 *
 * - **Support meeting** (支援会議, Art. 106-6): current members at T may share and discuss anything
 *   about the person without consent (CNS-3); anyone else, including a former member, is refused
 *   (MTG-2).
 * - **Individual case meeting** (個別支援会議) and **direct sharing** (referral, a plan shared with
 *   agencies): only with the person's own consent (CNS-7) for `information-sharing`, in force at T
 *   and naming agency X (CNS-4). Withdrawal stops it from its instant on (CNS-5).
 * - **Overall promotion meeting** (全体推進会議): never individual cases (MTG-4).
 * - **Aggregate export**: never personal information (AUD-2).
 *
 * Information carries its legal basis (ACC-2): an item learned only at the support meeting may
 * leave it only under a consent in force at T that covers the receiving agency, exactly like any
 * other item; when it may not, the refusal cites ACC-2.
 *
 * @module
 */
import { Option, Schema } from "effect"
import * as Consent from "./Consent.ts"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import * as MemberRegister from "./register/state.ts"
import type * as Rule from "./Rule.ts"

/** ACC-2 (from CNS-3, seed §5ア): the legal basis on which an item of case information was learned. */
export const Provenance = Schema.Union([
  /** Learned at the support meeting under Art. 106-6 (no consent). */
  Schema.TaggedStruct("SupportMeeting", { meetingId: Id.MeetingId }),
  /** Learned with the person's consent (this record). */
  Schema.TaggedStruct("Consent", { consentId: Id.ConsentId })
])
/** The type of {@link Provenance}. */
export type Provenance = typeof Provenance.Type

/** ACC-2 (from CNS-3, seed §5ア): an item of case information about one person, with its legal basis. The content itself stays in the case. */
export const InfoItem = Schema.Struct({
  itemId: Id.InfoItemId,
  caseId: Id.CaseId,
  /** CNS-7: the household member the item is about. */
  memberId: Id.MemberId,
  provenance: Provenance,
  learnedAt: Instant.Instant,
  learnedBy: Id.AgencyId
})
/** The type of {@link InfoItem}. */
export type InfoItem = typeof InfoItem.Type

/** ACC-1 (from CNS-3, MTG-2, seed §5ア): the settings in which information can flow. */
export const Setting = Schema.Literals([
  "support-meeting",
  "individual-case-meeting",
  "direct-sharing",
  "overall-promotion-meeting",
  "aggregate-export"
])
/** The type of {@link Setting}. */
export type Setting = typeof Setting.Type

/** ACC-1 (from CNS-3, MTG-2, seed §5ア): "may `agency` see information about `memberId` in `setting` at `at`?" */
export interface Question {
  readonly agency: Id.AgencyId
  /** The person (household member) the information is about. */
  readonly memberId: Id.MemberId
  readonly setting: Setting
  readonly at: Instant.Instant
  /** The item asked about; absent means the person's case information in general. */
  readonly item?: InfoItem | undefined
}

/** What the answer depends on: the case's consent records and the support meeting's register. */
export interface Facts {
  readonly consents: ReadonlyArray<Consent.ConsentRecord>
  readonly register: MemberRegister.State
}

/** CNS-6: why an answer was given: the rule, and the consent record or membership it relied on. */
export interface Because {
  readonly rule: Rule.RuleId
  /** Ids and dates only (AUD-2). */
  readonly explanation: string
  readonly consentId?: Id.ConsentId | undefined
  readonly membership?: MemberRegister.Period | undefined
}

/** ACC-1: the answer. */
export type Answer =
  | { readonly allowed: true; readonly because: Because }
  | { readonly allowed: false; readonly because: Because }

const allow = (because: Because): Answer => ({ allowed: true, because })
const deny = (because: Because): Answer => ({ allowed: false, because })

/**
 * ACC-1 (from CNS-3, CNS-4, MTG-2; seed §5ア): answer a disclosure question. Default deny; every
 * answer cites its rule (CNS-6): the support meeting's members share without consent (CNS-3, seed
 * §5ア), the overall promotion meeting never sees cases (MTG-4, seed §5イ).
 */
export const decide = (q: Question, facts: Facts): Answer => {
  if (q.item !== undefined && q.item.memberId !== q.memberId) {
    return deny({ rule: "CNS-7", explanation: `item ${q.item.itemId} is about member ${q.item.memberId}, not ${q.memberId}` })
  }
  switch (q.setting) {
    case "aggregate-export":
      return deny({ rule: "AUD-2", explanation: "personal case information never goes into aggregate exports" })
    case "overall-promotion-meeting":
      return deny({ rule: "MTG-4", explanation: "the overall promotion meeting does not discuss individual cases" })
    case "support-meeting": {
      const membership = MemberRegister.membershipAt(facts.register, q.agency, q.at)
      if (Option.isSome(membership)) {
        return allow({
          rule: "CNS-3",
          explanation: `${q.agency} is a member of the support meeting since ${
            Instant.format(membership.value.from)
          }; members share without consent under a duty of confidentiality (Art. 106-6)`,
          membership: membership.value
        })
      }
      const former = MemberRegister.formerMembersAt(facts.register, q.at).includes(q.agency)
      return deny({
        rule: "MTG-2",
        explanation: former
          ? `${q.agency} is a former member of the support meeting: still bound by confidentiality, but receives no case information`
          : `${q.agency} is not a member of the support meeting at ${Instant.format(q.at)}`
      })
    }
    case "individual-case-meeting":
    case "direct-sharing": {
      const finding = Consent.find(
        facts.consents,
        { memberId: q.memberId, purpose: "information-sharing", agency: q.agency, at: q.at },
        "CNS-4"
      )
      if (finding.covered) {
        return allow({
          rule: "CNS-4",
          explanation: `${finding.explanation}; it covers sharing with ${q.agency} in the ${q.setting} setting`,
          consentId: finding.record.consentId
        })
      }
      const nearest = Option.getOrUndefined(finding.nearest)
      const base = nearest === undefined ? {} : { consentId: nearest.consentId }
      if (q.item?.provenance._tag === "SupportMeeting") {
        return deny({
          ...base,
          rule: "ACC-2",
          explanation: `item ${q.item.itemId} was learned only at support meeting ${q.item.provenance.meetingId}; ${finding.explanation}`
        })
      }
      const otherMember = facts.consents.some((r) =>
        r.memberId !== q.memberId && r.purposes.includes("information-sharing") && r.agencies.includes(q.agency)
        && Consent.isInForce(r, q.at)
      )
      if (otherMember && nearest === undefined) {
        return deny({
          rule: "CNS-7",
          explanation: `consent is per person: another household member's consent does not cover member ${q.memberId}`
        })
      }
      return deny({ ...base, rule: finding.rule, explanation: finding.explanation })
    }
  }
}

/** ACC-2, CNS-4, CNS-7: a sharing of case information: these items and these members' information, with these agencies, in one setting at one instant. */
export interface Sharing {
  readonly agencies: ReadonlyArray<Id.AgencyId>
  readonly members: ReadonlyArray<Id.MemberId>
  readonly items: ReadonlyArray<InfoItem>
  readonly setting: Setting
  readonly at: Instant.Instant
}

/** What a sharing may not hand over: to which agency, about which member (and item), and why (CNS-6). */
export interface Refusal {
  readonly agency: Id.AgencyId
  readonly memberId: Id.MemberId
  readonly item?: InfoItem | undefined
  readonly because: Because
}

/**
 * ACC-2, CNS-4, CNS-7: the one sharing check, used by the case (a plan shared with its role
 * agencies), the meeting (a case tabled with its attendees) and the registers (a value disclosed
 * to a recipient). Every item is checked with every agency first, so an item learned only at the
 * support meeting is refused as such (ACC-2); then each member's information. Returns the first
 * refusal, or `undefined` when everything may be shared.
 */
export const refusalOf = (sharing: Sharing, facts: Facts): Refusal | undefined => {
  const { agencies, at, setting } = sharing
  for (const item of sharing.items) {
    for (const agency of agencies) {
      const answer = decide({ agency, memberId: item.memberId, setting, at, item }, facts)
      if (!answer.allowed) return { agency, memberId: item.memberId, item, because: answer.because }
    }
  }
  for (const memberId of sharing.members) {
    for (const agency of agencies) {
      const answer = decide({ agency, memberId, setting, at }, facts)
      if (!answer.allowed) return { agency, memberId, because: answer.because }
    }
  }
  return undefined
}
