import { describe, expect, it } from "@effect/vitest"
import { hostTimeZones, restoreTimeZoneAfterEach, shuffle } from "./support/properties.ts"
import * as fc from "fast-check"
import { Result } from "effect"
import { Command, DomainEvent, FiscalYear, IndicatorProjection, Kitakami } from "@kitakami-juso/core"
import { CITY, CSW, given, type Input, OP, patch, T, World } from "./support/world.ts"

const FY2025 = FiscalYear.make(2025)

const survey = (resultId: string, fields: object = {}): Input =>
  patch(
    {
      _tag: "RecordSurveyResult",
      resultId,
      at: T("10-01T10:00"),
      by: CITY,
      indicator: "KPI-5",
      surveyYear: 2025,
      sampleSize: 1200,
      value: 55.1,
      source: "令和7年度北上市民意識調査"
    },
    fields
  )

describe("Survey results (KPI-9)", () => {
  it("KPI-9: a recorded survey result appears in the FY report with its survey year and sample size (basis Survey)", () => {
    given().when(survey("s1")).then({
      _tag: "SurveyResultRecorded",
      resultId: "s1",
      indicator: "KPI-5",
      surveyYear: 2025,
      sampleSize: 1200,
      value: 55.1,
      by: CITY
    })
    const w = new World()
    w.run(survey("s1"))
    expect(w.load("survey-results")).toHaveLength(1)
    const rows = IndicatorProjection.report(Kitakami.catalog, FY2025, w.log, [])
    const kpi5 = rows.find((r) => r.indicator.id === "KPI-5")!
    expect(kpi5).toMatchObject({ actual: 55.1, basis: { _tag: "Survey", surveyYear: 2025, sampleSize: 1200 } })
    // An argument entry for the same indicator and year wins over the recorded one.
    const given2 = IndicatorProjection.SurveyResult.make({ indicator: "KPI-5", surveyYear: FY2025, sampleSize: 900, value: 50 })
    const overridden = IndicatorProjection.report(Kitakami.catalog, FY2025, w.log, [given2]).find((r) => r.indicator.id === "KPI-5")!
    expect(overridden).toMatchObject({ actual: 50, basis: { _tag: "Survey", sampleSize: 900 } })
  })

  it("KPI-9: refuses a second result for the same indicator and survey year", () => {
    given(survey("s1")).when(survey("s2", { value: 56 })).thenRefused("KPI-9")
    // Another year, or another indicator, is not a duplicate.
    given(survey("s1")).when(survey("s2", { surveyYear: 2024 })).then({ _tag: "SurveyResultRecorded" })
    given(survey("s1")).when(survey("s2", { indicator: "KPI-6" })).then({ _tag: "SurveyResultRecorded" })
    // The same result id twice is refused (AUD-1).
    given(survey("s1")).when(survey("s1", { indicator: "KPI-7" })).thenRefused("AUD-1")
  })

  it("KPI-9: a result superseding the current one replaces it; the history keeps both", () => {
    const w = new World()
    w.run(survey("s1"))
    w.run(survey("s2", { value: 54.8, sampleSize: 1180, supersedes: "s1" }))
    expect(w.load("survey-results").map((e) => e._tag === "SurveyResultRecorded" && e.resultId)).toEqual(["s1", "s2"])
    expect(IndicatorProjection.surveysFrom(w.log)).toEqual([{ indicator: "KPI-5", surveyYear: 2025, sampleSize: 1180, value: 54.8 }])
    const kpi5 = IndicatorProjection.report(Kitakami.catalog, FY2025, w.log, []).find((r) => r.indicator.id === "KPI-5")!
    expect(kpi5.actual).toBe(54.8)
    // Superseding a result that is no longer in force, or one that does not exist, is refused.
    const stale = w.decide(survey("s3", { supersedes: "s1" }))
    expect(Result.isFailure(stale) && stale.failure.rule).toBe("KPI-9")
    given().when(survey("s1", { supersedes: "s0" })).thenRefused("KPI-9")
  })

  it("KPI-9: refuses a result recorded by an agency that is not the city", () => {
    given().when(survey("s1", { by: OP })).thenRefused("KPI-9")
    given().when(survey("s1", { by: CSW })).thenRefused("KPI-9")
  })

  it("KPI-9: refuses a survey year after the fiscal year of the record (TIME-1: Japan time)", () => {
    given().when(survey("s1", { surveyYear: 2026 })).thenRefused("KPI-9")
    // 2026-03-31T23:30 JST is still FY2025; 00:30 JST on 1 April is FY2026.
    given().when(survey("s1", { surveyYear: 2026, at: "2026-03-31T23:30:00+09:00" })).thenRefused("KPI-9")
    given().when(survey("s1", { surveyYear: 2026, at: "2026-03-31T15:30:00Z" })).then({ _tag: "SurveyResultRecorded", surveyYear: 2026 })
  })

  it("KPI-9: bad input (value 120, sample size 0, indicator KPI-1) is refused by decoding with a typed error", () => {
    const base = Command.encode(Command.make({ ...survey("s1"), commandId: "c-s1" } as Command.Encoded))
    for (const bad of [{ value: 120 }, { sampleSize: 0 }, { indicator: "KPI-1" }, { value: Number.NaN }]) {
      const decoded = Command.decode({ ...base, ...bad })
      expect(Result.isFailure(decoded)).toBe(true)
      if (Result.isFailure(decoded)) {
        expect(decoded.failure._tag).toBe("InvalidCommand")
        expect(decoded.failure.issues.length).toBeGreaterThan(0)
      }
    }
    expect(Result.isSuccess(Command.decode(base))).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------
// Property: the results in force do not depend on the order of events or the host time zone.
// ---------------------------------------------------------------------------------------------

describe("Survey result properties (KPI-9, TIME-1)", () => {
  restoreTimeZoneAfterEach()

  const entry = fc.record({
    indicator: fc.constantFrom("KPI-5" as const, "KPI-6" as const, "KPI-7" as const, "KPI-8" as const),
    surveyYear: fc.integer({ min: 2023, max: 2025 }),
    value: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
    sampleSize: fc.integer({ min: 1, max: 5000 })
  })

  it("KPI-9: surveysFrom is invariant to the order of events and the host time zone", () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 20 }),
        hostTimeZones,
        fc.infiniteStream(fc.nat()),
        (entries, tz, randoms) => {
          // Record through the decider: a repeat of indicator and year supersedes the current one.
          process.env.TZ = "UTC"
          const w = new World()
          const current = new Map<string, string>()
          entries.forEach((e, i) => {
            const key = `${e.indicator}/${e.surveyYear}`
            const supersedes = current.get(key)
            w.run(survey(`s${i}`, { ...e, at: new Date(Date.parse("2026-03-31T14:00:00Z") + i * 60_000).toISOString(), ...(supersedes ? { supersedes } : {}) }))
            current.set(key, `s${i}`)
          })
          const reference = IndicatorProjection.surveysFrom(w.log)
          expect(reference).toHaveLength(current.size)
          process.env.TZ = tz
          const shuffled: Array<DomainEvent.DomainEvent> = shuffle([...w.log, ...w.log], randoms)
          expect(IndicatorProjection.surveysFrom(shuffled)).toEqual(reference)
        }
      ),
      { numRuns: 50 }
    )
  })
})
