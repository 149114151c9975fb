import { describe, expect, it } from "@effect/vitest"
import { Id, Instant, Disclosure } from "@kitakami-juso/core"
import {
  assessment,
  caseMeeting,
  CITY,
  draft,
  establishRegister,
  given,
  HOKATSU,
  type Input,
  OP,
  patch,
  referral,
  review,
  SANKA,
  sonConsent,
  operatorJudged,
  supportMeeting,
  T,
  table,
  toAssessed,
  toDrafted,
  toInSupport,
  World
} from "./support/world.ts"

const start = (planId = "p1", at = T("05-21T10:00"), by = OP, earlyStartReason?: string): Input =>
  patch({ _tag: "StartSupport", caseId: "c1", planId, at, by }, earlyStartReason === undefined ? {} : { earlyStartReason })

const revise = (planId = "p1", at = T("07-01T10:00"), by = OP): Input => ({
  _tag: "RevisePlan",
  caseId: "c1",
  planId,
  roles: [{ agencyId: OP, role: "調整" }, { agencyId: "shakyo-sanka-shien", role: "就労体験の調整" }],
  goals: "就労体験に週2回参加する",
  at,
  by
})

const evaluate = (meetingId: string, at: string, outcome: "ended" | "suspended", extra: object = {}): Input =>
  patch({ _tag: "EvaluateEnd", caseId: "c1", planId: "p1", meetingId, outcome, evaluation: "外出が定着した", at, by: OP }, extra)

/** A second individual case meeting (in March 2026) with the son tabled. */
const endMeeting: ReadonlyArray<Input> = [caseMeeting("icm9", "2026-03-10T14:00:00+09:00"), table("icm9", "i1", ["son"], "2026-03-10T14:05:00+09:00")]
const END_AT = "2026-03-10T14:30:00+09:00"

