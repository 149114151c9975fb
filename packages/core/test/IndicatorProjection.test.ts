import { describe, expect, it } from "@effect/vitest"
import { hostTimeZones, restoreTimeZoneAfterEach, shuffle } from "./support/properties.ts"
import * as fc from "fast-check"
import { Exit, Schema } from "effect"
import { DomainEvent, FiscalYear, IndicatorProjection, Kitakami } from "@kitakami-juso/core"
import {
  caseMeeting,
  CSW,
  establishRegister,
  HOKATSU,
  type Input,
  OP,
  patch,
  review,
  SANKA,
  assessment,
  draft,
  supportMeeting,
  JOINT,
  T,
  table,
  toAssessed,
  toDrafted,
  CITY,
  toInSupport,
  World
} from "./support/world.ts"

const FY2025 = FiscalYear.make(2025)
const FY2026 = FiscalYear.make(2026)

const revise = (at: string): Input => ({
  _tag: "RevisePlan",
  caseId: "c1",
  planId: "p1",
  roles: [{ agencyId: OP, role: "調整" }],
  goals: "再プラン",
  at,
  by: OP
})

describe("Indicators (KPI-9, MTG-6, PLN-8)", () => {
  it("MTG-6: support meetings are counted per fiscal year; a jointly held one counts once; multi-layered ones do not count", () => {
    const w = new World()
    w.run(establishRegister)
    w.run(patch(supportMeeting("sm1", T("04-20T14:00")), { jointWith: ["konkyu-shien-kaigi", "chiiki-care-kaigi"], jointConditions: JOINT }))
    w.run(supportMeeting("sm2", T("05-20T14:00")))
    w.run(supportMeeting("sm3", "2026-03-31T23:30:00+09:00"))
    w.run(supportMeeting("sm4", "2026-04-01T00:30:00+09:00"))
    w.run(caseMeeting("icm1", T("05-21T14:00")))
    expect(IndicatorProjection.countsFor(w.log, FY2025).supportMeetings).toBe(3)
    expect(IndicatorProjection.countsFor(w.log, FY2026).supportMeetings).toBe(1)
    // Counting the same events twice does not count meetings twice.
    expect(IndicatorProjection.countsFor([...w.log, ...w.log], FY2025).supportMeetings).toBe(3)
  })

  it("PLN-8: plans reviewed and decided are counted; a re-made plan reviewed and decided counts again", () => {
    const w = new World()
    for (const c of [
      ...toDrafted,
      review("p1", "icm1", T("05-20T14:30"), "sent-back"),
      revise(T("05-25T10:00")),
      caseMeeting("icm2", T("06-10T14:00")),
      table("icm2", "i1", ["son"], T("06-10T14:05")),
      review("p1", "icm2", T("06-10T14:30")),
      { _tag: "StartSupport", caseId: "c1", planId: "p1", at: T("06-11T10:00"), by: OP },
      revise(T("09-01T10:00")),
      caseMeeting("icm3", T("09-10T14:00")),
      table("icm3", "i1", ["son"], T("09-10T14:05")),
      review("p1", "icm3", T("09-10T14:30"))
    ] satisfies ReadonlyArray<Input>) w.run(c)
    const counts = IndicatorProjection.countsFor(w.log, FY2025)
    expect(counts.plansReviewed).toEqual({ "multi-agency": 3, "participation-support": 0, outreach: 0 })
    expect(counts.plansDecided["multi-agency"]).toBe(2)
    expect(IndicatorProjection.projectRecords(counts)).toMatchObject({ "KPI-3": 3, "KPI-4": 2 })
    // The violation: counting plans rather than reviews would give 1 and 1.
    expect(new Set(w.log.filter((e) => e._tag === "PlanReviewed").map((e) => e._tag === "PlanReviewed" && e.planId)).size).toBe(1)
  })

  it("PLN-8: one case's plans reviewed together at one meeting are one review (これらのプランを含む); per-kind counts stay", () => {
    const w = new World()
    for (const c of [
      ...toAssessed,
      draft(),
      assessment(T("05-12T10:00"), "participation-support"),
      draft("p2", T("05-16T10:00"), "participation-support"),
      caseMeeting("icm1", T("05-20T14:00"), [OP, CITY, HOKATSU, CSW, SANKA]),
      table("icm1", "i1", ["son"], T("05-20T14:10")),
      review("p1", "icm1", T("05-20T14:30")),
      patch(review("p2", "icm1", T("05-20T14:40")), { by: SANKA })
    ] satisfies ReadonlyArray<Input>) w.run(c)
    const counts = IndicatorProjection.countsFor(w.log, FY2025)
    expect(counts.plansReviewed).toEqual({ "multi-agency": 1, "participation-support": 1, outreach: 0 })
    expect(counts.plansDecided).toEqual({ "multi-agency": 1, "participation-support": 1, outreach: 0 })
    expect(IndicatorProjection.projectRecords(counts)).toMatchObject({ "KPI-3": 1, "KPI-4": 1 })
  })

  it("PLN-8: a second plan of the same case judged at the same meeting is not counted again (the violation: counting per plan)", () => {
    const at = "2025-05-20T05:30:00Z"
    const reviewed = (eventId: string, caseId: string, planId: string, meetingId: string, outcome: "approved" | "sent-back") =>
      DomainEvent.make({ _tag: "PlanReviewed", eventId, at, by: OP, caseId, planId, kind: "multi-agency", revision: 1, meetingId, outcome })
    const events = [
      reviewed("a/0", "c1", "p1", "icm1", "approved"),
      reviewed("b/0", "c1", "p2", "icm1", "sent-back"),
      reviewed("c/0", "c2", "p3", "icm1", "sent-back"),
      reviewed("d/0", "c1", "p2", "icm2", "approved")
    ]
    const kpi = IndicatorProjection.projectRecords(IndicatorProjection.countsFor(events, FY2025))
    // c1 at icm1 once, c2 at icm1 (a send-back is still a 検討), c1 again at a later meeting.
    expect(kpi["KPI-3"]).toBe(3)
    expect(IndicatorProjection.countsFor(events, FY2025).plansReviewed["multi-agency"]).toBe(4)
    expect(IndicatorProjection.countingRule.ja).toContain("これらのプランを含む")
  })

  it("KPI-9: the FY report gives actual, baseline (none is not zero), target, progress and on-track for all eight indicators", () => {
    const w = new World()
    for (const c of toInSupport) w.run(c)
    for (let i = 0; i < 3; i++) {
      w.run({ _tag: "RecordContact", contactId: `o${i}`, at: T("06-01T10:00"), by: CSW, activity: { _tag: "AgencyVisit", agencyId: HOKATSU } })
    }
    const surveys = [
      Schema.decodeSync(IndicatorProjection.SurveyResult)({ indicator: "KPI-5", surveyYear: 2025, sampleSize: 1200, value: 55.1 }),
      Schema.decodeSync(IndicatorProjection.SurveyResult)({ indicator: "KPI-7", surveyYear: 2025, sampleSize: 1200, value: 62 }),
      Schema.decodeSync(IndicatorProjection.SurveyResult)({ indicator: "KPI-8", surveyYear: 2024, sampleSize: 800, value: 13.0 }),
      Schema.decodeSync(IndicatorProjection.SurveyResult)({ indicator: "KPI-8", surveyYear: 2026, sampleSize: 800, value: 9.0 })
    ]
    const rows = IndicatorProjection.report(Kitakami.catalog, FY2025, w.log, surveys)
    expect(rows.map((r) => r.indicator.id)).toEqual(["KPI-1", "KPI-2", "KPI-3", "KPI-4", "KPI-5", "KPI-6", "KPI-7", "KPI-8"])
    const row = (id: string) => rows.find((r) => r.indicator.id === id)!
    expect(row("KPI-1")).toMatchObject({ actual: 3, baseline: null, target: 400 })
    expect(row("KPI-1").progress).toBeCloseTo(3 / 400)
    // No baseline: the trajectory starts at 0 in FY2024, so FY2025 expects 100 of 400.
    expect(row("KPI-1").onTrack).toBe(false)
    expect(row("KPI-2")).toMatchObject({ actual: 1, target: 12 })
    expect(row("KPI-3")).toMatchObject({ actual: 1, target: 20 })
    expect(row("KPI-4")).toMatchObject({ actual: 1, target: 7 })
    expect(row("KPI-5")).toMatchObject({ actual: 55.1, baseline: 52.2, target: 60, basis: { _tag: "Survey", surveyYear: 2025, sampleSize: 1200 } })
    expect(row("KPI-5").progress).toBeCloseTo((55.1 - 52.2) / (60 - 52.2))
    // 37% of the way from baseline to target, in year 2 of the 5 from FY2023 to FY2028 (40%): behind.
    expect(row("KPI-5").onTrack).toBe(false)
    // 58.0 → 65 over FY2023–FY2028 expects 60.8 in FY2025: 62 is ahead.
    expect(row("KPI-7")).toMatchObject({ actual: 62, onTrack: true })
    expect(row("KPI-6")).toMatchObject({ actual: null, basis: { _tag: "Missing" }, progress: null, onTrack: null })
    // KPI-8 improves as it falls; the FY2026 survey is not used for FY2025.
    expect(row("KPI-8")).toMatchObject({ actual: 13.0, basis: { _tag: "Survey", surveyYear: 2024 } })
    expect(row("KPI-8").progress).toBeCloseTo((14.3 - 13.0) / (14.3 - 10))
  })

  it("KPI-9: refuses survey results without a sample, out of range, or for an indicator counted from records", () => {
    const decode = Schema.decodeUnknownExit(IndicatorProjection.SurveyResult)
    expect(Exit.isFailure(decode({ indicator: "KPI-5", surveyYear: 2025, sampleSize: 0, value: 55 }))).toBe(true)
    expect(Exit.isFailure(decode({ indicator: "KPI-5", surveyYear: 2025, sampleSize: 100, value: 120 }))).toBe(true)
    expect(Exit.isFailure(decode({ indicator: "KPI-1", surveyYear: 2025, sampleSize: 100, value: 50 }))).toBe(true)
    expect(Exit.isSuccess(decode({ indicator: "KPI-7", surveyYear: 2025, sampleSize: 100, value: 60 }))).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties: counts do not depend on the host time zone or on the order of events.
// ---------------------------------------------------------------------------------------------

const START = Date.parse("2025-03-25T00:00:00Z")
const SPAN = Date.parse("2026-04-10T00:00:00Z") - START
const countable = fc.record({
  kind: fc.constantFrom("individual", "agency", "resident", "support-meeting", "case-meeting", "reviewed", "decided"),
  /** PLN-8: the case and meeting a judgment belongs to. */
  occasion: fc.integer({ min: 0, max: 3 }),
  // Instants near the FY boundaries are drawn often.
  t: fc.oneof(
    fc.integer({ min: 0, max: SPAN }),
    fc.constantFrom(Date.parse("2025-03-31T14:59:59.999Z"), Date.parse("2025-03-31T15:00:00Z"), Date.parse("2026-03-31T14:59:59.999Z"), Date.parse("2026-03-31T15:00:00Z")).map((t) => t - START)
  )
})

const toEvent = (k: { readonly kind: string; readonly t: number; readonly occasion: number }, i: number): DomainEvent.DomainEvent => {
  const base = { eventId: `e${i}/0`, at: new Date(START + k.t).toISOString(), by: OP }
  switch (k.kind) {
    case "individual":
      return DomainEvent.make({ ...base, _tag: "ContactRecorded", by: CSW, contactId: `o${i}`, activity: { _tag: "IndividualSupport", caseId: "c1", memberId: "son", mode: "phone" } })
    case "agency":
      return DomainEvent.make({ ...base, _tag: "ContactRecorded", by: CSW, contactId: `o${i}`, activity: { _tag: "AgencyVisit", agencyId: HOKATSU } })
    case "resident":
      return DomainEvent.make({ ...base, _tag: "ContactRecorded", by: CSW, contactId: `o${i}`, activity: { _tag: "ResidentVisit" } })
    case "support-meeting":
    case "case-meeting":
      return DomainEvent.make({
        ...base,
        _tag: "MeetingHeld",
        meetingId: `m${i}`,
        meetingType: k.kind === "support-meeting" ? "support-meeting" : "multi-layered-support-meeting",
        kind: k.kind === "support-meeting" ? "regular" : "individual-case",
        attendees: [OP],
        served: [k.kind === "support-meeting" ? "support-meeting" : "multi-layered-support-meeting"]
      })
    case "reviewed":
      return DomainEvent.make({ ...base, _tag: "PlanReviewed", caseId: `c${k.occasion % 2}`, planId: `p${i}`, kind: "multi-agency", revision: 1, meetingId: `m${k.occasion}`, outcome: "approved" })
    default:
      return DomainEvent.make({ ...base, _tag: "PlanDecided", caseId: `c${k.occasion % 2}`, planId: `p${i}`, kind: "outreach", revision: 1, meetingId: `m${k.occasion}` })
  }
}

/** The fiscal year by hand: shift to UTC+9, April starts the year. */
const fyOf = (ms: number) => {
  const d = new Date(ms + 9 * 3600_000)
  return d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1
}

/** PLN-8 by hand: within a fiscal year, each occasion (case and meeting) with a judgment counts once. */
const judgmentsIn = (ks: ReadonlyArray<{ readonly kind: string; readonly t: number; readonly occasion: number }>, kind: string, fy: number) =>
  new Set(ks.filter((k) => k.kind === kind && fyOf(START + k.t) === fy).map((k) => k.occasion)).size

const serialise = (m: ReadonlyMap<number, IndicatorProjection.Counts>) => JSON.stringify([...m].sort((a, b) => a[0] - b[0]))

describe("Indicator properties (KPI-9, TIME-1)", () => {
  restoreTimeZoneAfterEach()

  it("KPI-9: counts are invariant to the host time zone and to the order of events, and match a hand count per fiscal year", () => {
    fc.assert(
      fc.property(
        fc.array(countable, { maxLength: 40 }),
        hostTimeZones,
        fc.infiniteStream(fc.nat()),
        (ks, tz, randoms) => {
          const events = ks.map(toEvent)
          process.env.TZ = "UTC"
          const reference = serialise(IndicatorProjection.count(events))
          process.env.TZ = tz
          const shuffled = shuffle([...events], randoms)
          expect(serialise(IndicatorProjection.count(shuffled))).toBe(reference)
          for (const fy of [2024, 2025, 2026]) {
            const mine = ks.filter((k) => fyOf(START + k.t) === fy)
            const c = IndicatorProjection.countsFor(events, FiscalYear.make(fy))
            const kpi = IndicatorProjection.projectRecords(c)
            expect(kpi["KPI-1"]).toBe(mine.filter((k) => k.kind === "individual" || k.kind === "agency").length)
            expect(kpi["KPI-2"]).toBe(mine.filter((k) => k.kind === "support-meeting").length)
            expect(kpi["KPI-3"]).toBe(judgmentsIn(ks, "reviewed", fy))
            expect(kpi["KPI-4"]).toBe(judgmentsIn(ks, "decided", fy))
            expect(c.plansReviewed["multi-agency"]).toBe(mine.filter((k) => k.kind === "reviewed").length)
            expect(c.outreach.resident).toBe(mine.filter((k) => k.kind === "resident").length)
          }
        }
      ),
      { numRuns: 100 }
    )
  })
})
