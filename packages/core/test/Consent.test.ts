import { describe, expect, it } from "@effect/vitest"
import { Option, Redacted } from "effect"
import { Case, Consent, Disclosure, Id, Instant } from "@kitakami-juso/core"
import {
  assessment,
  caseMeeting,
  CITY,
  CSW,
  draft,
  establishRegister,
  given,
  HOKATSU,
  type Input,
  OP,
  patch,
  referral,
  SANKA,
  sonConsent,
  operatorJudged,
  supportMeeting,
  T,
  table,
  World
} from "./support/world.ts"

const facts = (w: World) => ({ consents: w.caseState("c1").consents, register: w.register() })
const ask = (w: World, agency: string, memberId: string, setting: Disclosure.Setting, at: string) =>
  Disclosure.decide({ agency: Id.AgencyId.make(agency), memberId: Id.MemberId.make(memberId), setting, at: Instant.make(at) }, facts(w))

describe("Consent (CNS)", () => {
  it("CNS-1: participation support starts from the person's application for it", () => {
    given(establishRegister, referral, operatorJudged, sonConsent())
      .when(assessment(T("05-10T10:00"), "participation-support"))
      .then({ _tag: "AssessmentRecorded", kind: "participation-support", subjects: ["son"], by: SANKA })
  })

  it("CNS-1: refuses a participation-support assessment without consent to participation support", () => {
    const onlyMultiAgency: Input = patch(sonConsent(), { purposes: ["multi-agency-collaboration", "information-sharing"] })
    const refused = given(establishRegister, referral, operatorJudged, onlyMultiAgency)
      .when(assessment(T("05-10T10:00"), "participation-support"))
      .thenRefused("CNS-1")
    expect(refused.message).toContain("member son")
  })

  it("CNS-2: a plan is drafted after the application for use, citing the consent it relied on", () => {
    given(establishRegister, referral, operatorJudged, sonConsent(), assessment())
      .when(draft())
      .then({ _tag: "PlanDrafted", planId: "p1", kind: "multi-agency", subjects: ["son"], consents: ["cn-son"] })
  })

  it("CNS-2: refuses a plan draft before the application for use", () => {
    given(establishRegister, referral).when(assessment()).thenRefused("CNS-2")
    given(establishRegister, referral, operatorJudged, sonConsent(), assessment())
      .when(patch(draft(), { subjects: ["mother"] }))
      .thenRefused("CNS-2")
  })

  it("CNS-3: the support meeting shares a person's information without consent, among current members", () => {
    const spec = given(establishRegister, referral, supportMeeting())
    spec.when(table("sm1", "i1", ["son", "mother"], T("04-20T14:30")))
      .then({ _tag: "CaseTabled", meetingId: "sm1", caseId: "c1", subjects: ["son", "mother"] })
    const answer = ask(spec.world, "city-hoken", "mother", "support-meeting", T("04-20T14:30"))
    expect(answer.allowed).toBe(true)
    expect(answer.because.rule).toBe("CNS-3")
    expect(answer.because.membership?.agencyId).toBe("city-hoken")
  })

  it("CNS-3: it is the only setting without consent: the same sharing elsewhere, or with a non-member, is refused", () => {
    const spec = given(establishRegister, referral, caseMeeting("icm1", T("04-25T14:00")))
    spec.when(table("icm1", "i1", ["son"], T("04-25T14:10"))).thenRefused("CNS-4")
    expect(ask(spec.world, "shakyo-kurashi-jiritsu", "son", "support-meeting", T("04-25T14:00"))).toMatchObject({
      allowed: false,
      because: { rule: "MTG-2" }
    })
    expect(ask(spec.world, "city-hoken", "son", "direct-sharing", T("04-25T14:00")).allowed).toBe(false)
  })

  it("CNS-4: with consent covering every attendee, the case goes to the individual case meeting", () => {
    given(establishRegister, referral, operatorJudged, sonConsent(), caseMeeting())
      .when(table("icm1", "i1", ["son"], T("05-20T14:10")))
      .then({ _tag: "CaseTabled", meetingId: "icm1", subjects: ["son"] })
  })

  it("CNS-4: refuses sharing with an attendee or agency the consent does not name", () => {
    // shogai-kikan-sodan (基幹相談支援センター) attends but the son's consent does not name it.
    const spec = given(establishRegister, referral, operatorJudged, sonConsent(), caseMeeting("icm1", T("05-20T14:00"), [OP, CITY, HOKATSU, "shogai-kikan-sodan"]))
    const refused = spec.when(table("icm1", "i1", ["son"], T("05-20T14:10"))).thenRefused("CNS-4")
    expect(refused.message).toContain("shogai-kikan-sodan")
    expect(ask(spec.world, "shogai-kikan-sodan", "son", "direct-sharing", T("05-20T14:00"))).toMatchObject({
      allowed: false,
      because: { rule: "CNS-4", consentId: "cn-son" }
    })
    expect(ask(spec.world, CSW, "son", "direct-sharing", T("05-20T14:00"))).toMatchObject({ allowed: true, because: { rule: "CNS-4" } })
  })

  it("CNS-5: a record says who, what, how, from and until when; a proxy is named and its capacity kept", () => {
    const proxy: Input = patch(sonConsent(), {
      grantor: { _tag: "Proxy", capacity: "legal-guardian", name: "後見 一郎" },
      method: "oral",
      validUntil: "2026-03-31T23:59:59+09:00"
    })
    const [event] = given(establishRegister, referral, operatorJudged).when(proxy).then({
      _tag: "ConsentRecorded",
      consentId: "cn-son",
      memberId: "son",
      grantor: { _tag: "Proxy", capacity: "legal-guardian", name: "後見 一郎" },
      method: "oral",
      by: OP
    })
    expect(event?._tag === "ConsentRecorded" && event.grantor._tag === "Proxy" && Redacted.isRedacted(event.grantor.name)).toBe(true)
    const record = new World()
    for (const c of [establishRegister, referral, operatorJudged, proxy]) record.run(c)
    const [r] = record.caseState("c1").consents
    expect(Consent.statusAt(r!, Instant.make(T("04-30T10:00")))).toBe("not-yet-valid")
    expect(Consent.statusAt(r!, Instant.make(T("12-01T10:00")))).toBe("in-force")
    expect(Consent.statusAt(r!, Instant.make("2026-04-01T00:00:00+09:00"))).toBe("expired")
  })

  it("CNS-5: withdrawal stops disclosure from its instant on and never erases the record", () => {
    const spec = given(establishRegister, referral, operatorJudged, sonConsent())
    spec.when({ _tag: "WithdrawConsent", caseId: "c1", consentId: "cn-son", at: T("08-01T09:00"), by: HOKATSU })
      .then({ _tag: "ConsentWithdrawn", consentId: "cn-son", memberId: "son" })
    const w = spec.world
    w.run({ _tag: "WithdrawConsent", caseId: "c1", consentId: "cn-son", at: T("08-01T09:00"), by: HOKATSU })
    expect(ask(w, HOKATSU, "son", "direct-sharing", T("08-01T08:59")).allowed).toBe(true)
    const after = ask(w, HOKATSU, "son", "direct-sharing", T("08-01T09:00"))
    expect(after).toMatchObject({ allowed: false, because: { rule: "CNS-5", consentId: "cn-son" } })
    // The history keeps the record and its withdrawal.
    expect(w.caseState("c1").consents).toHaveLength(1)
    expect(w.log.map((e) => e._tag)).toContain("ConsentRecorded")
    expect(Instant.format(w.caseState("c1").consents[0]!.withdrawnAt!)).toBe("2025-08-01T00:00:00.000Z")
  })

  it("CNS-5: refuses withdrawing twice, withdrawing before the record, and a record that ends before it starts", () => {
    const withdraw = (at: string): Input => ({ _tag: "WithdrawConsent", caseId: "c1", consentId: "cn-son", at, by: HOKATSU })
    given(establishRegister, referral, operatorJudged, sonConsent(), withdraw(T("08-01T09:00"))).when(withdraw(T("08-02T09:00"))).thenRefused("CNS-5")
    given(establishRegister, referral, operatorJudged, sonConsent()).when(withdraw(T("04-30T09:00"))).thenRefused("CNS-5")
    given(establishRegister, referral)
      .when(patch(sonConsent(), { validUntil: T("04-01T00:00") }))
      .thenRefused("CNS-5")
  })

  it("CNS-6: every consent-dependent answer names its rule and the record (or why none applied)", () => {
    const w = new World()
    for (const c of [establishRegister, referral, operatorJudged, sonConsent()]) w.run(c)
    const yes = ask(w, OP, "son", "individual-case-meeting", T("06-01T10:00"))
    expect(yes).toMatchObject({ allowed: true, because: { rule: "CNS-4", consentId: "cn-son" } })
    expect(yes.because.explanation).toContain("cn-son")
    const no = ask(w, "shakyo-kurashi-jiritsu", "son", "direct-sharing", T("06-01T10:00"))
    expect(no.allowed).toBe(false)
    expect(no.because.explanation).toContain("cn-son")
    const finding = Consent.find(
      w.caseState("c1").consents,
      { memberId: Id.MemberId.make("mother"), purpose: "information-sharing", at: Instant.make(T("06-01T10:00")) },
      "CNS-4"
    )
    expect(finding).toMatchObject({ covered: false, rule: "CNS-4" })
    expect(finding.covered === false && Option.isNone(finding.nearest)).toBe(true)
  })

  it("CNS-7: in an 8050 household the son consents and the mother does not: only the son's information leaves the support meeting", () => {
    const spec = given(
      establishRegister,
      referral,
      operatorJudged,
      sonConsent(),
      { _tag: "DeclineConsent", caseId: "c1", memberId: "mother", purposes: ["information-sharing"], at: T("05-01T10:30"), by: OP },
      caseMeeting()
    )
    const refused = spec.when(table("icm1", "i1", ["son", "mother"], T("05-20T14:10"))).thenRefused("CNS-7")
    expect(refused.message).toContain("mother")
    spec.when(table("icm1", "i1", ["son"], T("05-20T14:10"))).then({ _tag: "CaseTabled", subjects: ["son"] })
    expect(ask(spec.world, HOKATSU, "mother", "direct-sharing", T("06-01T10:00"))).toMatchObject({ allowed: false, because: { rule: "CNS-7" } })
    expect(ask(spec.world, HOKATSU, "son", "direct-sharing", T("06-01T10:00")).allowed).toBe(true)
  })

  it("CNS-7: refuses a consent for someone who is not a member of the household", () => {
    given(establishRegister, referral, operatorJudged).when(patch(sonConsent(), { memberId: "neighbour" })).thenRefused("CNS-7")
  })

  it("CNS-8: without consent the case is worked on at the support meeting; with it, it moves to multi-agency collaboration", () => {
    const w = new World()
    for (const c of [establishRegister, referral, supportMeeting(), table("sm1", "i1", ["son"], T("04-20T14:30"))]) w.run(c)
    expect(Case.track(w.caseState("c1"), Instant.make(T("04-30T10:00")))).toBe("support-meeting")
    w.run(operatorJudged)
    w.run(sonConsent())
    expect(Case.track(w.caseState("c1"), Instant.make(T("05-02T10:00")))).toBe("multi-agency-collaboration")
    w.run({ _tag: "WithdrawConsent", caseId: "c1", consentId: "cn-son", at: T("09-01T10:00"), by: OP })
    expect(Case.track(w.caseState("c1"), Instant.make(T("09-02T10:00")))).toBe("support-meeting")
  })

  it("CNS-8: refuses taking a case without consent to the multi-layered support meeting", () => {
    given(establishRegister, referral, supportMeeting(), table("sm1", "i1", ["son"], T("04-20T14:30")), caseMeeting())
      .when(table("icm1", "i1", ["son"], T("05-20T14:10")))
      .thenRefused("CNS-4")
  })
})
