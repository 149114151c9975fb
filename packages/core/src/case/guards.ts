/**
 * Named guards of the case rules (PLN-1…PLN-4a, CNS-1, CNS-2, CNS-4, CNS-7, ACC-2), shared by
 * the case's decide functions and by the aggregates that reference a case (meeting, outreach).
 *
 * @module
 */
import { Result } from "effect"
import type * as Aggregate from "../Aggregate.ts"
import type * as Catalog from "../Catalog.ts"
import * as Consent from "../Consent.ts"
import * as Decider from "../Decider.ts"
import * as Disclosure from "../Disclosure.ts"
import * as Edition from "../Edition.ts"
import * as Guard from "../Guard.ts"
import type * as Id from "../Id.ts"
import * as Instant from "../Instant.ts"
import * as Meeting from "../meeting/state.ts"
import * as Rule from "../Rule.ts"
import * as SupportPlan from "../SupportPlan.ts"
import type { State } from "./state.ts"

/** A case decide function: one command, the case's state, the decision context. */
export type Decide<C, E> = (command: C, state: State, context: Aggregate.Context) => Aggregate.Decision<E>

/** The envelope of the `index`-th event decided from a case command. */
export const stamp = (
  command: { readonly commandId: Id.CommandId; readonly at: Instant.Instant; readonly by: Id.AgencyId; readonly caseId: Id.CaseId },
  index = 0
) => ({ ...Decider.stamp(command, index), caseId: command.caseId })

/** True when the case has this member (CNS-7). */
export const hasMember = (state: State, memberId: Id.MemberId): boolean => state.members.some((m) => m.memberId === memberId)

/** PLN-1 (seed §4(5)ア①): the case has been referred (`rule` names the rule of the asking aggregate); returns its state. */
export const requireReferred = (
  state: State | undefined,
  caseId: Id.CaseId,
  subject: string,
  rule: Rule.RuleId = "PLN-1"
): Result.Result<State, Rule.RuleViolation> =>
  state === undefined || state.status === "none" ? Rule.refuse(rule, `case ${caseId} has not been referred`, subject) : Result.succeed(state)

/** CNS-7: the member belongs to the case (`rule` names the rule of the asking aggregate). */
export const requireMemberInCase = (
  state: State,
  memberId: Id.MemberId,
  caseId: Id.CaseId,
  subject: string,
  rule: Rule.RuleId = "CNS-7"
): Guard.Check => Guard.unless(!hasMember(state, memberId), rule, () => `member ${memberId} is not in case ${caseId}`, subject)

/** CNS-7: every member of the list belongs to the case; the first that does not is named. */
export const requireMembersInCase = (state: State, members: ReadonlyArray<Id.MemberId>, caseId: Id.CaseId, subject: string): Guard.Check => {
  const stranger = members.find((m) => !hasMember(state, m))
  return stranger === undefined ? Guard.ok : Rule.refuse("CNS-7", `member ${stranger} is not in case ${caseId}`, subject)
}

/** PLN-4: a closed case is reopened before anything new is recorded on it (its history stays). */
export const requireOpen = (state: State, caseId: Id.CaseId): Guard.Check =>
  Guard.unless(state.status === "closed", "PLN-4", () => `case ${caseId} is closed; reopen it first (its history stays)`, caseId)

/**
 * MTG-3 (seed §4(5)ア①: 支援のコーディネートが必要と判断されたもの): multi-agency intake (the
 * application for use, the assessment, drafting) follows a recorded judgement that the case needs
 * coordination; a case judged not to need it gets support for supporters (PLN-7).
 */
export const requireCoordinationNeeded = (state: State, subject: string): Guard.Check =>
  state.coordination === undefined
    ? Rule.refuse("MTG-3", "multi-agency intake follows a recorded judgement that the case needs coordination (JudgeCoordination)", subject)
    : Guard.unless(
      !state.coordination.needed,
      "MTG-3",
      () => "the case was judged not to need coordination by multi-agency collaboration: support for supporters (PLN-7), or a new judgement",
      subject
    )

/** PRG-1, PRG-4: the agencies running the component a plan of this kind belongs to. */
export const operatorsFor = (catalog: Catalog.Catalog, kind: SupportPlan.Kind): ReadonlyArray<Id.AgencyId> =>
  Edition.operatorsOf(catalog, SupportPlan.programOf(kind))

/** PLN-1, PLN-5: the rule naming who works on a kind of plan. */
export const operatorRule = (kind: SupportPlan.Kind): Rule.RuleId => (kind === "participation-support" ? "PLN-5" : "PLN-1")

/**
 * CNS-1, CNS-2: every subject has the application for this kind of support in force; returns the
 * records relied on. [design] Per subject (CNS-7): the plan names 本人の利用申込み (L370); a household
 * member's information in a shared plan needs that member's own consent (docs/design-rules.md).
 */
