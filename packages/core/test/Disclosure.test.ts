import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Result } from "effect"
import { Disclosure, DomainEvent, Id, Instant } from "@kitakami-juso/core"
import {
  assessment,
  caseMeeting,
  CITY,
  CORE,
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
  referOn,
  judgedNeeded,
  operatorJudged,
  supportMeeting,
  T,
  table,
  World
} from "./support/world.ts"

const learnedAtSupportMeeting: Input = {
  _tag: "RecordInformation",
  caseId: "c1",
  itemId: "info-sm",
  memberId: "son",
  provenance: { _tag: "SupportMeeting", meetingId: "sm1" },
  note: "夜間に外出している様子",
  at: T("04-20T14:40"),
  by: "city-hoken"
}

/** Register, referral, support meeting with the son tabled, an item learned there. */
const smItem: ReadonlyArray<Input> = [establishRegister, referral, supportMeeting(), table("sm1", "i1", ["son", "mother"], T("04-20T14:30")), learnedAtSupportMeeting, referOn(), judgedNeeded()]

describe("Disclosure (ACC)", () => {
  it("ACC-1: one function of setting, membership and consent; the default is deny", () => {
    const w = new World()
    for (const c of smItem) w.run(c)
    const q = (agency: string, setting: Disclosure.Setting) =>
      Disclosure.decide(
        { agency: Id.AgencyId.make(agency), memberId: Id.MemberId.make("son"), setting, at: Instant.make(T("05-01T10:00")) },
        { consents: w.caseState("c1").consents, register: w.register() }
      )
    expect(q("city-hoken", "support-meeting")).toMatchObject({ allowed: true, because: { rule: "CNS-3" } })
    for (const setting of ["individual-case-meeting", "direct-sharing"] as const) {
      expect(q("city-hoken", setting)).toMatchObject({ allowed: false, because: { rule: "CNS-4" } })
    }
    expect(q(OP, "overall-promotion-meeting")).toMatchObject({ allowed: false, because: { rule: "MTG-4" } })
    expect(q(OP, "aggregate-export")).toMatchObject({ allowed: false, because: { rule: "AUD-2" } })
    // Nothing at all recorded: everything is denied.
    const empty = { consents: [], register: { established: false, periods: [] } }
    for (const setting of Disclosure.Setting.literals) {
      expect(Disclosure.decide({ agency: Id.AgencyId.make(OP), memberId: Id.MemberId.make("son"), setting, at: Instant.make(T("05-01T10:00")) }, empty).allowed).toBe(false)
    }
  })

  it("ACC-2: an item learned at the support meeting goes into a plan and to the case meeting once a later consent covers it", () => {
    const consented = [...smItem, sonConsent(), assessment()]
    given(...consented)
      .when(patch(draft(), { basis: ["info-sm"] }))
      .then({ _tag: "PlanDrafted", basis: ["info-sm"] })
    given(...consented, caseMeeting())
      .when(table("icm1", "i1", ["son"], T("05-20T14:10"), ["info-sm"]))
      .then({ _tag: "CaseTabled", information: ["info-sm"] })
  })

  it("ACC-2: refuses support-meeting-only information in multi-layered-meeting records and in plans shared with agencies it does not cover", () => {
    // The consent covers OP, CITY, HOKATSU only; the case meeting also has CSW; the plan also has SANKA.
    const narrow = sonConsent(T("05-01T10:00"), [OP, CITY, HOKATSU])
    const refused = given(...smItem, narrow, caseMeeting("icm1", T("05-20T14:00"), [OP, CITY, HOKATSU, CSW]))
      .when(table("icm1", "i1", ["son"], T("05-20T14:10"), ["info-sm"]))
      .thenRefused("ACC-2")
    expect(refused.message).toContain("info-sm")
    given(...smItem, narrow, assessment())
      .when(patch(draft(), { basis: ["info-sm"], roles: [{ agencyId: OP, role: "調整" }, { agencyId: SANKA, role: "参加支援" }] }))
      .thenRefused("ACC-2")
    // An item cannot claim a support meeting where the person was not discussed.
    given(establishRegister, referral, supportMeeting()).when(learnedAtSupportMeeting).thenRefused("ACC-2")
  })

  it("ACC-2: information learned with consent names the record, which must cover the agency that learned it", () => {
    const withConsent: Input = patch(learnedAtSupportMeeting, { itemId: "info-c", provenance: { _tag: "Consent", consentId: "cn-son" }, at: T("05-02T10:00"), by: HOKATSU })
    given(establishRegister, referral, operatorJudged, sonConsent()).when(withConsent).then({ _tag: "InformationRecorded", provenance: { _tag: "Consent", consentId: "cn-son" } })
    given(establishRegister, referral, operatorJudged, sonConsent()).when(patch(withConsent, { by: "shakyo-kurashi-jiritsu" })).thenRefused("CNS-4")
  })
})

// ---------------------------------------------------------------------------------------------
// Model-based: random histories of consents, withdrawals and register changes, checked against an
// independent oracle written from the rules, not from the implementation.
// ---------------------------------------------------------------------------------------------

