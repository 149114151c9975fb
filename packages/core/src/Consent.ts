/**
 * Consent (本人同意) as a record, not a flag (CNS-1…CNS-8; seed §4(5)ア①, §5ア).
 *
 * A record says who gave it (the person, or a legal proxy: guardian, parent — named, in which
 * capacity), what it covers (purposes, and which agencies), how (written or oral, recorded by which
 * agency), from when and until when, and its withdrawal. Consent is per person (CNS-7): in an
 * "8050" household the son may consent while his mother does not, and only the son's records
 * govern the son's information.
 *
 * Withdrawal stops the record from its instant on and never erases it (CNS-5): the record stays
 * in the case history with its `withdrawnAt`. Every lookup explains itself (CNS-6): which record it
 * relied on, or why none applied, with the rule.
 *
 * The application for use (利用申込み) is a record with purpose `multi-agency-collaboration`: the
 * consent that lets multi-agency collaboration start (CNS-2).
 *
 * @module
 */
import { Option, Schema } from "effect"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import * as Personal from "./Personal.ts"
import type * as Rule from "./Rule.ts"

/**
 * What a consent covers (CNS-1, CNS-2, CNS-4):
 * - `multi-agency-collaboration`: the application for use (利用申込み) of multi-agency collaboration
 *   and plan creation (CNS-2);
 * - `participation-support`: the application for participation support (参加支援, PLN-5);
 * - `outreach-support`: support and a plan under continuous support through outreach;
 * - `information-sharing`: sharing the person's information with the listed agencies outside the
 *   support meeting, including the multi-layered support meeting (CNS-4).
 */
export const Purpose = Schema.Literals([
  "multi-agency-collaboration",
  "participation-support",
  "outreach-support",
  "information-sharing"
])
/** The type of {@link Purpose}. */
export type Purpose = typeof Purpose.Type

/** CNS-5: a legal proxy's capacity: 成年後見人 (legal guardian), 親権者 (parent), other legal representative. */
export const ProxyCapacity = Schema.Literals(["legal-guardian", "parent", "other-legal-representative"])
/** The type of {@link ProxyCapacity}. */
export type ProxyCapacity = typeof ProxyCapacity.Type

/** CNS-5: who gave the consent: the person themself, or a named legal proxy in a stated capacity. */
export const Grantor = Schema.Union([
  Schema.TaggedStruct("Self", {}),
  Schema.TaggedStruct("Proxy", { capacity: ProxyCapacity, name: Personal.Name })
])
/** The type of {@link Grantor}. */
export type Grantor = typeof Grantor.Type

/** CNS-5: how consent was given: 書面 (written) or 口頭 (oral). */
export const Method = Schema.Literals(["written", "oral"])
/** The type of {@link Method}. */
export type Method = typeof Method.Type

/** CNS-5: a consent record as held in a case. */
export const ConsentRecord = Schema.Struct({
  consentId: Id.ConsentId,
  caseId: Id.CaseId,
  /** CNS-7: the household member whose consent this is. */
  memberId: Id.MemberId,
  grantor: Grantor,
  purposes: Schema.NonEmptyArray(Purpose),
  /** The agencies (or city sections) the consent covers. */
  agencies: Schema.NonEmptyArray(Id.AgencyId),
  method: Method,
  /** The agency that took and recorded the consent. */
  recordedBy: Id.AgencyId,
  recordedAt: Instant.Instant,
  validFrom: Instant.Instant,
  /** Absent: valid until withdrawn. */
  validUntil: Schema.optionalKey(Instant.Instant),
  /** CNS-5: the instant of withdrawal; from then on the record no longer covers anything. */
  withdrawnAt: Schema.optionalKey(Instant.Instant)
})
/** The type of {@link ConsentRecord}. */
export type ConsentRecord = typeof ConsentRecord.Type

/** CNS-5: the state of a record at an instant. */
export type Status = "not-yet-valid" | "in-force" | "expired" | "withdrawn"

