/**
 * Issue 11: the rules the plan states that were missing or narrower: MTG-3 (the coordination
 * judgement opens multi-agency intake), PLN-7 (support for supporters during a plan), PLN-3
 * (monitoring, cited by a re-plan), ORG-5 (consultations from outside the statutory programs),
 * PLN-5 (the need existing programs cannot meet).
 */
import { describe, expect, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import { Case } from "@kitakami-juso/core"
import {
  assessment,
  caseMeeting,
  CITY,
  CORE,
  draft,
  establishRegister,
  given,
  HOKATSU,
  type Input,
  judgedNeeded,
  OP,
  operatorJudged,
  patch,
  referOn,
  referral,
  sonConsent,
  supportMeeting,
  T,
  table,
  toInSupport
} from "./support/world.ts"

/** The input without `key` (an optional field left out). */
const omit = (input: Input, key: string): Input => {
  const { [key]: _, ...rest } = input as unknown as Record<string, unknown>
  return rest as unknown as Input
}

const atSupportMeeting: ReadonlyArray<Input> = [establishRegister, referral, supportMeeting(), table("sm1", "i1", ["son", "mother"], T("04-20T14:30"))]
const decided = (decision: string): Input => patch(referOn(), { decision })

describe("MTG-3: the coordination judgement opens multi-agency intake (支援のコーディネートが必要と判断されたもの)", () => {
  it("MTG-3: the support meeting's decision to refer the case on, recorded on the case, opens the application, assessment and drafting", () => {
    given(...atSupportMeeting, referOn()).when(judgedNeeded()).then({ _tag: "CoordinationJudged", needed: true, decision: { meetingId: "sm1", itemId: "i1" } })
    given(...atSupportMeeting, referOn(), judgedNeeded()).when(sonConsent()).then({ _tag: "ConsentRecorded" })
    given(...atSupportMeeting, referOn(), judgedNeeded(), sonConsent()).when(assessment()).then({ _tag: "AssessmentRecorded" })
    given(...atSupportMeeting, referOn(), judgedNeeded(), sonConsent(), assessment()).when(draft()).then({ _tag: "PlanDrafted" })
  })

  it("MTG-3: the operator's own judgement after a referral opens intake too", () => {
    given(establishRegister, referral).when(operatorJudged).then({ _tag: "CoordinationJudged", needed: true })
    given(establishRegister, referral, operatorJudged).when(sonConsent()).then({ _tag: "ConsentRecorded" })
  })

  it("MTG-3: refuses the application for use, assessment and drafting without a judgement, or after one that it is not needed", () => {
    expect(given(establishRegister, referral).when(sonConsent()).thenRefused("MTG-3").message).toContain("JudgeCoordination")
    const notNeeded: Input = { _tag: "JudgeCoordination", caseId: "c1", needed: false, decision: { meetingId: "sm1", itemId: "i1" }, at: T("04-21T10:00"), by: OP }
    const spec = given(...atSupportMeeting, decided("handled-by-existing-links"), notNeeded)
    expect(spec.when(sonConsent()).thenRefused("MTG-3").message).toContain("PLN-7")
    // Consents for other purposes are not intake and stay possible.
    spec.when(patch(sonConsent(), { purposes: ["information-sharing"] })).then({ _tag: "ConsentRecorded" })
  })

  it("MTG-3: refuses a judgement that contradicts the meeting's decision, cites no recorded decision, or is the operator's made by another agency", () => {
    given(...atSupportMeeting, decided("watch")).when(judgedNeeded()).thenRefused("MTG-3")
    given(...atSupportMeeting).when(judgedNeeded()).thenRefused("MTG-3")
    given(establishRegister, referral).when(patch(operatorJudged, { by: HOKATSU })).thenRefused("MTG-3")
    given(...atSupportMeeting, referOn()).when(patch(judgedNeeded(), { by: HOKATSU })).thenRefused("MTG-3")
  })

  it("MTG-3: the judgement is recorded with the meeting's decision by the city as well", () => {
    given(...atSupportMeeting, referOn()).when(patch(judgedNeeded(), { by: CITY })).then({ _tag: "CoordinationJudged", by: CITY })
  })
})

describe("PLN-7: support for supporters whether or not a plan is active (必要性が低いと判断される事例でも)", () => {
  const support = (extra: object = {}): Input =>
    patch({ _tag: "RecordSupporterSupport", caseId: "c1", recordId: "s1", kind: "advice-to-referrer", to: HOKATSU, at: T("06-15T10:00"), by: OP }, extra)

  it("PLN-7: recorded while a multi-agency plan is in support, and after a judgement that coordination is not needed", () => {
    given(...toInSupport).when(support()).then({ _tag: "SupporterSupportRecorded", kind: "advice-to-referrer" })
    const notNeeded: Input = { _tag: "JudgeCoordination", caseId: "c1", needed: false, at: T("04-11T10:00"), by: OP }
    given(establishRegister, referral, notNeeded).when(support()).then({ _tag: "SupporterSupportRecorded" })
  })

  it("PLN-7: still refused from another agency than the operator, during a plan too", () => {
    given(...toInSupport).when(support({ by: HOKATSU })).thenRefused("PLN-7")
  })
})

describe("PLN-3: monitoring (支援の実施状況) gathered from agencies at meetings, at any time", () => {
  const meeting = caseMeeting("icm9", T("07-10T14:00"))
  const tabled = table("icm9", "i1", ["son"], T("07-10T14:05"))
  const monitoring = (extra: object = {}): Input =>
    patch(
      { _tag: "RecordMonitoring", caseId: "c1", recordId: "mon-1", planId: "p1", reportedBy: HOKATSU, meetingId: "icm9", status: "not-progressing", followUp: "replan", at: T("07-10T14:20"), by: OP },
      extra
    )
  const replan: Input = { _tag: "RevisePlan", caseId: "c1", planId: "p1", roles: [{ agencyId: OP, role: "調整" }], goals: "再プラン", monitoring: ["mon-1"], at: T("07-15T10:00"), by: OP }

  it("PLN-3: recorded with who reported, when, at which meeting and a structured status; a re-plan cites it", () => {
    given(...toInSupport, meeting, tabled)
      .when(monitoring())
      .then({ _tag: "MonitoringRecorded", reportedBy: HOKATSU, meetingId: "icm9", status: "not-progressing", followUp: "replan", by: OP })
    // 随時: also outside a meeting.
    given(...toInSupport).when(omit(monitoring(), "meetingId")).then({ _tag: "MonitoringRecorded", status: "not-progressing" })
    given(...toInSupport, meeting, tabled, monitoring()).when(replan).then({ _tag: "PlanRevised", revision: 2, monitoring: ["mon-1"] })
  })

  it("PLN-3: refuses monitoring of an undecided plan, from an agency not at the meeting, of a case not on its agenda, or a re-plan citing unknown monitoring", () => {
    given(...toInSupport.slice(0, -2)).when(omit(monitoring(), "meetingId")).thenRefused("PLN-3")
    given(...toInSupport, meeting, tabled).when(monitoring({ reportedBy: "shogai-kikan-sodan" })).thenRefused("PLN-3")
    given(...toInSupport, meeting).when(monitoring()).thenRefused("PLN-3")
    given(...toInSupport, meeting, tabled).when(monitoring({ by: HOKATSU })).thenRefused("PLN-3")
    given(...toInSupport).when(replan).thenRefused("PLN-3")
  })

  it("PLN-3, AUD-2: the status is a closed list: free text is refused by the schema", () => {
    const decode = Schema.decodeUnknownExit(Case.RecordMonitoring, { onExcessProperty: "error" })
    const valid = { ...monitoring(), commandId: "m-1" }
    expect(Exit.isSuccess(decode(valid))).toBe(true)
    expect(Exit.isFailure(decode({ ...valid, status: "本人が元気そう" }))).toBe(true)
    expect(Exit.isFailure(decode({ ...valid, note: "本人が元気そう" }))).toBe(true)
  })
})

describe("ORG-5: consultations from departments and organisations outside the statutory programs (法定構成事業を所管していなくても)", () => {
  const outside: Input = patch(referral, { by: CITY, from: { kind: "city-department", name: "市民課" } })

  it("ORG-5: an outside party brings the case and appears as the referring party, without being in the directory or a member", () => {
    const spec = given(establishRegister)
    spec.when(outside).then({ _tag: "CaseReferred", by: CITY, from: { kind: "city-department", name: "市民課" } })
    spec.world.run(outside)
    expect(spec.world.caseState("c1")).toMatchObject({ referredBy: CITY, referredFrom: { kind: "city-department", name: "市民課" } })
    // It never becomes a support-meeting member: the attendees stay the registered members.
    given(establishRegister, outside).when(patch(supportMeeting(), { attendees: [...CORE, "shimin-ka"] })).thenRefused("ORG-1")
  })

  it("ORG-5: refuses an 'outside' party that is in the program directory (it refers as its own agency)", () => {
    given(establishRegister).when(patch(referral, { from: { kind: "organisation", name: "地域包括支援センター本通り" } })).thenRefused("ORG-5")
  })
})

describe("PLN-5: participation support answers needs existing programs cannot meet (既存の事業では対応できない)", () => {
  const ready: ReadonlyArray<Input> = [establishRegister, referral, operatorJudged, sonConsent(), assessment(T("05-10T10:00"), "participation-support")]

  it("PLN-5: the participation plan records which need it answers", () => {
    given(...ready).when(draft("p2", T("05-15T10:00"), "participation-support")).then({ _tag: "PlanDrafted", kind: "participation-support", unmetNeed: "place-to-belong" })
  })

  it("PLN-5: refuses a participation plan without the need, and the need on another kind of plan", () => {
    given(...ready).when(omit(draft("p2", T("05-15T10:00"), "participation-support"), "unmetNeed")).thenRefused("PLN-5")
    given(establishRegister, referral, operatorJudged, sonConsent(), assessment()).when(patch(draft(), { unmetNeed: "employment" })).thenRefused("PLN-5")
  })
})
