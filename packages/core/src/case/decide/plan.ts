/**
 * Assessment and plan decisions (PLN-1…PLN-5, CNS-1, CNS-2, CNS-4, CNS-7, ACC-2, ORG-1;
 * seed §4(5)ア①–③).
 *
 * @module
 */
import { Result } from "effect"
import type * as Aggregate from "../../Aggregate.ts"
import * as Guard from "../../Guard.ts"
import type * as Id from "../../Id.ts"
import * as Rule from "../../Rule.ts"
import * as SupportPlan from "../../SupportPlan.ts"
import type * as C from "../commands.ts"
import * as E from "../events.ts"
import {
  atIndividualCaseMeeting,
  consentsFor,
  type Decide,
  operatorRule,
  operatorsFor,
  requireCoordinationNeeded,
  requireMembersInCase,
  requireOpen,
  sharePlan,
  stamp
} from "../guards.ts"
import type { State } from "../state.ts"

/** PLN-1, PLN-5: the operator records an assessment with the assessors, of members who applied for the support (CNS-1, CNS-2). */
export const recordAssessment: Decide<C.RecordAssessment, E.AssessmentRecorded> = (c, state, { catalog }) => {
  const subject = c.caseId
  const operators = operatorsFor(catalog, c.kind)
  return Result.map(
    Guard.all([
      () => requireOpen(state, c.caseId),
      () => Guard.unless(state.assessments.some((a) => a.assessmentId === c.assessmentId), "AUD-1", () => `assessment ${c.assessmentId} is already recorded`, subject),
      () =>
        Guard.unless(!operators.includes(c.by), operatorRule(c.kind), () => `the ${c.kind} assessment is done by ${operators.join(", ")}, not ${c.by}`, subject),
      () => Guard.unless(!c.assessors.includes(c.by), "PLN-1", () => "the recording operator is one of the assessors", subject),
      () => requireMembersInCase(state, c.subjects, c.caseId, subject),
      () => Guard.requireAllInDirectory(catalog, c.assessors, subject),
      () => Result.map(consentsFor(state, c.kind, c.subjects, c.at, subject), () => undefined),
      () => (c.kind === "multi-agency" ? requireCoordinationNeeded(state, subject) : Guard.ok)
    ]),
    () => [
      E.AssessmentRecorded.make({
        ...stamp(c),
        assessmentId: c.assessmentId,
        kind: c.kind,
        subjects: c.subjects,
        assessors: c.assessors,
        summary: c.summary
      })
    ]
  )
}

/**
 * PLN-1, PLN-5, CNS-1, CNS-2, CNS-7, ORG-1, CNS-4, ACC-2: the rules a plan revision meets: drafted
 * by its operator, about members of the case (each once) who applied for the support and were
 * assessed, with directory agencies in its roles, each allowed to see what it rests on. Returns
 * the consent records relied on (CNS-6).
 */
const planRules = (
  c: C.DraftPlan | C.RevisePlan,
  state: State,
  ctx: Aggregate.Context,
  kind: SupportPlan.Kind,
  subjects: ReadonlyArray<Id.MemberId>
): Result.Result<ReadonlyArray<Id.ConsentId>, Rule.RuleViolation> => {
  const subject = c.caseId
  const operators = operatorsFor(ctx.catalog, kind)
  const before = Guard.all([
    () => Guard.unless(!operators.includes(c.by), operatorRule(kind), () => `a ${kind} plan is drafted by ${operators.join(", ")}, not ${c.by}`, subject),
    () => requireMembersInCase(state, subjects, c.caseId, subject),
    () => Guard.requireDistinct(subjects, "CNS-7", "a subject is listed twice", subject)
  ])
  return Result.flatMap(before, () =>
    Result.flatMap(consentsFor(state, kind, subjects, c.at, subject), (consents) =>
      Result.map(
        Guard.all([
          () => (kind === "multi-agency" ? requireCoordinationNeeded(state, subject) : Guard.ok),
          () =>
            Guard.unless(
              !subjects.every((m) => state.assessments.some((a) => a.kind === kind && a.subjects.includes(m))),
              operatorRule(kind),
              () => `a ${kind} plan is drafted after the assessment of each of its subjects`,
              subject
            ),
          () => Guard.requireAllInDirectory(ctx.catalog, c.roles.map((r) => r.agencyId), subject, (a) => `role agency ${a} is not in the directory`),
          () => sharePlan(state, ctx, subjects, c.roles, c.basis ?? [], c.at, subject)
        ]),
        () => consents
      )))
}

/**
 * PLN-1: the operator drafts a new plan (revision 1). PLN-5 (seed §4(2), L208): a
 * participation-support plan names the need existing programs cannot meet; other kinds do not.
 */