/** CNS-5: the state of a record at `at`. Withdrawal takes effect at its instant (inclusive). */
export const statusAt = (record: ConsentRecord, at: Instant.Instant): Status => {
  const t = Instant.millis(at)
  if (record.withdrawnAt !== undefined && Instant.millis(record.withdrawnAt) <= t) return "withdrawn"
  if (t < Instant.millis(record.validFrom)) return "not-yet-valid"
  if (record.validUntil !== undefined && Instant.millis(record.validUntil) <= t) return "expired"
  return "in-force"
}

/** CNS-5: true when the record is in force at `at`. */
export const isInForce = (record: ConsentRecord, at: Instant.Instant): boolean => statusAt(record, at) === "in-force"

/** What a consent lookup asks: does `memberId` consent to `purpose` (for `agency`) at `at`? */
export interface Query {
  readonly memberId: Id.MemberId
  readonly purpose: Purpose
  /** When given, the record must name this agency. */
  readonly agency?: Id.AgencyId | undefined
  readonly at: Instant.Instant
}

/** CNS-6: a lookup's answer, with the record it relied on or why none applied. */
export type Finding =
  | { readonly covered: true; readonly record: ConsentRecord; readonly rule: Rule.RuleId; readonly explanation: string }
  | {
    readonly covered: false
    readonly rule: Rule.RuleId
    readonly explanation: string
    /** The closest record that did not apply (withdrawn, expired, other agencies), if any. */
    readonly nearest: Option.Option<{ readonly consentId: Id.ConsentId; readonly status: Status }>
  }

const describe = (q: Query): string =>
  `member ${q.memberId}, purpose ${q.purpose}${q.agency === undefined ? "" : `, agency ${q.agency}`}`

/**
 * CNS-5, CNS-6, CNS-7: the record of this member that covers the query, or why none does.
 * Only the member's own records count (CNS-7). `rule` is cited when no record of the member
 * mentions the purpose at all (e.g. `CNS-2` for drafting, `CNS-4` for sharing).
 */
export const find = (records: ReadonlyArray<ConsentRecord>, q: Query, rule: Rule.RuleId): Finding => {
  const own = records.filter((r) => r.memberId === q.memberId && r.purposes.includes(q.purpose))
  const fits = own.filter((r) => q.agency === undefined || r.agencies.includes(q.agency))
  const inForce = fits.find((r) => isInForce(r, q.at))
  if (inForce !== undefined) {
    return {
      covered: true,
      record: inForce,
      rule,
      explanation: `consent ${inForce.consentId} (${describe(q)}) is in force`
    }
  }
  const latest = [...fits].sort((a, b) => Instant.millis(b.recordedAt) - Instant.millis(a.recordedAt))[0]
  if (latest !== undefined) {
    const status = statusAt(latest, q.at)
    return {
      covered: false,
      rule: "CNS-5",
      explanation: `consent ${latest.consentId} (${describe(q)}) is ${status} at ${Instant.format(q.at)}`,
      nearest: Option.some({ consentId: latest.consentId, status })
    }
  }
  const other = own[0]
  if (other !== undefined) {
    return {
      covered: false,
      rule: "CNS-4",
      explanation: `no consent of ${describe(q)}; consent ${other.consentId} does not cover that agency`,
      nearest: Option.some({ consentId: other.consentId, status: statusAt(other, q.at) })
    }
  }
  return { covered: false, rule, explanation: `no consent of ${describe(q)}`, nearest: Option.none() }
}

/** CNS-2, CNS-1: the consent purpose a plan kind or program needs before assessment and drafting. */
export const applicationFor = (program: "multi-agency" | "participation-support" | "outreach"): Purpose =>
  program === "multi-agency"
    ? "multi-agency-collaboration"
    : program === "participation-support"
    ? "participation-support"
    : "outreach-support"
