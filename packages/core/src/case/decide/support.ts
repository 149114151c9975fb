/**
 * Follow-up, support for supporters, end evaluation, closing and reopening (PLN-2, PLN-4,
 * PLN-4a, PLN-6, PLN-7, ORG-1, CNS-4; seed §4(5)ア③).
 *
 * @module
 */
import { Result } from "effect"
import * as Disclosure from "../../Disclosure.ts"
import * as Edition from "../../Edition.ts"
import * as Guard from "../../Guard.ts"
import * as Rule from "../../Rule.ts"
import * as SupportPlan from "../../SupportPlan.ts"
import type * as C from "../commands.ts"
import * as E from "../events.ts"
import { atIndividualCaseMeeting, type Decide, operatorsFor, requireOpen, stamp } from "../guards.ts"

/** PLN-6: settling-in support and follow-up under a participation-support plan in support, by its operator. */
export const recordFollowUp: Decide<C.RecordFollowUp, E.FollowUpRecorded> = (c, state, { catalog }) => {
  const subject = c.caseId
  const plan = state.plans.find((p) => p.planId === c.planId)
  if (plan === undefined) return Rule.refuse("PLN-6", `plan ${c.planId} does not exist`, subject)
  const operators = operatorsFor(catalog, "participation-support")
  return Result.map(
    Guard.all([
      () => Guard.unless(plan.kind !== "participation-support", "PLN-6", () => "settling-in and follow-up belong to participation-support plans", subject),
      () => Guard.unless(!SupportPlan.isInSupport(plan), "PLN-6", () => `support under plan ${c.planId} has not started (or has ended)`, subject),
      () => Guard.unless(!operators.includes(c.by), "PLN-6", () => `follow-up is given by ${operators.join(", ")}, not ${c.by}`, subject),
      () => Guard.unless(state.records.includes(c.recordId), "AUD-1", () => `record ${c.recordId} already exists`, subject)
    ]),
    () => [E.FollowUpRecorded.make({ ...stamp(c), planId: plan.planId, recordId: c.recordId, kind: c.kind, ...(c.note ? { note: c.note } : {}) })]
  )
}

/**
 * PLN-7 (seed §4(5)ア③: 必要性が低いと判断される事例でも): the operator's support for supporters:
 * advice to the referrer, or brokering another agency the person's information may go to. Allowed
 * whether or not the case has a plan, active or not.
 */
export const recordSupporterSupport: Decide<C.RecordSupporterSupport, E.SupporterSupportRecorded> = (c, state, ctx) => {
  const subject = c.caseId
  const operator = Edition.operator(ctx.catalog)
  const brokering = (): Guard.Check => {
    if (c.kind !== "brokering") return Guard.ok
    const person = state.members.find((m) => m.role === "person")!
    const answer = Disclosure.decide(
      { agency: c.to, memberId: person.memberId, setting: "direct-sharing", at: c.at },
      { consents: state.consents, register: ctx.register }
    )
    return answer.allowed
      ? Guard.ok
      : Rule.refuse(answer.because.rule, `brokering to ${c.to} shares the person's information: ${answer.because.explanation}`, subject)
  }
  return Result.map(
    Guard.all([
      () => requireOpen(state, c.caseId),
      () => Guard.unless(c.by !== operator, "PLN-7", () => `support for supporters is given by the operator ${operator}`, subject),
      () => Guard.unless(state.records.includes(c.recordId), "AUD-1", () => `record ${c.recordId} already exists`, subject),
      () => Guard.requireInDirectory(ctx.catalog, c.to, subject),
      () =>
        Guard.unless(
          c.kind === "advice-to-referrer" && c.to !== state.referredBy,
          "PLN-7",
          () => `advice goes to the referring agency ${state.referredBy ?? "(none)"}; use brokering for ${c.to}`,
          subject
        ),
      brokering
    ]),
    () => [E.SupporterSupportRecorded.make({ ...stamp(c), recordId: c.recordId, kind: c.kind, to: c.to, ...(c.note ? { note: c.note } : {}) })]
  )
}

/**
 * PLN-2, PLN-4a: the individual case meeting evaluates an active plan: ended (after support
 * started) or suspended with a reason. [design] 中断 is this library's addition: the plan names
 * only 終結 (seed §5イ①, L440; docs/design-rules.md).
 */
export const evaluateEnd: Decide<C.EvaluateEnd, E.PlanEndEvaluated | E.CaseClosed> = (c, state, ctx) => {
  const subject = c.caseId
  const plan = state.plans.find((p) => p.planId === c.planId)
  if (plan === undefined) return Rule.refuse("PLN-4a", `plan ${c.planId} does not exist`, subject)
  // Ending evaluates the person's progress, which is shared at the meeting (CNS-4); a
  // suspension may be recorded with the case on the agenda by id only (e.g. consent withdrawn).
  const members = c.outcome === "ended" ? plan.subjects : []
  return Result.map(
    Guard.all([
      () => Guard.unless(!SupportPlan.isActive(plan), "PLN-4a", () => `plan ${c.planId} is already ${plan.phase}`, subject),
      () =>
        Guard.unless(
          c.outcome === "ended" && plan.started === undefined,
          "PLN-4a",
          () => `support under plan ${c.planId} never started: it can be suspended, not ended`,
          subject
        ),
      () => Guard.unless(c.outcome === "suspended" && c.suspensionReason === undefined, "PLN-4a", () => "a suspension records its reason", subject),
      () => atIndividualCaseMeeting(ctx, c.meetingId, c.caseId, members, c.by, c.at, subject)
    ]),
    () => {
      const evaluated = E.PlanEndEvaluated.make({
        ...stamp(c, 0),
        planId: plan.planId,
        kind: plan.kind,
        meetingId: c.meetingId,
        outcome: c.outcome,
        ...(c.outcome === "suspended" && c.suspensionReason !== undefined ? { suspensionReason: c.suspensionReason } : {}),
        evaluation: c.evaluation
      })
      const othersActive = state.plans.some((p) => p.planId !== plan.planId && SupportPlan.isActive(p))
      return othersActive ? [evaluated] : [evaluated, E.CaseClosed.make({ ...stamp(c, 1), outcome: c.outcome })]
    }
  )
}

/** PLN-4, PLN-4a: close an open case that has no active plan. */
export const closeCase: Decide<C.CloseCase, E.CaseClosed> = (c, state) => {
  const active = state.plans.find(SupportPlan.isActive)
  return Result.map(
    Guard.all([
      () => Guard.unless(state.status === "closed", "PLN-4", () => `case ${c.caseId} is already closed`, c.caseId),
      () =>
        active === undefined
          ? Guard.ok
          : Rule.refuse("PLN-4a", `plan ${active.planId} is active: support ends only through an end evaluation at an individual case meeting`, c.caseId)
    ]),
    () => [E.CaseClosed.make({ ...stamp(c), outcome: c.reason })]
  )
}

/** PLN-4: reopen a closed case; its history stays. */
export const reopenCase: Decide<C.ReopenCase, E.CaseReopened> = (c, state) =>
  Result.map(Guard.unless(state.status !== "closed", "PLN-4", () => `case ${c.caseId} is not closed`, c.caseId), () => [
    E.CaseReopened.make({ ...stamp(c), ...(c.reason ? { reason: c.reason } : {}) })
  ])