export const consentsFor = (
  state: State,
  kind: SupportPlan.Kind,
  subjects: ReadonlyArray<Id.MemberId>,
  at: Instant.Instant,
  subject: string
): Result.Result<ReadonlyArray<Id.ConsentId>, Rule.RuleViolation> => {
  const rule: Rule.RuleId = kind === "multi-agency" ? "CNS-2" : "CNS-1"
  const ids: Array<Id.ConsentId> = []
  for (const memberId of subjects) {
    const finding = Consent.find(state.consents, { memberId, purpose: Consent.applicationFor(kind), at }, rule)
    if (!finding.covered) {
      return Rule.refuse(finding.rule, `${kind} support needs the application for use: ${finding.explanation}`, subject)
    }
    ids.push(finding.record.consentId)
  }
  return Result.succeed(ids)
}

/** ACC-2, CNS-7: the items are recorded in the case and each is about one of `subjects` (of `what`: a plan, an agenda item). */
export const requireItems = (
  state: State,
  itemIds: ReadonlyArray<Id.InfoItemId>,
  subjects: ReadonlyArray<Id.MemberId>,
  what: string,
  subject: string
): Result.Result<ReadonlyArray<Disclosure.InfoItem>, Rule.RuleViolation> => {
  const items: Array<Disclosure.InfoItem> = []
  for (const itemId of itemIds) {
    const item = state.information.find((i) => i.itemId === itemId)
    if (item === undefined) return Rule.refuse("ACC-2", `item ${itemId} is not recorded in case ${state.caseId ?? "(none)"}`, subject)
    if (!subjects.includes(item.memberId)) {
      return Rule.refuse("CNS-7", `item ${itemId} is about member ${item.memberId}, who is not a subject of ${what}`, subject)
    }
    items.push(item)
  }
  return Result.succeed(items)
}

/** CNS-4, CNS-7, ACC-2: a plan is shared with its role agencies; its basis items are recorded, about its subjects, and each agency may see them and each subject's information. */
export const sharePlan = (
  state: State,
  ctx: Aggregate.Context,
  subjects: ReadonlyArray<Id.MemberId>,
  roles: ReadonlyArray<SupportPlan.Role>,
  basis: ReadonlyArray<Id.InfoItemId>,
  at: Instant.Instant,
  subject: string
): Guard.Check => {
  const items = requireItems(state, basis, subjects, "the plan", subject)
  if (Result.isFailure(items)) return Guard.refusal(items)
  const agencies = [...new Set(roles.map((r) => r.agencyId))]
  const refused = Disclosure.refusalOf(
    { agencies, members: subjects, items: items.success, setting: "direct-sharing", at },
    { consents: state.consents, register: ctx.register }
  )
  if (refused === undefined) return Guard.ok
  return Rule.refuse(
    refused.because.rule,
    refused.item !== undefined
      ? `item ${refused.item.itemId} cannot go into a plan shared with ${refused.agency}: ${refused.because.explanation}`
      : `the plan cannot be shared with ${refused.agency}: ${refused.because.explanation}`,
    subject
  )
}

/** PLN-2: the meeting is an individual case meeting held at `at` with this case (and these members) on its agenda. */
export const atIndividualCaseMeeting = (
  ctx: Aggregate.Context,
  meetingId: Id.MeetingId,
  caseId: Id.CaseId,
  members: ReadonlyArray<Id.MemberId>,
  by: Id.AgencyId,
  at: Instant.Instant,
  subject: string
): Guard.Check => {
  const meeting = ctx.meetings.get(meetingId)
  if (meeting === undefined || meeting.held === undefined) return Rule.refuse("PLN-2", `meeting ${meetingId} is not recorded`, subject)
  if (!Meeting.isIndividualCaseMeeting(meeting)) {
    return Rule.refuse(
      "PLN-2",
      `plans are judged only at an individual case meeting of the multi-layered support meeting; meeting ${meetingId} is a ${meeting.held.meetingType} (${meeting.held.kind})`,
      subject
    )
  }
  if (!Meeting.isDuring(meeting, at)) {
    return Rule.refuse("PLN-2", `the judgment is recorded at the meeting's instant; meeting ${meetingId} was held at ${Instant.format(meeting.held.at)}`, subject)
  }
  if (!meeting.held.attendees.includes(by)) return Rule.refuse("PLN-2", `${by} did not attend meeting ${meetingId}`, subject)
  const tabled = meeting.agenda.filter((a) => a.caseId === caseId)
  if (tabled.length === 0) return Rule.refuse("PLN-2", `case ${caseId} was not on the agenda of meeting ${meetingId}`, subject)
  const discussed = new Set(tabled.flatMap((a) => a.subjects))
  const missing = members.find((m) => !discussed.has(m))
  if (missing !== undefined) {
    return Rule.refuse("CNS-4", `member ${missing} was not discussed at meeting ${meetingId} (no consent to share there)`, subject)
  }
  return Guard.ok
}
