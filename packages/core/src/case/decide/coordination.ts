/**
 * The coordination judgement and monitoring (MTG-3, PLN-3; seed §4(5)ア①②, §5ア, §6).
 *
 * @module
 */
import { Result } from "effect"
import * as Edition from "../../Edition.ts"
import * as Guard from "../../Guard.ts"
import * as Rule from "../../Rule.ts"
import * as SupportPlan from "../../SupportPlan.ts"
import type * as C from "../commands.ts"
import * as E from "../events.ts"
import { type Decide, requireOpen, stamp } from "../guards.ts"

/** MTG-3: the decision a support meeting records that opens multi-agency intake. */
const REFER = "refer-to-multi-agency-collaboration"

/**
 * MTG-3 (seed §4(5)ア①: 支援のコーディネートが必要と判断されたもの): record the judgement. Citing a
 * support meeting's decision, it must be that meeting's recorded decision on this case, and say
 * what it said (needed exactly when it referred the case on); recorded by the city or the operator.
 * Without a decision it is the operator's own judgement after the referral, recorded by the operator.
 */
export const judgeCoordination: Decide<C.JudgeCoordination, E.CoordinationJudged> = (c, state, ctx) => {
  const subject = c.caseId
  const operator = Edition.operator(ctx.catalog)
  const fromMeeting = (): Guard.Check => {
    if (c.decision === undefined) {
      return Guard.unless(c.by !== operator, "MTG-3", () => `without a support-meeting decision the judgement is the operator's (${operator})`, subject)
    }
    const { itemId, meetingId } = c.decision
    const meeting = ctx.meetings.get(meetingId)
    const recorded = meeting?.decisions.find((d) => d.itemId === itemId && d.caseId === c.caseId)
    if (recorded === undefined) return Rule.refuse("MTG-3", `meeting ${meetingId} recorded no decision on case ${c.caseId} as item ${itemId}`, subject)
    if (c.by !== operator && !Edition.isCity(ctx.catalog, c.by)) {
      return Rule.refuse("MTG-3", `a support meeting's judgement is recorded by the city or the operator, not ${c.by}`, subject)
    }
    return Guard.unless(
      (recorded.decision === REFER) !== c.needed,
      "MTG-3",
      () => `meeting ${meetingId} decided ${recorded.decision}, which ${recorded.decision === REFER ? "refers the case on" : "does not refer the case on"}`,
      subject
    )
  }
  return Result.map(
    Guard.all([() => requireOpen(state, c.caseId), fromMeeting]),
    () => [E.CoordinationJudged.make({ ...stamp(c), needed: c.needed, ...(c.decision !== undefined ? { decision: c.decision } : {}) })]
  )
}

/**
 * PLN-3 (seed §4(5)ア②: 重層的支援会議等において…随時把握): the operator records how support under a
 * decided plan is going, as a directory agency reported it; at a meeting (held, the reporter
 * attending, the case on its agenda) or otherwise. The status is structured; no free text (AUD-2).
 */
export const recordMonitoring: Decide<C.RecordMonitoring, E.MonitoringRecorded> = (c, state, ctx) => {
  const subject = c.caseId
  const plan = state.plans.find((p) => p.planId === c.planId)
  if (plan === undefined) return Rule.refuse("PLN-3", `plan ${c.planId} does not exist`, subject)
  const operator = Edition.operator(ctx.catalog)
  const atMeeting = (): Guard.Check => {
    if (c.meetingId === undefined) return Guard.ok
    const meeting = ctx.meetings.get(c.meetingId)
    if (meeting?.held === undefined) return Rule.refuse("PLN-3", `meeting ${c.meetingId} is not recorded`, subject)
    if (!meeting.held.attendees.includes(c.reportedBy)) return Rule.refuse("PLN-3", `${c.reportedBy} did not attend meeting ${c.meetingId}`, subject)
    return Guard.unless(!meeting.agenda.some((a) => a.caseId === c.caseId), "PLN-3", () => `case ${c.caseId} was not on the agenda of meeting ${c.meetingId}`, subject)
  }
  return Result.map(
    Guard.all([
      () => requireOpen(state, c.caseId),
      () => Guard.unless(c.by !== operator, "PLN-3", () => `monitoring is gathered by the operator ${operator}`, subject),
      () => Guard.unless(plan.decidedRevision === undefined, "PLN-3", () => `plan ${c.planId} has not been decided: there is no support under it to monitor`, subject),
      () => Guard.unless(!SupportPlan.isActive(plan), "PLN-3", () => `plan ${c.planId} is ${plan.phase}`, subject),
      () => Guard.unless(state.records.includes(c.recordId), "AUD-1", () => `record ${c.recordId} already exists`, subject),
      () => Guard.requireInDirectory(ctx.catalog, c.reportedBy, subject),
      atMeeting
    ]),
    () => [
      E.MonitoringRecorded.make({
        ...stamp(c),
        recordId: c.recordId,
        planId: c.planId,
        reportedBy: c.reportedBy,
        ...(c.meetingId !== undefined ? { meetingId: c.meetingId } : {}),
        status: c.status,
        followUp: c.followUp
      })
    ]
  )
}
