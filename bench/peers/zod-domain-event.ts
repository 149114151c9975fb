/**
 * The peer of `DomainEvent` for the decode benchmark: the same 28 events written in Zod 4 as a
 * Zod user would write them (one `discriminatedUnion` on `_tag`), doing the same work on decode:
 * every pattern, length, range and literal check; instants parsed to a date (the Effect schema
 * makes a `DateTime.Utc`, this a `Date`); personal fields wrapped in `Redacted` (AUD-2); unknown
 * keys dropped. Optional keys are `exactOptional` (absent, never `undefined`), as `optionalKey`.
 *
 * `bench/decode.bench.ts` checks, before timing, that this schema and `DomainEvent` accept and
 * refuse the same inputs: the real events and several mutations of each. When the domain changes
 * and this file does not follow, the benchmark stops with the event that differs.
 */
import { Redacted } from "effect"
import { z } from "zod"

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const id = z.string().regex(ID)
const agencyId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
const eventId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}\/\d{1,4}$/)
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/
const instant = z.string().regex(ISO_WITH_OFFSET).transform((s, ctx) => {
  const d = new Date(s)
  // The calendar day must exist (Date rolls 2025-02-30 over to March; the Effect schema refuses it).
  const [y, m, day] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))]
  if (Number.isNaN(d.getTime()) || m < 1 || m > 12 || day < 1 || day > new Date(Date.UTC(y, m, 0)).getUTCDate()) {
    ctx.addIssue({ code: "custom", message: "not a valid instant" })
    return z.NEVER
  }
  return d
})
/** Code points up to `limit` (the count stops there), as Effect's `isMaxCodePoints` counts. */
const codePointsUpTo = (s: string, limit: number): number => {
  let n = 0
  for (let i = 0; i < s.length && n < limit; i++, n++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
  }
  return n
}
/** Non-empty text of at most `max` characters counted in code points, as `TextLength.upTo`. */
const text = (max: number) => z.string().min(1).refine((s) => codePointsUpTo(s, max + 1) <= max, `at most ${max} characters`)
const personal = (max: number) => text(max).transform((s) => Redacted.make(s))
const name = personal(200)
const address = personal(500)
const note = personal(20_000)
const nonEmpty = <T extends z.ZodType>(t: T) => z.array(t).min(1)

const memberRole = z.enum(["person", "household-member"])
const relation = z.enum(["self", "parent", "child", "spouse", "sibling", "grandparent", "grandchild", "other"])
const member = z.strictObject({ memberId: id, role: memberRole, relation, name, address: address.exactOptional() })
const purpose = z.enum(["multi-agency-collaboration", "participation-support", "outreach-support", "information-sharing"])
const grantor = z.discriminatedUnion("_tag", [
  z.strictObject({ _tag: z.literal("Self") }),
  z.strictObject({ _tag: z.literal("Proxy"), capacity: z.enum(["legal-guardian", "parent", "other-legal-representative"]), name })
])
const provenance = z.discriminatedUnion("_tag", [
  z.strictObject({ _tag: z.literal("SupportMeeting"), meetingId: id }),
  z.strictObject({ _tag: z.literal("Consent"), consentId: id })
])
const planKind = z.enum(["multi-agency", "participation-support", "outreach"])
const role = z.strictObject({ agencyId, role: note })
const reviewOutcome = z.enum(["approved", "sent-back"])
const endOutcome = ["ended", "suspended"] as const
const suspensionReason = z.enum(["contact-lost", "consent-withdrawn", "declined-support", "moved-away", "other"])
const followUpKind = z.enum(["settling-in", "receiving-place", "follow-up-visit"])
const closeReason = ["coordination-not-needed", "handled-by-existing-links", "moved-away", "other"] as const
const meetingType = ["support-meeting", "multi-layered-support-meeting"] as const
const existingMeeting = ["konkyu-shien-kaigi", "shien-chosei-kaigi", "chiiki-care-kaigi", "jiritsu-shien-kyogikai", "chiiki-fukushi-keikaku-iinkai"] as const
const decision = z.enum(["refer-to-multi-agency-collaboration", "handled-by-existing-links", "watch", "urgent-response", "shared-only"])
const topic = z.enum(["resource-gap", "shared-understanding", "system-evaluation", "feedback-to-agencies"])
const outsideParty = z.strictObject({ kind: z.enum(["city-department", "organisation"]), name: text(100) })
const judgementSource = z.strictObject({ meetingId: id, itemId: id })
const monitoringStatus = z.enum(["as-planned", "partly-delayed", "not-progressing", "situation-changed"])
const monitoringFollowUp = z.enum(["none", "change-roles-or-direction", "replan"])
const unmetNeed = z.enum(["employment", "residential-support-and-watching", "place-to-belong", "social-connection", "other"])
const otherMeeting = z.templateLiteral(["other:", z.string()]).check(z.minLength(7), z.maxLength(106))
const jointConditions = z.strictObject({
  attendeesLargelySame: z.literal(true),
  contentAndRolesKeptApart: z.literal(true),
  timeKeptApart: z.literal(true)
})
const activity = z.discriminatedUnion("_tag", [
  z.strictObject({ _tag: z.literal("AgencyVisit"), agencyId }),
  z.strictObject({ _tag: z.literal("OrganisationVisit"), organisation: text(200) }),
  z.strictObject({ _tag: z.literal("ResidentVisit") }),
  z.strictObject({ _tag: z.literal("IndividualSupport"), caseId: id, memberId: id, mode: z.enum(["home-visit", "accompaniment", "phone", "letter", "online", "other"]) })
])