const AGENCIES = [OP, CITY, HOKATSU, CSW, SANKA, "shakyo-kurashi-jiritsu", "shogai-kikan-sodan", "city-hoken"] as const
const NON_CORE = ["hokatsu-hondori", "shakyo-kurashi-jiritsu", "shogai-kikan-sodan"] as const
const MEMBERS = ["son", "mother"] as const
const PURPOSES = ["multi-agency-collaboration", "participation-support", "outreach-support", "information-sharing"] as const
const DAY = 24 * 60 * 60 * 1000
const BASE = Date.parse("2025-04-15T00:00:00+09:00")
const at = (day: number, hour: number) => new Date(BASE + day * DAY + hour * 3600_000).toISOString()

const consentStep = fc.record({
  kind: fc.constant("consent" as const),
  member: fc.constantFrom(...MEMBERS),
  // Half the consents add information-sharing, so that allowed answers are frequent too.
  purposes: fc.tuple(fc.uniqueArray(fc.constantFrom(...PURPOSES), { minLength: 1, maxLength: 4 }), fc.boolean()).map(([p, share]) =>
    share && !p.includes("information-sharing") ? [...p, "information-sharing" as const] : p
  ),
  agencies: fc.uniqueArray(fc.constantFrom(...AGENCIES), { minLength: 1, maxLength: 5 }),
  from: fc.integer({ min: 0, max: 60 }),
  length: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined })
})

const step = fc.oneof(
  { weight: 3, arbitrary: consentStep },
  fc.record({ kind: fc.constant("withdraw" as const), which: fc.nat(6) }),
  fc.record({ kind: fc.constant("appoint" as const), agency: fc.constantFrom(...NON_CORE) }),
  fc.record({ kind: fc.constant("retire" as const), agency: fc.constantFrom(...NON_CORE) })
)

const scenario = fc.record({
  steps: fc.array(fc.tuple(step, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 23 })), { maxLength: 12 }),
  questions: fc.array(
    fc.record({
      agency: fc.constantFrom(...AGENCIES),
      member: fc.constantFrom(...MEMBERS),
      setting: fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom("individual-case-meeting" as const, "direct-sharing" as const) },
        { weight: 1, arbitrary: fc.constantFrom(...Disclosure.Setting.literals) }
      ),
      day: fc.integer({ min: 0, max: 130 }),
      hour: fc.integer({ min: 0, max: 23 }),
      fromSupportMeeting: fc.boolean()
    }),
    { minLength: 1, maxLength: 15 }
  )
})

/** Build a world from a scenario; the oracle reads only the accepted events' JSON. */
const play = (s: typeof scenario extends fc.Arbitrary<infer A> ? A : never) => {
  const w = new World()
  w.run(establishRegister)
  w.run(referral)
  w.run(patch(operatorJudged, { at: referral.at })) // MTG-3: intake is open, so every consent the scenario draws may be recorded
  let consents = 0
  const sorted = [...s.steps].sort((a, b) => a[1] * 24 + a[2] - (b[1] * 24 + b[2]))
  for (const [st, day, hour] of sorted) {
    const when = at(day, hour)
    const input: Input = st.kind === "consent"
      ? patch(sonConsent(), {
        consentId: `cn-${++consents}`,
        memberId: st.member,
        purposes: st.purposes,
        agencies: st.agencies,
        at: when,
        validFrom: at(st.from, 0),
        ...(st.length === undefined ? {} : { validUntil: at(st.from + st.length, 0) })
      })
      : st.kind === "withdraw"
      ? { _tag: "WithdrawConsent", caseId: "c1", consentId: `cn-${st.which}`, at: when, by: HOKATSU }
      : st.kind === "appoint"
      ? { _tag: "AppointMember", agencyId: st.agency, at: when, by: CITY }
      : { _tag: "RetireMember", agencyId: st.agency, at: when, by: CITY }
    w.apply(input) // refusals are part of the scenario: they must change nothing
  }
  return w
}

/** The oracle: the disclosure rules restated over raw event JSON. */
const oracle = (w: World, q: { agency: string; member: string; setting: Disclosure.Setting; t: number }) => {
  const json = w.log.map(DomainEvent.encode) as ReadonlyArray<Record<string, unknown>>
  const ms = (iso: unknown) => Date.parse(String(iso))
  if (q.setting === "support-meeting") {
    // Member at t: appointed (or established) at or before t, and not retired at or before t since.
    let member = false
    for (const e of json) {
      if (ms(e.at) > q.t) continue
      if (e._tag === "RegisterEstablished" && (e.members as Array<string>).includes(q.agency)) member = true
      if (e._tag === "MemberAppointed" && e.agencyId === q.agency) member = true
      if (e._tag === "MemberRetired" && e.agencyId === q.agency) member = false
    }
    return { allowed: member, covering: new Set<string>() }
  }
  if (q.setting !== "individual-case-meeting" && q.setting !== "direct-sharing") return { allowed: false, covering: new Set<string>() }
  const covering = new Set<string>()
  for (const e of json) {
    if (e._tag !== "ConsentRecorded" || e.memberId !== q.member) continue
    if (!(e.purposes as Array<string>).includes("information-sharing") || !(e.agencies as Array<string>).includes(q.agency)) continue
    if (ms(e.validFrom) > q.t || (e.validUntil !== undefined && ms(e.validUntil) <= q.t)) continue
    const withdrawal = json.find((x) => x._tag === "ConsentWithdrawn" && x.consentId === e.consentId)
    if (withdrawal !== undefined && ms(withdrawal.at) <= q.t) continue
    covering.add(String(e.consentId))
  }
  return { allowed: covering.size > 0, covering }
}

