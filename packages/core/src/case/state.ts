/**
 * The case as its events leave it, and the queries on it (PLN-1…PLN-4, CNS-5, CNS-8; AUD-1).
 *
 * @module
 */
import { Option } from "effect"
import * as Consent from "../Consent.ts"
import type * as Disclosure from "../Disclosure.ts"
import type * as Id from "../Id.ts"
import type * as Instant from "../Instant.ts"
import * as SupportPlan from "../SupportPlan.ts"
import type { Event } from "./events.ts"
import type { Member, OutsideParty } from "./model.ts"

/** PLN-1: an assessment as the case holds it. */
export interface Assessment {
  readonly assessmentId: Id.AssessmentId
  readonly kind: SupportPlan.Kind
  readonly subjects: ReadonlyArray<Id.MemberId>
  readonly at: Instant.Instant
}

/** The case as its events leave it. History is never erased (CNS-5, PLN-4). */
export interface State {
  readonly status: "none" | "open" | "closed"
  readonly caseId?: Id.CaseId | undefined
  readonly referredBy?: Id.AgencyId | undefined
  /** ORG-5: the party outside the statutory programs that brought the consultation, if any (`referredBy` recorded it). */
  readonly referredFrom?: OutsideParty | undefined
  /** MTG-3: the latest coordination judgement, if any. */
  readonly coordination?: { readonly needed: boolean; readonly at: Instant.Instant } | undefined
  /** PLN-3: monitoring entries (支援の実施状況), in order. */
  readonly monitoring: ReadonlyArray<{ readonly recordId: Id.RecordId; readonly planId: Id.PlanId; readonly at: Instant.Instant }>
  readonly members: ReadonlyArray<Member>
  readonly consents: ReadonlyArray<Consent.ConsentRecord>
  readonly declined: ReadonlyArray<{ readonly memberId: Id.MemberId; readonly at: Instant.Instant }>
  readonly information: ReadonlyArray<Disclosure.InfoItem>
  readonly assessments: ReadonlyArray<Assessment>
  readonly plans: ReadonlyArray<SupportPlan.Plan>
  readonly records: ReadonlyArray<Id.RecordId>
  /** PLN-4: every closing and reopening, in order. */
  readonly history: ReadonlyArray<{ readonly at: Instant.Instant; readonly change: "closed" | "reopened"; readonly outcome?: string }>
}

/** A case before its first event: no referral yet (`status: "none"`), nothing recorded (AUD-1). */
export const initialState: State = {
  status: "none",
  members: [],
  consents: [],
  declined: [],
  information: [],
  assessments: [],
  monitoring: [],
  plans: [],
  records: [],
  history: []
}

const updatePlan = (state: State, planId: Id.PlanId, f: (p: SupportPlan.Plan) => SupportPlan.Plan): State => ({
  ...state,
  plans: state.plans.map((p) => (p.planId === planId ? f(p) : p))
})

/**
 * Apply one recorded event to a case's state (AUD-1: the state is a fold of the append-only
 * history). The rules are checked when deciding, not here (PLN-9): every event is applied as it
 * was recorded, following the case flow of PLN-1…PLN-4 (seed §4(5)ア①–③).
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "CaseReferred":
      return { ...state, status: "open", caseId: event.caseId, referredBy: event.by, referredFrom: event.from, members: event.members }
    case "CoordinationJudged":
      return { ...state, coordination: { needed: event.needed, at: event.at } }
    case "MonitoringRecorded":
      return {
        ...state,
        records: [...state.records, event.recordId],
        monitoring: [...state.monitoring, { recordId: event.recordId, planId: event.planId, at: event.at }]
      }
    case "HouseholdMemberAdded":
      return { ...state, members: [...state.members, event.member] }
    case "ConsentRecorded":
      return {
        ...state,
        consents: [...state.consents, {
          consentId: event.consentId,
          caseId: event.caseId,
          memberId: event.memberId,
          grantor: event.grantor,
          purposes: event.purposes,
          agencies: event.agencies,
          method: event.method,
          recordedBy: event.by,
          recordedAt: event.at,
          validFrom: event.validFrom,
          ...(event.validUntil !== undefined ? { validUntil: event.validUntil } : {})
        }]
      }
    case "ConsentDeclined":
      return { ...state, declined: [...state.declined, { memberId: event.memberId, at: event.at }] }
    case "ConsentWithdrawn":
      return {
        ...state,
        consents: state.consents.map((c) => (c.consentId === event.consentId ? { ...c, withdrawnAt: event.at } : c))
      }
    case "InformationRecorded":
      return {
        ...state,
        information: [...state.information, {
          itemId: event.itemId,
          caseId: event.caseId,
          memberId: event.memberId,
          provenance: event.provenance,
          learnedAt: event.at,
          learnedBy: event.by
        }]
      }
    case "AssessmentRecorded":
      return {
        ...state,
        assessments: [...state.assessments, { assessmentId: event.assessmentId, kind: event.kind, subjects: event.subjects, at: event.at }]
      }
    case "PlanDrafted":
      return {
        ...state,
        plans: [...state.plans, {
          planId: event.planId,
          kind: event.kind,
          subjects: event.subjects,
          revision: 1,
          phase: "drafted",
          roles: event.roles.map((r) => r.agencyId),
          reviews: []
        }]
      }
    case "PlanRevised":
      return updatePlan(state, event.planId, (p) => ({
        ...p,
        revision: event.revision,
        phase: "drafted",
        roles: event.roles.map((r) => r.agencyId)
      }))
    case "PlanReviewed":
      return updatePlan(state, event.planId, (p) => ({
        ...p,
        phase: event.outcome === "sent-back" ? "sent-back" : p.phase,
        reviews: [...p.reviews, { revision: event.revision, meetingId: event.meetingId, outcome: event.outcome, at: event.at }]
      }))
    case "PlanDecided":
      return updatePlan(state, event.planId, (p) => ({ ...p, phase: "decided", decidedRevision: event.revision }))
    case "SupportStarted":
      return updatePlan(state, event.planId, (p) => ({ ...p, started: { at: event.at, early: event.early } }))
    case "FollowUpRecorded":
    case "SupporterSupportRecorded":
      return { ...state, records: [...state.records, event.recordId] }
    case "PlanEndEvaluated":
      return updatePlan(state, event.planId, (p) => ({ ...p, phase: event.outcome }))
    case "CaseClosed":
      return { ...state, status: "closed", history: [...state.history, { at: event.at, change: "closed", outcome: event.outcome }] }
    case "CaseReopened":
      return { ...state, status: "open", history: [...state.history, { at: event.at, change: "reopened" }] }
  }
}

/**
 * CNS-8: where a case stands: `support-meeting` while the person has no application for use
 * (利用申込み) in force (worked on only through the support meeting), `multi-agency-collaboration`
 * once they have.
 */
export const track = (state: State, at: Instant.Instant): "support-meeting" | "multi-agency-collaboration" =>
  state.consents.some((c) => c.purposes.includes("multi-agency-collaboration") && Consent.isInForce(c, at))
    ? "multi-agency-collaboration"
    : "support-meeting"

/** The plan with this id, if the case has one. */
export const findPlan = (state: State, planId: Id.PlanId): Option.Option<SupportPlan.Plan> =>
  Option.fromUndefinedOr(state.plans.find((p) => p.planId === planId))
