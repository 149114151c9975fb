/**
 * Consent and information decisions (CNS-4, CNS-5, CNS-7, CNS-8, ACC-2, MTG-2; seed §4(5)ア②, §5).
 *
 * @module
 */
import { Result } from "effect"
import * as Consent from "../../Consent.ts"
import * as Guard from "../../Guard.ts"
import * as Instant from "../../Instant.ts"
import * as Meeting from "../../meeting/state.ts"
import * as Rule from "../../Rule.ts"
import type * as C from "../commands.ts"
import * as E from "../events.ts"
import { type Decide, requireCoordinationNeeded, requireMemberInCase, stamp } from "../guards.ts"

/**
 * CNS-5: record a consent: a member of the case, a new id, a valid period, directory agencies, no
 * repeats. An application for multi-agency collaboration follows the judgement that the case
 * needs coordination (MTG-3).
 */
export const recordConsent: Decide<C.RecordConsent, E.ConsentRecorded> = (c, state, { catalog }) => {
  const subject = c.caseId
  return Result.map(
    Guard.all([
      () => requireMemberInCase(state, c.memberId, c.caseId, subject),
      () => Guard.unless(state.consents.some((r) => r.consentId === c.consentId), "AUD-1", () => `consent ${c.consentId} is already recorded`, subject),
      () => Guard.unless(c.validUntil !== undefined && !Instant.isBefore(c.validFrom, c.validUntil), "CNS-5", () => "a consent ends after it starts", subject),
      () => Guard.requireAllInDirectory(catalog, c.agencies, subject, (a) => `consent names ${a}, which is not in the directory`),
      () =>
        Guard.unless(
          new Set(c.purposes).size !== c.purposes.length || new Set(c.agencies).size !== c.agencies.length,
          "CNS-5",
          () => "a purpose or agency is listed twice",
          subject
        ),
      () => c.purposes.includes("multi-agency-collaboration") ? requireCoordinationNeeded(state, subject) : Guard.ok
    ]),
    () => [
      E.ConsentRecorded.make({
        ...stamp(c),
        consentId: c.consentId,
        memberId: c.memberId,
        grantor: c.grantor,
        purposes: c.purposes,
        agencies: c.agencies,
        method: c.method,
        validFrom: c.validFrom,
        ...(c.validUntil !== undefined ? { validUntil: c.validUntil } : {})
      })
    ]
  )
}

/** CNS-7, CNS-8: a member declined to consent. */
export const declineConsent: Decide<C.DeclineConsent, E.ConsentDeclined> = (c, state) =>
  Result.map(requireMemberInCase(state, c.memberId, c.caseId, c.caseId), () => [
    E.ConsentDeclined.make({ ...stamp(c), memberId: c.memberId, purposes: c.purposes })
  ])

/** CNS-5: withdraw a recorded consent, once, not before it was recorded; the record stays. */
export const withdrawConsent: Decide<C.WithdrawConsent, E.ConsentWithdrawn> = (c, state) => {
  const subject = c.caseId
  const record = state.consents.find((r) => r.consentId === c.consentId)
  if (record === undefined) return Rule.refuse("CNS-5", `consent ${c.consentId} is not recorded in this case`, subject)
  return Result.map(
    Guard.all([
      () =>
        record.withdrawnAt === undefined
          ? Guard.ok
          : Rule.refuse("CNS-5", `consent ${c.consentId} was already withdrawn at ${Instant.format(record.withdrawnAt)}`, subject),
      () => Guard.unless(Instant.isBefore(c.at, record.recordedAt), "CNS-5", () => `consent ${c.consentId} cannot be withdrawn before it was recorded`, subject)
    ]),
    () => [E.ConsentWithdrawn.make({ ...stamp(c), consentId: c.consentId, memberId: record.memberId })]
  )
}

/**
 * ACC-2, MTG-2, CNS-4: record an item of information with its legal basis: learned at a support
 * meeting the recorder attended where the member was discussed, or under a consent of the member
 * covering information sharing with the recorder.
 */
export const recordInformation: Decide<C.RecordInformation, E.InformationRecorded> = (c, state, ctx) => {
  const subject = c.caseId
  const p = c.provenance
  const basis = (): Guard.Check => {
    if (p._tag === "SupportMeeting") {
      const meeting = ctx.meetings.get(p.meetingId)
      if (meeting === undefined || !Meeting.isSupportMeeting(meeting)) {
        return Rule.refuse("ACC-2", `meeting ${p.meetingId} is not a recorded support meeting`, subject)
      }
      if (!meeting.agenda.some((a) => a.caseId === c.caseId && a.subjects.includes(c.memberId))) {
        return Rule.refuse("ACC-2", `member ${c.memberId} of case ${c.caseId} was not discussed at support meeting ${p.meetingId}`, subject)
      }
      return Guard.unless(!meeting.held!.attendees.includes(c.by), "MTG-2", () => `${c.by} did not attend support meeting ${p.meetingId}`, subject)
    }
    const record = state.consents.find((r) => r.consentId === p.consentId)
    if (record === undefined || record.memberId !== c.memberId) {
      return Rule.refuse("CNS-7", `consent ${p.consentId} is not a consent of member ${c.memberId}`, subject)
    }
    const finding = Consent.find([record], { memberId: c.memberId, purpose: "information-sharing", agency: c.by, at: c.at }, "CNS-4")
    return finding.covered ? Guard.ok : Rule.refuse(finding.rule, finding.explanation, subject)
  }
  return Result.map(
    Guard.all([
      () => requireMemberInCase(state, c.memberId, c.caseId, subject),
      () => Guard.unless(state.information.some((i) => i.itemId === c.itemId), "AUD-1", () => `item ${c.itemId} is already recorded`, subject),
      basis
    ]),
    () => [E.InformationRecorded.make({ ...stamp(c), itemId: c.itemId, memberId: c.memberId, provenance: p, note: c.note })]
  )
}
