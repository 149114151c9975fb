/**
 * Support plans (支援プラン): kinds, phases and the transitions the rules allow (PLN-1…PLN-8;
 * seed §4(2)ア①, §4(5)ア①–③, §5イ①).
 *
 * Three kinds are judged at the individual case meeting (MTG-4): multi-agency collaboration plans
 * drafted by the operator (PLN-1), participation-support plans (PLN-5) and outreach plans. A plan
 * lives inside its case (see the `Case` module, which decides on it):
 *
 * ```
 * drafted ──review: approved──▶ decided ──start──▶ in support ──revise (再プラン)──▶ drafted (revision n+1) …
 *    ▲  └──review: sent back──▶ sent-back ──revise──┘                    └──end evaluation──▶ ended | suspended
 * ```
 *
 * Review, decision and ending happen only at an individual case meeting (PLN-2). A
 * participation-support plan may start before its decision when a reason is recorded (PLN-5).
 *
 * @module
 */
import { Schema } from "effect"
import * as Id from "./Id.ts"
import type * as Instant from "./Instant.ts"
import * as Personal from "./Personal.ts"
import type * as Program from "./Program.ts"

/** MTG-4: the three kinds of plan the individual case meeting judges. */
export const Kind = Schema.Literals(["multi-agency", "participation-support", "outreach"])
/** The type of {@link Kind}. */
export type Kind = typeof Kind.Type

/** PRG-1: the component whose operator drafts a plan of this kind (PLN-1, PLN-5). */
export const programOf = (kind: Kind): Program.ProgramId =>
  kind === "multi-agency" ? "multi-agency-collaboration" : kind === "participation-support" ? "participation-support" : "outreach"

/** PLN-1: an agency's role in a plan (役割分担). The description is free text, so it is redacted. */
export const Role = Schema.Struct({ agencyId: Id.AgencyId, role: Personal.Note })
/** The type of {@link Role}. */
export type Role = typeof Role.Type

/** PLN-2: what the individual case meeting judged a draft: approved (決定) or sent back (差し戻し). */
export const ReviewOutcome = Schema.Literals(["approved", "sent-back"])
/** The type of {@link ReviewOutcome}. */
export type ReviewOutcome = typeof ReviewOutcome.Type

/** PLN-4a: the outcome of an end evaluation: 終結 (ended) or 中断 (suspended). */
export const EndOutcome = Schema.Literals(["ended", "suspended"])
/** The type of {@link EndOutcome}. */
export type EndOutcome = typeof EndOutcome.Type

/** PLN-4a: why support was suspended (e.g. the person stopped contact or withdrew consent). */
export const SuspensionReason = Schema.Literals(["contact-lost", "consent-withdrawn", "declined-support", "moved-away", "other"])
/** The type of {@link SuspensionReason}. */
export type SuspensionReason = typeof SuspensionReason.Type

/** PLN-6: support after a participation-support plan starts. */
export const FollowUpKind = Schema.Literals([
  /** 定着支援: settling-in support for the person. */
  "settling-in",
  /** 受け入れ先への支援: support for the receiving place (services, employers). */
  "receiving-place",
  /** フォローアップ: a follow-up visit. */
  "follow-up-visit"
])
/** The type of {@link FollowUpKind}. */
export type FollowUpKind = typeof FollowUpKind.Type

/** Where a plan stands. */
export type Phase = "drafted" | "sent-back" | "decided" | "ended" | "suspended"

/** PLN-2, PLN-8: one review of one revision at one meeting. */
export interface Review {
  readonly revision: number
  readonly meetingId: Id.MeetingId
  readonly outcome: ReviewOutcome
  readonly at: Instant.Instant
}

/** A plan as its case holds it. */
export interface Plan {
  readonly planId: Id.PlanId
  readonly kind: Kind
  /** CNS-7: the household members the plan is for; each consented. */
  readonly subjects: ReadonlyArray<Id.MemberId>
  /** 1 for the first draft; each re-plan (再プラン) or redraft adds one (PLN-3). */
  readonly revision: number
  readonly phase: Phase
  readonly roles: ReadonlyArray<Id.AgencyId>
  /** The last revision the meeting decided, if any. */
  readonly decidedRevision?: number | undefined
  /** When support under the plan started (PLN-3), and whether before the decision (PLN-5). */
  readonly started?: { readonly at: Instant.Instant; readonly early: boolean } | undefined
  readonly reviews: ReadonlyArray<Review>
}

/** A plan still in play: not ended or suspended (PLN-4a). */
export const isActive = (plan: Plan): boolean => plan.phase !== "ended" && plan.phase !== "suspended"

/** PLN-3, PLN-6: support under the plan has started and not ended. */
export const isInSupport = (plan: Plan): boolean => plan.started !== undefined && isActive(plan)
