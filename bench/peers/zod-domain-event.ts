/**
 * The peer of `DomainEvent` for the decode benchmark: the same 26 events written in Zod 4 as a
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
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a valid instant" })
    return z.NEVER
  }
  return d
})
const personal = (max: number) => z.string().min(1).max(max).transform((s) => Redacted.make(s))
const name = personal(200)
const address = personal(500)
const note = personal(20_000)
const nonEmpty = <T extends z.ZodType>(t: T) => z.array(t).min(1)

const memberRole = z.enum(["person", "household-member"])
const relation = z.enum(["self", "parent", "child", "spouse", "sibling", "grandparent", "grandchild", "other"])
const member = z.object({ memberId: id, role: memberRole, relation, name, address: address.exactOptional() })
const purpose = z.enum(["multi-agency-collaboration", "participation-support", "outreach-support", "information-sharing"])
const grantor = z.discriminatedUnion("_tag", [
  z.object({ _tag: z.literal("Self") }),
  z.object({ _tag: z.literal("Proxy"), capacity: z.enum(["legal-guardian", "parent", "other-legal-representative"]), name })
])
const provenance = z.discriminatedUnion("_tag", [
  z.object({ _tag: z.literal("SupportMeeting"), meetingId: id }),
  z.object({ _tag: z.literal("Consent"), consentId: id })
])
const planKind = z.enum(["multi-agency", "participation-support", "outreach"])
const role = z.object({ agencyId, role: note })
const reviewOutcome = z.enum(["approved", "sent-back"])
const endOutcome = ["ended", "suspended"] as const
const suspensionReason = z.enum(["contact-lost", "consent-withdrawn", "declined-support", "moved-away", "other"])
const followUpKind = z.enum(["settling-in", "receiving-place", "follow-up-visit"])
const closeReason = ["coordination-not-needed", "handled-by-existing-links", "moved-away", "other"] as const
const meetingType = ["support-meeting", "multi-layered-support-meeting"] as const
const existingMeeting = ["konkyu-shien-kaigi", "shien-chosei-kaigi", "chiiki-care-kaigi", "jiritsu-shien-kyogikai", "chiiki-fukushi-keikaku-iinkai"] as const
const decision = z.enum(["refer-to-multi-agency-collaboration", "handled-by-existing-links", "watch", "urgent-response", "shared-only"])
const topic = z.enum(["resource-gap", "shared-understanding", "system-evaluation", "feedback-to-agencies"])
const activity = z.discriminatedUnion("_tag", [
  z.object({ _tag: z.literal("AgencyVisit"), agencyId }),
  z.object({ _tag: z.literal("OrganisationVisit"), organisation: z.string().min(1).max(200) }),
  z.object({ _tag: z.literal("ResidentVisit") }),
  z.object({ _tag: z.literal("IndividualSupport"), caseId: id, memberId: id, mode: z.enum(["home-visit", "accompaniment", "phone", "letter", "online", "other"]) })
])

const event = <T extends string, S extends z.ZodRawShape>(tag: T, shape: S) =>
  z.object({ _tag: z.literal(tag), eventId, at: instant, by: agencyId, ...shape })
const onCase = <T extends string, S extends z.ZodRawShape>(tag: T, shape: S) => event(tag, { caseId: id, ...shape })

const followUp = { planId: id, recordId: id, kind: followUpKind, note: note.exactOptional() }
const endEvaluation = { meetingId: id, outcome: z.enum(endOutcome), suspensionReason: suspensionReason.exactOptional(), evaluation: note }
const item = { meetingId: id, itemId: id }

/** Every domain event, in Zod 4. */
export const DomainEvent = z.discriminatedUnion("_tag", [
  onCase("CaseReferred", { members: nonEmpty(member), note: note.exactOptional() }),
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
  onCase("PlanDrafted", { planId: id, kind: planKind, subjects: nonEmpty(id), roles: nonEmpty(role), goals: note, basis: z.array(id), consents: z.array(id) }),
  onCase("PlanRevised", { planId: id, kind: planKind, revision: z.int(), roles: nonEmpty(role), goals: note, basis: z.array(id), consents: z.array(id) }),
  onCase("PlanReviewed", { planId: id, kind: planKind, revision: z.int(), meetingId: id, outcome: reviewOutcome, note: note.exactOptional() }),
  onCase("PlanDecided", { planId: id, kind: planKind, revision: z.int(), meetingId: id }),
  onCase("SupportStarted", { planId: id, early: z.boolean(), earlyStartReason: note.exactOptional() }),
  onCase("FollowUpRecorded", followUp),
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
    served: nonEmpty(z.enum([...meetingType, ...existingMeeting]))
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
    source: z.string().min(1).max(200).exactOptional(),
    supersedes: id.exactOptional()
  })
])
