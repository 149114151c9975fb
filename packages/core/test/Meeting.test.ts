import { describe, expect, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import { Id, Instant, Meeting, MemberRegister } from "@kitakami-juso/core"
import {
  caseMeeting,
  CITY,
  CORE,
  establishRegister,
  given,
  HOKATSU,
  type Input,
  OP,
  patch,
  referral,
  sonConsent,
  operatorJudged,
  supportMeeting,
  JOINT,
  T,
  table,
  World
} from "./support/world.ts"

const adHoc = (attendees: ReadonlyArray<string>, withReason = true): Input =>
  ({
    _tag: "HoldMeeting",
    meetingId: "sm2",
    at: T("06-10T14:00"),
    by: CITY,
    meetingType: "support-meeting",
    kind: "ad-hoc",
    ...(withReason ? { adHocReason: "non-core-agencies" } : {}),
    attendees: [...attendees]
  }) as unknown as Input

const appoint = (agencyId: string, at = T("06-01T09:00")): Input => ({ _tag: "AppointMember", agencyId, at, by: CITY })
const retire = (agencyId: string, at = T("09-01T09:00")): Input => ({ _tag: "RetireMember", agencyId, at, by: CITY })

describe("Meetings (MTG)", () => {
  it("MTG-1: the city and the operator attend both meeting types", () => {
    given(establishRegister).when(supportMeeting()).then({ _tag: "MeetingHeld", meetingType: "support-meeting", attendees: [...CORE] })
    given(establishRegister).when(caseMeeting()).then({ _tag: "MeetingHeld", meetingType: "multi-layered-support-meeting", by: OP })
  })

  it("MTG-1: refuses a support meeting without the operator and a multi-layered meeting without the city", () => {
    given(establishRegister)
      .when(patch(supportMeeting(), { attendees: CORE.filter((a) => a !== OP) }))
      .thenRefused("MTG-1")
    given(establishRegister).when(caseMeeting("icm1", T("05-20T14:00"), [OP, HOKATSU])).thenRefused("MTG-1")
  })

  it("MTG-2: the city hosts the support meeting; the register keeps former members with their periods", () => {
    const w = new World()
    for (const c of [establishRegister, appoint(HOKATSU)]) w.run(c)
    const spec = given(establishRegister, appoint(HOKATSU))
    spec.when(retire(HOKATSU)).then({ _tag: "MemberRetired", agencyId: HOKATSU })
    w.run(retire(HOKATSU))
    const register = w.register()
    const hokatsu = Id.AgencyId.make(HOKATSU)
    expect(MemberRegister.isMemberAt(register, hokatsu, Instant.make(T("07-01T10:00")))).toBe(true)
    expect(MemberRegister.isMemberAt(register, hokatsu, Instant.make(T("09-01T09:00")))).toBe(false)
    expect(MemberRegister.formerMembersAt(register, Instant.make(T("10-01T09:00")))).toEqual([HOKATSU])
    expect(register.periods.find((p) => p.agencyId === HOKATSU)).toMatchObject({ agencyId: HOKATSU })
    // An ad hoc meeting with a non-core member, called for a reason, while it is a member.
    given(establishRegister, appoint(HOKATSU))
      .when(adHoc([...CORE, HOKATSU]))
      .then({ _tag: "MeetingHeld", kind: "ad-hoc", adHocReason: "non-core-agencies", served: ["support-meeting"] })
  })

  it("MTG-2: refuses non-members, former members, non-city hosts, non-core members at a regular meeting, ad hoc without reason", () => {
    const notMember = given(establishRegister).when(adHoc([...CORE, HOKATSU])).thenRefused("MTG-2")
    expect(notMember.message).toContain(HOKATSU)
    const former = given(establishRegister, appoint(HOKATSU), retire(HOKATSU, T("06-05T09:00"))).when(adHoc([...CORE, HOKATSU])).thenRefused("MTG-2")
    expect(former.message).toContain("former member")
    given(establishRegister).when(patch(supportMeeting(), { by: OP })).thenRefused("MTG-2")
    given(establishRegister, appoint(HOKATSU))
      .when(patch(supportMeeting(), { attendees: [...CORE, HOKATSU] }))
      .thenRefused("MTG-2")
    given(establishRegister, appoint(HOKATSU)).when(adHoc([...CORE, HOKATSU], false)).thenRefused("MTG-2")
  })

  it("MTG-2: refuses a register without every core member, retiring a core member, and a register kept by a non-city agency", () => {
    given().when(patch(establishRegister, { members: CORE.filter((c) => c !== "city-hoken") })).thenRefused("MTG-2")
    given(establishRegister).when(retire("city-hoken")).thenRefused("MTG-2")
    given().when(patch(establishRegister, { by: OP })).thenRefused("MTG-2")
  })

  it("MTG-3: the support meeting records whether a case goes to multi-agency collaboration", () => {
    given(establishRegister, referral, supportMeeting(), table("sm1", "i1", ["son", "mother"], T("04-20T14:30")))
      .when({
        _tag: "RecordDecision",
        meetingId: "sm1",
        itemId: "i1",
        decision: "refer-to-multi-agency-collaboration",
        at: T("04-20T15:00"),
        by: CITY
      })
      .then({ _tag: "DecisionRecorded", caseId: "c1", decision: "refer-to-multi-agency-collaboration" })
  })

  it("MTG-3: refuses support-meeting decisions at the multi-layered meeting, and decisions on untabled items", () => {
    given(establishRegister, referral, operatorJudged, sonConsent(), caseMeeting(), table("icm1", "i1", ["son"], T("05-20T14:10")))
      .when({ _tag: "RecordDecision", meetingId: "icm1", itemId: "i1", decision: "watch", at: T("05-20T15:00"), by: OP })
      .thenRefused("MTG-3")
    given(establishRegister, referral, supportMeeting())
      .when({ _tag: "RecordDecision", meetingId: "sm1", itemId: "i9", decision: "watch", at: T("04-20T15:00"), by: CITY })
      .thenRefused("MTG-3")
  })

  it("MTG-4: the operator hosts the multi-layered meeting; the overall promotion meeting discusses topics", () => {
    const promotion: Input = patch(caseMeeting("op1", T("11-10T14:00")), { kind: "overall-promotion", jointWith: ["chiiki-fukushi-keikaku-iinkai"], jointConditions: JOINT })
    given(establishRegister).when(promotion).then({
      _tag: "MeetingHeld",
      kind: "overall-promotion",
      served: ["multi-layered-support-meeting", "chiiki-fukushi-keikaku-iinkai"]
    })
    given(establishRegister, promotion)
      .when({ _tag: "DiscussTopic", meetingId: "op1", itemId: "t1", topic: "resource-gap", at: T("11-10T14:30"), by: OP })
      .then({ _tag: "TopicDiscussed", topic: "resource-gap" })
  })

  it("MTG-4: refuses a multi-layered meeting hosted by the city, individual cases at the overall promotion meeting, and a wrong kind", () => {
    given(establishRegister).when(patch(caseMeeting(), { by: CITY })).thenRefused("MTG-4")
    given(establishRegister, referral, operatorJudged, sonConsent(), patch(caseMeeting("op1"), { kind: "overall-promotion" }))
      .when(table("op1", "i1", ["son"], T("05-20T14:10")))
      .thenRefused("MTG-4")
    given(establishRegister).when(patch(caseMeeting(), { kind: "regular" })).thenRefused("MTG-4")
  })

  it("MTG-5: a meeting held jointly with existing meetings records every type it served", () => {
    given(establishRegister)
      .when(patch(supportMeeting(), { jointWith: ["konkyu-shien-kaigi", "chiiki-care-kaigi"], jointConditions: JOINT }))
      .then({ _tag: "MeetingHeld", served: ["support-meeting", "konkyu-shien-kaigi", "chiiki-care-kaigi"] })
  })

  it("MTG-5: the list of existing meetings is open (など): another existing meeting is named; any meeting type may be held jointly with the welfare-plan committee", () => {
    given(establishRegister)
      .when(patch(supportMeeting(), { jointWith: ["other:要保護児童対策地域協議会"], jointConditions: JOINT }))
      .then({ _tag: "MeetingHeld", served: ["support-meeting", "other:要保護児童対策地域協議会"], jointConditions: JOINT })
    given(establishRegister)
      .when(patch(caseMeeting(), { jointWith: ["chiiki-fukushi-keikaku-iinkai"], jointConditions: JOINT }))
      .then({ _tag: "MeetingHeld", served: ["multi-layered-support-meeting", "chiiki-fukushi-keikaku-iinkai"] })
  })

  it("MTG-5: refuses a joint holding without its conditions affirmed, a type twice, and a condition denied", () => {
    const refused = given(establishRegister).when(patch(supportMeeting(), { jointWith: ["chiiki-care-kaigi"] })).thenRefused("MTG-5")
    expect(refused.message).toContain("jointConditions")
    given(establishRegister).when(patch(supportMeeting(), { jointWith: ["chiiki-care-kaigi", "chiiki-care-kaigi"], jointConditions: JOINT })).thenRefused("MTG-5")
    expect(Exit.isFailure(Schema.decodeUnknownExit(Meeting.JointConditions)({ ...JOINT, timeKeptApart: false }))).toBe(true)
  })

  it("AUD-1: a meeting is recorded once; its history is append-only", () => {
    given(establishRegister, supportMeeting()).when(supportMeeting()).thenRefused("AUD-1")
  })
})