describe("Disclosure properties (ACC-1, ACC-2, CNS-5)", () => {
  it("ACC-1: no history of consents, withdrawals and register changes lets information reach an agency the rules deny (model-based)", () => {
    const seen = { byConsent: 0, byMembership: 0, denied: 0 }
    fc.assert(
      fc.property(scenario, (s) => {
        const w = play(s)
        const facts = { consents: w.caseState("c1").consents, register: w.register() }
        for (const q of s.questions) {
          const t = BASE + q.day * DAY + q.hour * 3600_000
          const answer = Disclosure.decide(
            { agency: Id.AgencyId.make(q.agency), memberId: Id.MemberId.make(q.member), setting: q.setting, at: Instant.make(new Date(t).toISOString()) },
            facts
          )
          const expected = oracle(w, { ...q, t })
          expect(answer.allowed, `${q.setting} ${q.agency} ${q.member} day ${q.day}`).toBe(expected.allowed)
          if (answer.allowed && answer.because.consentId !== undefined) expect(expected.covering.has(answer.because.consentId)).toBe(true)
          if (!answer.allowed) seen.denied++
          else if (answer.because.rule === "CNS-3") seen.byMembership++
          else seen.byConsent++
        }
      }),
      { numRuns: 150 }
    )
    // The generator reaches every kind of answer (the property is not vacuous).
    expect(seen.byConsent).toBeGreaterThan(20)
    expect(seen.byMembership).toBeGreaterThan(5)
    expect(seen.denied).toBeGreaterThan(10)
  })

  it("ACC-2: support-meeting-only information never leaves the support meeting without a covering consent in force (property)", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const w = play(s)
        const facts = { consents: w.caseState("c1").consents, register: w.register() }
        for (const q of s.questions) {
          const t = BASE + q.day * DAY + q.hour * 3600_000
          const item = {
            itemId: Id.InfoItemId.make("x"),
            caseId: Id.CaseId.make("c1"),
            memberId: Id.MemberId.make(q.member),
            provenance: { _tag: "SupportMeeting" as const, meetingId: Id.MeetingId.make("sm1") },
            learnedAt: Instant.make(at(0, 0)),
            learnedBy: Id.AgencyId.make(CITY)
          }
          const answer = Disclosure.decide(
            { agency: Id.AgencyId.make(q.agency), memberId: item.memberId, setting: q.setting, at: Instant.make(new Date(t).toISOString()), item },
            facts
          )
          if (q.setting !== "support-meeting" && answer.allowed) {
            expect(oracle(w, { ...q, t }).covering.has(answer.because.consentId!)).toBe(true)
          }
          if (q.setting !== "support-meeting" && !answer.allowed && !oracle(w, { ...q, t }).allowed && answer.because.rule !== "AUD-2" && answer.because.rule !== "MTG-4") {
            expect(answer.because.rule).toBe("ACC-2")
          }
        }
      }),
      { numRuns: 100 }
    )
  })

  it("CNS-5: a withdrawn consent is never relied on from its instant on, and its record stays (property)", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 130 }), (s, day) => {
        const w = play(s)
        const state = w.caseState("c1")
        const recorded = w.log.filter((e) => e._tag === "ConsentRecorded").length
        expect(state.consents).toHaveLength(recorded)
        const t = Instant.make(at(day, 12))
        for (const record of state.consents.filter((c) => c.withdrawnAt !== undefined && Instant.millis(c.withdrawnAt) <= Instant.millis(t))) {
          for (const agency of record.agencies) {
            const answer = Disclosure.decide({ agency, memberId: record.memberId, setting: "direct-sharing", at: t }, { consents: state.consents, register: w.register() })
            expect(answer.because.consentId === record.consentId && answer.allowed).toBe(false)
          }
        }
      }),
      { numRuns: 100 }
    )
  })

  it("PLN-9: a refused command in a random history changes no stream (property)", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const w = play(s)
        const snapshot = JSON.stringify([...w.streams].map(([k, v]) => [k, v.map(DomainEvent.encode)]))
        // Withdrawing an unknown consent and retiring a core member are always refused.
        for (const input of [
          { _tag: "WithdrawConsent", caseId: "c1", consentId: "nope", at: T("06-01T10:00"), by: HOKATSU },
          { _tag: "RetireMember", agencyId: CORE[0], at: T("06-01T10:00"), by: CITY }
        ] as const) {
          expect(Result.isFailure(w.apply(input as Input))).toBe(true)
        }
        expect(JSON.stringify([...w.streams].map(([k, v]) => [k, v.map(DomainEvent.encode)]))).toBe(snapshot)
      }),
      { numRuns: 50 }
    )
  })
})