export const draftPlan: Decide<C.DraftPlan, E.PlanDrafted> = (c, state, ctx) =>
  Result.flatMap(
    Guard.all([
      () => requireOpen(state, c.caseId),
      () =>
        Guard.unless(
          (c.kind === "participation-support") !== (c.unmetNeed !== undefined),
          "PLN-5",
          () =>
            c.kind === "participation-support"
              ? "a participation-support plan names the need existing programs cannot meet (unmetNeed; 既存の事業では対応できない)"
              : `unmetNeed belongs to participation-support plans, not ${c.kind}`,
          c.caseId
        ),
      () =>
        Guard.unless(state.plans.some((p) => p.planId === c.planId), "AUD-1", () => `plan ${c.planId} already exists; revise it instead`, c.caseId)
    ]),
    () =>
      Result.map(planRules(c, state, ctx, c.kind, c.subjects), (consents) => [
        E.PlanDrafted.make({
          ...stamp(c),
          planId: c.planId,
          kind: c.kind,
          subjects: c.subjects,
          roles: c.roles,
          goals: c.goals,
          basis: c.basis ?? [],
          consents,
          ...(c.unmetNeed !== undefined ? { unmetNeed: c.unmetNeed } : {})
        })
      ])
  )

/**
 * PLN-3, PLN-4: a re-plan or redraft of an active plan not awaiting review: a new revision. It may
 * cite the monitoring entries of this plan that led to it (PLN-3).
 */
export const revisePlan: Decide<C.RevisePlan, E.PlanRevised> = (c, state, ctx) => {
  const subject = c.caseId
  const closed = requireOpen(state, c.caseId)
  if (Result.isFailure(closed)) return Guard.refusal(closed)
  const existing = state.plans.find((p) => p.planId === c.planId)
  if (existing === undefined) return Rule.refuse("PLN-3", `plan ${c.planId} does not exist`, subject)
  return Result.flatMap(
    Guard.all([
      () => Guard.unless(existing.phase === "drafted", "PLN-3", () => `revision ${existing.revision} of plan ${c.planId} is awaiting review`, subject),
      () =>
        Guard.unless(!SupportPlan.isActive(existing), "PLN-4", () => `plan ${c.planId} is ${existing.phase}; draft a new plan (its history stays)`, subject),
      () => {
        const unknown = (c.monitoring ?? []).find((r) => !state.monitoring.some((m) => m.recordId === r && m.planId === c.planId))
        return unknown === undefined ? Guard.ok : Rule.refuse("PLN-3", `monitoring ${unknown} is not recorded for plan ${c.planId}`, subject)
      }
    ]),
    () =>
      Result.map(planRules(c, state, ctx, existing.kind, existing.subjects), (consents) => [
        E.PlanRevised.make({
          ...stamp(c),
          planId: c.planId,
          kind: existing.kind,
          revision: existing.revision + 1,
          roles: c.roles,
          goals: c.goals,
          basis: c.basis ?? [],
          consents,
          ...(c.monitoring !== undefined ? { monitoring: c.monitoring } : {})
        })
      ])
  )
}

/** PLN-2: the individual case meeting judged the draft awaiting review: approved (and decided) or sent back. */
export const reviewPlan: Decide<C.ReviewPlan, E.PlanReviewed | E.PlanDecided> = (c, state, ctx) => {
  const subject = c.caseId
  const plan = state.plans.find((p) => p.planId === c.planId)
  if (plan === undefined) return Rule.refuse("PLN-1", `plan ${c.planId} does not exist`, subject)
  return Result.map(
    Guard.all([
      () => requireOpen(state, c.caseId),
      () => Guard.unless(plan.phase !== "drafted", "PLN-2", () => `plan ${c.planId} has no draft awaiting review (it is ${plan.phase})`, subject),
      () => atIndividualCaseMeeting(ctx, c.meetingId, c.caseId, plan.subjects, c.by, c.at, subject)
    ]),
    () => {
      const common = { planId: plan.planId, kind: plan.kind, revision: plan.revision, meetingId: c.meetingId }
      const reviewed = E.PlanReviewed.make({ ...stamp(c, 0), ...common, outcome: c.outcome, ...(c.note ? { note: c.note } : {}) })
      return c.outcome === "approved" ? [reviewed, E.PlanDecided.make({ ...stamp(c, 1), ...common })] : [reviewed]
    }
  )
}

/**
 * PLN-3, PLN-5: support starts once under an active plan: after the decision, or early for
 * participation support with a reason. [design] The early start is recorded on a drafted plan and
 * asks nothing more than the reason (docs/design-rules.md).
 */
export const startSupport: Decide<C.StartSupport, E.SupportStarted> = (c, state) => {
  const subject = c.caseId
  const plan = state.plans.find((p) => p.planId === c.planId)
  if (plan === undefined) return Rule.refuse("PLN-3", `plan ${c.planId} does not exist`, subject)
  const early = plan.decidedRevision === undefined
  return Result.map(
    Guard.all([
      () => requireOpen(state, c.caseId),
      () => Guard.unless(plan.started !== undefined, "PLN-3", () => `support under plan ${c.planId} already started`, subject),
      () => Guard.unless(!SupportPlan.isActive(plan), "PLN-4a", () => `plan ${c.planId} is ${plan.phase}`, subject),
      () =>
        Guard.unless(
          early && plan.kind !== "participation-support",
          "PLN-3",
          () => `support under a ${plan.kind} plan starts once the meeting has decided it`,
          subject
        ),
      () =>
        Guard.unless(
          early && c.earlyStartReason === undefined,
          "PLN-5",
          () => "participation support may start before the decision only with a recorded reason",
          subject
        )
    ]),
    () => [
      E.SupportStarted.make({
        ...stamp(c),
        planId: plan.planId,
        early,
        ...(early && c.earlyStartReason !== undefined ? { earlyStartReason: c.earlyStartReason } : {})
      })
    ]
  )
}