describe("Support plans (PLN)", () => {
  it("PLN-1: referral → consent → assessment with the referring agency → draft by the operator", () => {
    given(establishRegister).when(referral).then({
      _tag: "CaseReferred",
      caseId: "c1",
      by: HOKATSU,
      members: [{ memberId: "son", role: "person" }, { memberId: "mother", role: "household-member" }]
    })
    given(establishRegister, referral, operatorJudged, sonConsent()).when(assessment()).then({
      _tag: "AssessmentRecorded",
      assessors: [OP, HOKATSU],
      subjects: ["son"]
    })
    given(...toAssessed).when(draft()).then({ _tag: "PlanDrafted", by: OP, roles: [{ agencyId: OP }, { agencyId: HOKATSU }] })
  })

  it("PLN-1: refuses a draft before assessment, a draft or assessment by another agency, and work on a case never referred", () => {
    given(establishRegister, referral, operatorJudged, sonConsent()).when(draft()).thenRefused("PLN-1")
    given(...toAssessed).when(patch(draft(), { by: HOKATSU })).thenRefused("PLN-1")
    given(establishRegister, referral, operatorJudged, sonConsent()).when(patch(assessment(), { by: HOKATSU })).thenRefused("PLN-1")
    given(establishRegister).when(sonConsent()).thenRefused("PLN-1")
    given(establishRegister).when(patch(referral, { by: "nowhere" })).thenRefused("ORG-1")
  })

  it("PLN-2: the individual case meeting reviews and decides the plan (two events, one decision)", () => {
    given(...toDrafted)
      .when(review("p1", "icm1", T("05-20T14:30")))
      .then(
        { _tag: "PlanReviewed", planId: "p1", kind: "multi-agency", revision: 1, meetingId: "icm1", outcome: "approved" },
        { _tag: "PlanDecided", planId: "p1", revision: 1, meetingId: "icm1" }
      )
    given(...toDrafted)
      .when(review("p1", "icm1", T("05-20T14:30"), "sent-back"))
      .then({ _tag: "PlanReviewed", outcome: "sent-back" })
  })

  it("PLN-2: refuses judging a plan at the support meeting, the overall promotion meeting, off the agenda or after the meeting", () => {
    given(...toDrafted).when(review("p1", "sm1", T("04-20T15:00"))).thenRefused("PLN-2")
    given(...toDrafted, patch(caseMeeting("op1", T("05-25T14:00")), { kind: "overall-promotion" }))
      .when(review("p1", "op1", T("05-25T14:30")))
      .thenRefused("PLN-2")
    given(...toAssessed, draft(), caseMeeting()).when(review("p1", "icm1", T("05-20T14:30"))).thenRefused("PLN-2")
    given(...toDrafted).when(review("p1", "icm1", T("06-20T14:30"))).thenRefused("PLN-2")
    given(...toDrafted).when(review("p1", "icm-none", T("05-20T14:30"))).thenRefused("PLN-2")
    given(...toInSupport).when(review("p1", "icm1", T("05-20T14:40"))).thenRefused("PLN-2")
  })

  it("PLN-3: after the decision support runs; a re-plan is drafted and reviewed again", () => {
    const w = new World()
    for (const c of [...toInSupport, revise(), caseMeeting("icm2", T("07-15T14:00")), table("icm2", "i1", ["son"], T("07-15T14:05"))]) w.run(c)
    const spec = given(...toInSupport)
    spec.when(revise()).then({ _tag: "PlanRevised", planId: "p1", revision: 2 })
    const [, decided] = w.run(review("p1", "icm2", T("07-15T14:30")))
    expect(decided).toMatchObject({ _tag: "PlanDecided", revision: 2 })
    const plan = w.caseState("c1").plans[0]!
    expect(plan).toMatchObject({ revision: 2, phase: "decided", decidedRevision: 2 })
    expect(plan.reviews.map((r) => r.revision)).toEqual([1, 2])
    expect(plan.started).toBeDefined()
  })

  it("PLN-3: refuses starting a multi-agency plan before its decision and revising a draft still awaiting review", () => {
    given(...toDrafted).when(start()).thenRefused("PLN-3")
    given(...toDrafted).when(revise()).thenRefused("PLN-3")
    given(...toInSupport).when(start()).thenRefused("PLN-3")
  })

  it("PLN-4: a closed case reopens, keeping its history; sharing under consent continues after the end", () => {
    const w = new World()
    for (const c of [...toInSupport, ...endMeeting, evaluate("icm9", END_AT, "ended")]) w.run(c)
    expect(w.caseState("c1").status).toBe("closed")
    const spec = given(...toInSupport, ...endMeeting, evaluate("icm9", END_AT, "ended"))
    spec.when({ _tag: "ReopenCase", caseId: "c1", at: "2026-06-01T10:00:00+09:00", by: HOKATSU, reason: "母の入院で再び孤立" })
      .then({ _tag: "CaseReopened" })
    w.run({ _tag: "ReopenCase", caseId: "c1", at: "2026-06-01T10:00:00+09:00", by: HOKATSU })
    const state = w.caseState("c1")
    expect(state.status).toBe("open")
    expect(state.plans[0]).toMatchObject({ planId: "p1", phase: "ended" })
    expect(state.history.map((h) => h.change)).toEqual(["closed", "reopened"])
    // A new plan after reopening (the ended one stays as it was).
    w.run(patch(draft("p2", "2026-06-05T10:00:00+09:00"), {}))
    expect(w.caseState("c1").plans.map((p) => p.planId)).toEqual(["p1", "p2"])
    const after = Disclosure.decide(
      { agency: Id.AgencyId.make(HOKATSU), memberId: Id.MemberId.make("son"), setting: "direct-sharing", at: Instant.make("2026-04-15T10:00:00+09:00") },
      { consents: w.caseState("c1").consents, register: w.register() }
    )
    expect(after).toMatchObject({ allowed: true, because: { rule: "CNS-4", consentId: "cn-son" } })
  })

  it("PLN-4: refuses new work on a closed case until it is reopened, and reopening an open case", () => {
    const closed = [...toInSupport, ...endMeeting, evaluate("icm9", END_AT, "ended")]
    given(...closed).when(draft("p2", "2026-03-20T10:00:00+09:00")).thenRefused("PLN-4")
    given(...closed).when(revise("p1", "2026-03-20T10:00:00+09:00")).thenRefused("PLN-4")
    given(...toInSupport).when({ _tag: "ReopenCase", caseId: "c1", at: T("06-01T10:00"), by: OP }).thenRefused("PLN-4")
  })

  it("PLN-4a: ending and suspension are distinct outcomes, each recorded with its evaluation at the meeting", () => {
    given(...toInSupport, ...endMeeting).when(evaluate("icm9", END_AT, "ended")).then(
      { _tag: "PlanEndEvaluated", planId: "p1", outcome: "ended", meetingId: "icm9" },
      { _tag: "CaseClosed", outcome: "ended" }
    )
    // The son withdraws consent: the case is tabled by id only, and support is suspended.
    const withdrawn: ReadonlyArray<Input> = [
      ...toInSupport,
      { _tag: "WithdrawConsent", caseId: "c1", consentId: "cn-son", at: T("10-01T10:00"), by: OP },
      caseMeeting("icm9", T("10-20T14:00")),
      table("icm9", "i1", [], T("10-20T14:05"))
    ]
    given(...withdrawn)
      .when(evaluate("icm9", T("10-20T14:30"), "suspended", { suspensionReason: "consent-withdrawn" }))
      .then({ _tag: "PlanEndEvaluated", outcome: "suspended", suspensionReason: "consent-withdrawn" }, { _tag: "CaseClosed", outcome: "suspended" })
  })

  it("PLN-4a: refuses ending support that never started, suspending without a reason, and closing around an active plan", () => {
    given(...toDrafted).when(evaluate("icm1", T("05-20T14:30"), "ended")).thenRefused("PLN-4a")
    given(...toInSupport, ...endMeeting).when(evaluate("icm9", END_AT, "suspended")).thenRefused("PLN-4a")
    given(...toInSupport).when({ _tag: "CloseCase", caseId: "c1", reason: "other", at: T("06-01T10:00"), by: OP }).thenRefused("PLN-4a")
    given(...toInSupport).when(evaluate("sm1", T("04-20T15:00"), "ended")).thenRefused("PLN-2")
  })

  it("PLN-5: participation support may start before its decision, with the reason recorded", () => {
    const drafted = [...toAssessed, assessment(T("05-11T10:00"), "participation-support"), draft("p-sanka", T("05-16T10:00"), "participation-support")]
    given(...drafted)
      .when(start("p-sanka", T("05-17T10:00"), SANKA, "本人の意欲が高いうちに体験を始める"))
      .then({ _tag: "SupportStarted", planId: "p-sanka", early: true, earlyStartReason: "本人の意欲が高いうちに体験を始める" })
  })

  it("PLN-5: refuses an early start without a reason, and a participation plan drafted by another operator", () => {
    const drafted = [...toAssessed, assessment(T("05-11T10:00"), "participation-support"), draft("p-sanka", T("05-16T10:00"), "participation-support")]
    given(...drafted).when(start("p-sanka", T("05-17T10:00"), SANKA)).thenRefused("PLN-5")
    given(...toAssessed, assessment(T("05-11T10:00"), "participation-support"))
      .when(patch(draft("p-sanka", T("05-16T10:00"), "participation-support"), { by: OP }))
      .thenRefused("PLN-5")
  })

  it("PLN-6: after a participation plan starts: settling-in, support for the receiving place, follow-up visits", () => {
    const started = [
      ...toAssessed,
      assessment(T("05-11T10:00"), "participation-support"),
      draft("p-sanka", T("05-16T10:00"), "participation-support"),
      start("p-sanka", T("05-17T10:00"), SANKA, "早期支援")
    ]
    for (const kind of ["settling-in", "receiving-place", "follow-up-visit"] as const) {
      given(...started)
        .when({ _tag: "RecordFollowUp", caseId: "c1", planId: "p-sanka", recordId: `f-${kind}`, kind, at: T("06-01T10:00"), by: SANKA })
        .then({ _tag: "FollowUpRecorded", kind })
    }
  })

  it("PLN-6: refuses follow-up before the start, and on a multi-agency plan", () => {
    const drafted = [...toAssessed, assessment(T("05-11T10:00"), "participation-support"), draft("p-sanka", T("05-16T10:00"), "participation-support")]
    given(...drafted)
      .when({ _tag: "RecordFollowUp", caseId: "c1", planId: "p-sanka", recordId: "f1", kind: "follow-up-visit", at: T("06-01T10:00"), by: SANKA })
      .thenRefused("PLN-6")
    given(...toInSupport)
      .when({ _tag: "RecordFollowUp", caseId: "c1", planId: "p1", recordId: "f1", kind: "follow-up-visit", at: T("06-01T10:00"), by: SANKA })
      .thenRefused("PLN-6")
  })

  it("PLN-7: support for supporters is recorded without a plan", () => {
    given(establishRegister, referral)
      .when({ _tag: "RecordSupporterSupport", caseId: "c1", recordId: "s1", kind: "advice-to-referrer", to: HOKATSU, at: T("04-15T10:00"), by: OP })
      .then({ _tag: "SupporterSupportRecorded", kind: "advice-to-referrer", to: HOKATSU })
    given(establishRegister, referral, operatorJudged, sonConsent())
      .when({ _tag: "RecordSupporterSupport", caseId: "c1", recordId: "s1", kind: "brokering", to: "shakyo-sanka-shien", at: T("05-15T10:00"), by: OP })
      .then({ _tag: "SupporterSupportRecorded", kind: "brokering" })
  })

  it("PLN-7: refuses it from another agency, advice to an agency that did not refer, or brokering without consent", () => {
    const support = (extra: object): Input =>
      patch({ _tag: "RecordSupporterSupport", caseId: "c1", recordId: "s1", kind: "advice-to-referrer", to: HOKATSU, at: T("06-15T10:00"), by: OP }, extra)
    given(establishRegister, referral).when(support({ by: CITY })).thenRefused("PLN-7")
    given(establishRegister, referral).when(support({ kind: "brokering", to: "shakyo-kurashi-jiritsu" })).thenRefused("CNS-4")
    given(establishRegister, referral).when(support({ to: "shakyo-kurashi-jiritsu" })).thenRefused("PLN-7")
  })

  it("PLN-9: a refused two-event command decides nothing at all", () => {
    // An approval would give PlanReviewed and PlanDecided; refused, it gives neither.
    const w = new World()
    for (const c of [...toAssessed, draft(), caseMeeting()]) w.run(c)
    const before = w.log.length
    const refused = w.apply(review("p1", "icm1", T("05-20T14:30")))
    expect(refused._tag).toBe("Failure")
    expect(w.log.length).toBe(before)
    expect(w.caseState("c1").plans[0]).toMatchObject({ phase: "drafted", reviews: [] })
  })

  it("AUD-1: a case, plan, consent or record id is used once", () => {
    given(establishRegister, referral).when(referral).thenRefused("AUD-1")
    given(...toDrafted).when(draft()).thenRefused("AUD-1")
    given(establishRegister, referral, operatorJudged, sonConsent()).when(sonConsent()).thenRefused("AUD-1")
  })

  it("CNS-7: a case has exactly one person; others are household members", () => {
    given(establishRegister)
      .when(patch(referral, {
        members: [
          { memberId: "a", role: "person", relation: "self", name: "甲" },
          { memberId: "b", role: "person", relation: "self", name: "乙" }
        ]
      }))
      .thenRefused("CNS-7")
    given(establishRegister, referral)
      .when({ _tag: "AddHouseholdMember", caseId: "c1", member: { memberId: "sister", role: "household-member", relation: "sibling", name: "北上 桜" }, at: T("04-12T10:00"), by: HOKATSU })
      .then({ _tag: "HouseholdMemberAdded", member: { memberId: "sister", relation: "sibling" } })
  })

  it("MTG-3: the support meeting may discuss a referred case before any consent", () => {
    given(establishRegister, referral, supportMeeting()).when(table("sm1", "i1", ["son"], T("04-20T14:30"))).then({ _tag: "CaseTabled" })
  })
})
