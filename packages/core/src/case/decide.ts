/**
 * The case aggregate: one decide function per command behind an exhaustive switch (PLN-9), and the
 * aggregate's entry for the registry (stream `case-<caseId>`; reads the register and the meetings
 * a command cites).
 *
 * @module
 */
import { Result } from "effect"
import * as Aggregate from "../Aggregate.ts"
import * as Guard from "../Guard.ts"
import type * as Id from "../Id.ts"
import { Command } from "./commands.ts"
import { consent, coordination, household, plan, support } from "./decide/index.ts"
import { Event } from "./events.ts"
import { requireReferred } from "./guards.ts"
import { streamId } from "./model.ts"
import { evolve, initialState, type State } from "./state.ts"

/** PLN-1…PLN-9, CNS-1…CNS-8, ACC-2: decide a case command (the actor is checked by the registry, ORG-1). */
export const decide = (c: Command, state: State, ctx: Aggregate.Context): Aggregate.Decision<Event> => {
  if (c._tag === "ReferCase") return household.referCase(c, state, ctx)
  return Result.flatMap(requireReferred(state, c.caseId, c.caseId), (): Aggregate.Decision<Event> => {
    switch (c._tag) {
      case "JudgeCoordination":
        return coordination.judgeCoordination(c, state, ctx)
      case "AddHouseholdMember":
        return household.addHouseholdMember(c, state, ctx)
      case "RecordConsent":
        return consent.recordConsent(c, state, ctx)
      case "DeclineConsent":
        return consent.declineConsent(c, state, ctx)
      case "WithdrawConsent":
        return consent.withdrawConsent(c, state, ctx)
      case "RecordInformation":
        return consent.recordInformation(c, state, ctx)
      case "RecordAssessment":
        return plan.recordAssessment(c, state, ctx)
      case "DraftPlan":
        return plan.draftPlan(c, state, ctx)
      case "RevisePlan":
        return plan.revisePlan(c, state, ctx)
      case "ReviewPlan":
        return plan.reviewPlan(c, state, ctx)
      case "StartSupport":
        return plan.startSupport(c, state, ctx)
      case "RecordFollowUp":
        return support.recordFollowUp(c, state, ctx)
      case "RecordMonitoring":
        return coordination.recordMonitoring(c, state, ctx)
      case "RecordSupporterSupport":
        return support.recordSupporterSupport(c, state, ctx)
      case "EvaluateEnd":
        return support.evaluateEnd(c, state, ctx)
      case "CloseCase":
        return support.closeCase(c, state, ctx)
      case "ReopenCase":
        return support.reopenCase(c, state, ctx)
    }
  })
}

/**
 * The meetings a case command cites: the judging meeting (PLN-2, PLN-4a), the support meeting an
 * item was learned at (ACC-2) or whose decision a judgement records (MTG-3), the meeting a
 * monitoring report was given at (PLN-3).
 */
const meetingsOf = (c: Command): ReadonlyArray<Id.MeetingId> =>
  c._tag === "ReviewPlan" || c._tag === "EvaluateEnd"
    ? [c.meetingId]
    : c._tag === "JudgeCoordination"
    ? c.decision !== undefined ? [c.decision.meetingId] : []
    : c._tag === "RecordMonitoring"
    ? c.meetingId !== undefined ? [c.meetingId] : []
    : c._tag === "RecordInformation" && c.provenance._tag === "SupportMeeting"
    ? [c.provenance.meetingId]
    : []

/** The case aggregate for the registry. */
export const aggregate = {
  name: "case",
  commands: Command,
  events: Event,
  stream: (c: Command) => streamId(c.caseId),
  reads: (c: Command): Aggregate.Reads => ({ register: true, cases: [], meetings: meetingsOf(c) }),
  actor: (c: Command, catalog) => Guard.requireInDirectory(catalog, c.by, c.caseId),
  decide,
  evolve,
  initialState
} as const satisfies Aggregate.Aggregate<"case", typeof Command.members, typeof Event.members, State>

/** PLN-1…PLN-9, CNS-1…CNS-8, ACC-2: the case decider, taking the revisions (AUD-3). */
export const decider = Aggregate.decider(aggregate)