const event = <T extends string, S extends z.ZodRawShape>(tag: T, shape: S) =>
  z.strictObject({ _tag: z.literal(tag), eventId, at: instant, by: agencyId, ...shape })
const onCase = <T extends string, S extends z.ZodRawShape>(tag: T, shape: S) => event(tag, { caseId: id, ...shape })

const followUp = { planId: id, recordId: id, kind: followUpKind, note: note.exactOptional() }
const endEvaluation = { meetingId: id, outcome: z.enum(endOutcome), suspensionReason: suspensionReason.exactOptional(), evaluation: note }
const item = { meetingId: id, itemId: id }

/** Every domain event, in Zod 4. */
export const DomainEvent = z.discriminatedUnion("_tag", [
  onCase("CaseReferred", { members: nonEmpty(member), note: note.exactOptional(), from: outsideParty.exactOptional() }),
  onCase("CoordinationJudged", { needed: z.boolean(), decision: judgementSource.exactOptional() }),
  onCase("HouseholdMemberAdded", { member }),
  onCase("ConsentRecorded", {
    consentId: id,
    memberId: id,
    grantor,
    purposes: nonEmpty(purpose),
    agencies: nonEmpty(agencyId),
    method: z.enum(["written", "oral"]),
    validFrom: instant,
    validUntil: instant.exactOptional()
  }),
  onCase("ConsentDeclined", { memberId: id, purposes: nonEmpty(purpose) }),
  onCase("ConsentWithdrawn", { consentId: id, memberId: id }),
  onCase("InformationRecorded", { itemId: id, memberId: id, provenance, note }),
  onCase("AssessmentRecorded", { assessmentId: id, kind: planKind, subjects: nonEmpty(id), assessors: nonEmpty(agencyId), summary: note }),
  onCase("PlanDrafted", { planId: id, kind: planKind, subjects: nonEmpty(id), roles: nonEmpty(role), goals: note, basis: z.array(id), consents: z.array(id), unmetNeed: unmetNeed.exactOptional() }),
  onCase("PlanRevised", {
    planId: id, kind: planKind, revision: z.int(), roles: nonEmpty(role), goals: note, basis: z.array(id), consents: z.array(id),
    monitoring: z.array(id).exactOptional()
  }),
  onCase("PlanReviewed", { planId: id, kind: planKind, revision: z.int(), meetingId: id, outcome: reviewOutcome, note: note.exactOptional() }),
  onCase("PlanDecided", { planId: id, kind: planKind, revision: z.int(), meetingId: id }),
  onCase("SupportStarted", { planId: id, early: z.boolean(), earlyStartReason: note.exactOptional() }),
  onCase("FollowUpRecorded", followUp),
  onCase("MonitoringRecorded", {
    recordId: id, planId: id, reportedBy: agencyId, meetingId: id.exactOptional(), status: monitoringStatus, followUp: monitoringFollowUp
  }),
  onCase("SupporterSupportRecorded", { recordId: id, kind: z.enum(["advice-to-referrer", "brokering"]), to: agencyId, note: note.exactOptional() }),
  onCase("PlanEndEvaluated", { planId: id, kind: planKind, ...endEvaluation }),
  onCase("CaseClosed", { outcome: z.enum([...endOutcome, ...closeReason]) }),
  onCase("CaseReopened", { reason: note.exactOptional() }),
  event("MeetingHeld", {
    meetingId: id,
    meetingType: z.enum(meetingType),
    kind: z.enum(["regular", "ad-hoc", "individual-case", "overall-promotion"]),
    adHocReason: z.enum(["urgent", "non-core-agencies"]).exactOptional(),
    attendees: nonEmpty(agencyId),
    served: nonEmpty(z.union([z.enum([...meetingType, ...existingMeeting]), otherMeeting])),
    jointConditions: jointConditions.exactOptional()
  }),
  event("CaseTabled", { ...item, caseId: id, subjects: z.array(id), information: z.array(id) }),
  event("DecisionRecorded", { ...item, caseId: id, decision, note: note.exactOptional() }),
  event("TopicDiscussed", { ...item, topic, note: note.exactOptional() }),
  event("RegisterEstablished", { members: nonEmpty(agencyId) }),
  event("MemberAppointed", { agencyId }),
  event("MemberRetired", { agencyId }),
  event("ContactRecorded", { contactId: id, activity, note: note.exactOptional() }),
  event("SurveyResultRecorded", {
    resultId: id,
    indicator: z.enum(["KPI-5", "KPI-6", "KPI-7", "KPI-8"]),
    surveyYear: z.int().min(1989).max(2200),
    sampleSize: z.int().min(1),
    value: z.number().min(0).max(100),
    source: text(200).exactOptional(),
    supersedes: id.exactOptional()
  })
])
