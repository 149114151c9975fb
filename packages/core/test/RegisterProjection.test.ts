import { randomBytes } from "node:crypto"
import { hostTimeZones, restoreTimeZoneAfterEach, shuffle } from "./support/properties.ts"
import { assert, describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { DateTime, Effect, Option, Stream } from "effect"
import {
  DomainEvent,
  Exporter,
  FiscalYear,
  Id,
  IndicatorProjection,
  Instant,
  Kitakami,
  Projection,
  Pseudonym,
  ReadModelStore,
  RegisterEntries,
  RegisterProjection,
  Registers,
  type Report
} from "@kitakami-juso/core"
import {
  ADDRESS,
  caseMeeting,
  CITY,
  CORE,
  CSW,
  HOKATSU,
  type Input,
  MOTHER_NAME,
  OP,
  patch,
  review,
  SON_NAME,
  supportMeeting,
  JOINT,
  T,
  table,
  toAssessed,
  World
} from "./support/world.ts"

const key = Pseudonym.makeKey(randomBytes(32))
const pseudo = Pseudonym.make(key)
const base = { generatedAt: new Date(0), planRevision: "2025-04 (revised 2026-04)", exportKey: key }
const FY2025 = FiscalYear.make(2025)
const names = RegisterProjection.agencyNames(Kitakami.catalog)

const rowsOf = (r: Report.Report) =>
  Effect.gen(function*() {
    yield* Exporter.validateReport(r)
    const rows: Array<Report.Row> = []
    yield* Exporter.forEachBatch(r.tables[0]!, (b) => Effect.sync(() => void rows.push(...b)))
    return rows
  })

const SM_NOTE = "支援会議でのみ共有された近所の噂"
const SM_DECISION_NOTE = "支援会議の決定メモ：夜間の外出"
const CONSENT_NOTE = "本人の同意を得て聞き取った就労の希望"
const CONTACT_NOTE = "玄関先で本人と5分話した"

const contact = (contactId: string, at: string, activity: object, note?: string): Input =>
  ({ _tag: "RecordContact", contactId, at, by: CSW, activity, ...(note === undefined ? {} : { note }) }) as unknown as Input

const revise = (at: string, basis: ReadonlyArray<string> = []): Input => ({
  _tag: "RevisePlan",
  caseId: "c1",
  planId: "p1",
  roles: [{ agencyId: OP, role: "調整" }],
  goals: "再プランの目標",
  basis: [...basis],
  at,
  by: OP
})

/**
 * One FY2025 history of case c1 (an "8050" household): the support meeting shares an item without
 * consent (ACC-2) and decides; the son consents and an item is learned with consent; the plan is
 * sent back, revised, decided, started, re-planned and decided again; the CSW makes contacts of
 * every kind; an overall promotion meeting discusses a topic; a support meeting is held jointly.
 */
const history = (): World => {
  const w = new World()
  const steps: ReadonlyArray<Input> = [
    toAssessed[0]!, // register
    toAssessed[1]!, // referral (names and addresses of the son and the mother)
    patch(supportMeeting("sm1", T("04-20T14:00")), { jointWith: ["konkyu-shien-kaigi"], jointConditions: JOINT }),
    table("sm1", "i1", ["son", "mother"], T("04-20T14:30")),
    { _tag: "RecordInformation", caseId: "c1", itemId: "info-sm", memberId: "son", provenance: { _tag: "SupportMeeting", meetingId: "sm1" }, note: SM_NOTE, at: T("04-20T14:40"), by: "city-hoken" },
    { _tag: "RecordDecision", meetingId: "sm1", itemId: "i1", decision: "refer-to-multi-agency-collaboration", note: SM_DECISION_NOTE, at: T("04-20T14:50"), by: CITY },
    ...toAssessed.slice(5), // the judgement (MTG-3), the son's consent (covers OP, CITY, HOKATSU, CSW, SANKA, city-choju-kaigo), assessment
    { _tag: "RecordInformation", caseId: "c1", itemId: "info-cn", memberId: "son", provenance: { _tag: "Consent", consentId: "cn-son" }, note: CONSENT_NOTE, at: T("05-11T10:00"), by: OP },
    { _tag: "DeclineConsent", caseId: "c1", memberId: "mother", purposes: ["information-sharing"], at: T("05-11T11:00"), by: OP },
    {
      _tag: "DraftPlan",
      caseId: "c1",
      planId: "p1",
      kind: "multi-agency",
      subjects: ["son"],
      roles: [{ agencyId: OP, role: "調整" }, { agencyId: HOKATSU, role: "母の介護支援" }],
      goals: "本人が週1回外出できる",
      basis: ["info-sm", "info-cn"],
      at: T("05-15T10:00"),
      by: OP
    },
    caseMeeting("icm1", T("05-20T14:00")),
    table("icm1", "i1", ["son"], T("05-20T14:10")),
    review("p1", "icm1", T("05-20T14:30"), "sent-back"),
    revise(T("05-25T10:00")),
    caseMeeting("icm2", T("06-10T14:00")),
    table("icm2", "i1", ["son"], T("06-10T14:05")),
    review("p1", "icm2", T("06-10T14:30")),
    { _tag: "StartSupport", caseId: "c1", planId: "p1", at: T("06-11T10:00"), by: OP },
    contact("o1", T("04-24T10:00"), { _tag: "AgencyVisit", agencyId: HOKATSU }),
    contact("o2", T("04-28T15:00"), { _tag: "ResidentVisit" }, "民生委員の方と立ち話"),
    contact("o3", T("05-02T16:00"), { _tag: "IndividualSupport", caseId: "c1", memberId: "son", mode: "home-visit" }, CONTACT_NOTE),
    contact("o4", T("05-09T16:00"), { _tag: "OrganisationVisit", organisation: "北上市民生委員児童委員協議会" }),
    contact("o5", T("05-16T16:00"), { _tag: "IndividualSupport", caseId: "c1", memberId: "mother", mode: "phone" }, "母と電話"),
    revise(T("09-01T10:00"), ["info-sm", "info-cn"]),
    caseMeeting("icm3", T("09-10T14:00")),
    table("icm3", "i1", ["son"], T("09-10T14:05")),
    review("p1", "icm3", T("09-10T14:30")),
    { _tag: "HoldMeeting", meetingId: "opm1", at: T("10-01T14:00"), by: OP, meetingType: "multi-layered-support-meeting", kind: "overall-promotion", attendees: [OP, CITY], jointWith: ["chiiki-fukushi-keikaku-iinkai"], jointConditions: JOINT },
    { _tag: "DiscussTopic", meetingId: "opm1", itemId: "t1", topic: "resource-gap", note: "居場所が不足", at: T("10-01T14:30"), by: OP },
    supportMeeting("sm2", "2026-04-20T14:00:00+09:00") // FY2026
  ]
  for (const s of steps) w.run(s)
  return w
}

describe("RegisterProjection (OUT-1, OUT-2, MTG-1…MTG-6, PLN-8, KPI-9, ACC-1, ACC-2, AUD-2)", () => {
  const w = history()

  it.effect("OUT-1, OUT-2: the outreach log from events: contact kind, mode, date, the CSW's agency; pseudonymous case and contact ids", () =>
    Effect.gen(function*() {
      const rows = yield* rowsOf(RegisterProjection.outreachLog(w.log, { ...base, fiscalYear: FY2025, agencyName: names }))
      expect(rows.map((r) => r.activity)).toEqual([
        "関係機関訪問",
        "地域住民訪問",
        "個別支援",
        "関係団体訪問",
        "個別支援"
      ])
      expect(rows.map((r) => r.activityEn)).toEqual(["Agency visit", "Resident visit", "Individual support", "Organisation visit", "Individual support"])
      expect(rows.map((r) => r.kpi1)).toEqual([true, false, true, true, true])
      expect(rows.map((r) => r.mode)).toEqual([null, null, "家庭訪問", null, "電話"])
      expect(rows[0]!.counterpart).toBe("地域包括支援センター本通り")
      // AUD-2, ACC-2: an organisation outside the directory is free text: a keyed pseudonym only.
      expect(rows[3]!.counterpart).toMatch(/^団体（仮名）og-[0-9a-f]{16}$/)
      assert.notInclude(JSON.stringify(rows), "民生委員児童委員協議会")
      expect(rows[0]!.by).toBe(names(CSW))
      expect(rows[2]!.case).toBe(pseudo("c1"))
      expect(rows[2]!.at).toEqual(new Date("2025-05-02T07:00:00Z"))
      expect(rows[2]!.fiscalYear).toBe("令和7年度")
      expect(rows.every((r) => typeof r.contact === "string" && /^ct-[0-9a-f]{16}$/.test(r.contact))).toBe(true)
      const text = JSON.stringify(rows)
      // Ids as whole JSON strings: a bare "c1" can occur inside a random hex pseudonym.
      for (const secret of ["\"c1\"", "\"o3\"", SON_NAME, MOTHER_NAME, ADDRESS, CONTACT_NOTE, "民生委員の方と立ち話"]) assert.notInclude(text, secret)
    }))

  it.effect("MTG-5: the meeting log from events: type, host, attendees by agency, agenda (pseudonymous), decisions, joint holding", () =>
    Effect.gen(function*() {
      const rows = yield* rowsOf(RegisterProjection.meetingLog(w.log, { ...base, fiscalYear: FY2025, agencyName: names }))
      expect(rows.map((r) => r.meeting)).toEqual(["sm1", "icm1", "icm2", "icm3", "opm1"])
      const [sm1, icm1, icm2, , opm1] = rows
      expect(sm1).toMatchObject({
        type: "支援会議",
        kind: "定期開催",
        kindEn: "Support meeting, regular",
        host: names(CITY),
        attendeeCount: CORE.length,
        joint: true,
        jointWith: "生活困窮者自立支援法の支援会議",
        agendaCount: 1,
        agenda: pseudo("c1"),
        decisionCount: 1,
        decisions: `${pseudo("c1")}: 多機関協働事業へつなぐ`,
        kpi2: true
      })
      expect(String(sm1!.attendees).split("\n")).toEqual(CORE.map(names))
      expect(icm1).toMatchObject({ type: "重層的支援会議", kind: "個別支援会議", kindEn: "Individual case meeting", host: names(OP), joint: false, jointWith: null, kpi2: false })
      // PLN-2: the plan judgments recorded on the case appear under the meeting that made them.
      expect(String(icm1!.decisions)).toMatch(/^p-[0-9a-f]{16} pl-[0-9a-f]{16}: プラン検討・差し戻し（第1版）$/)
      expect(String(icm2!.decisions).split("\n").map((d) => d.replace(/^p-\S+ pl-\S+: /, ""))).toEqual([
        "プラン検討・承認（第2版）",
        "プラン決定（第2版）"
      ])
      expect(opm1).toMatchObject({ kind: "全体推進会議", agendaCount: 0, agenda: null, decisions: "社会資源の不足", joint: true })
      const text = JSON.stringify(rows)
      for (const secret of ["\"c1", "p1", SON_NAME, SM_DECISION_NOTE, "居場所が不足"]) assert.notInclude(text, secret)
    }))

  it.effect("PLN-8: the plan register from events: status, dates, review and decision history, re-plans; the year's reviews and decisions", () =>
    Effect.gen(function*() {
      const rows = yield* rowsOf(RegisterProjection.planRegister(w.log, { ...base, fiscalYear: FY2025 }))
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        case: pseudo("c1"),
        program: "多機関協働事業",
        revision: 3,
        status: "支援中",
        statusEn: "Active",
        drafted: "2025-05-15",
        decided: "2025-09-10",
        ended: null,
        reviews: 3,
        decisions: 2,
        reviewsInYear: 3,
        decisionsInYear: 2
      })
      expect(String(rows[0]!.plan)).toMatch(/^pl-[0-9a-f]{16}$/)
      expect(String(rows[0]!.history).split("\n")).toEqual([
        "2025-05-15 起案 第1版",
        "2025-05-20 プラン検討・差し戻し 第1版（会議 icm1）",
        "2025-05-25 再プラン作成 第2版",
        "2025-06-10 プラン検討・承認 第2版（会議 icm2）",
        "2025-06-10 プラン決定 第2版（会議 icm2）",
        "2025-06-11 支援開始",
        "2025-09-01 再プラン作成 第3版",
        "2025-09-10 プラン検討・承認 第3版（会議 icm3）",
        "2025-09-10 プラン決定 第3版（会議 icm3）"
      ])
      // As of the end of FY2024 the plan did not exist yet; in FY2026 it is still in play (no events that year).
      expect(RegisterProjection.project(w.log, { fiscalYear: FiscalYear.make(2024) }).plans).toHaveLength(0)
      const fy2026 = yield* rowsOf(RegisterProjection.planRegister(w.log, { ...base, fiscalYear: FiscalYear.make(2026) }))
      expect(fy2026).toHaveLength(1)
      expect(fy2026[0]).toMatchObject({ reviewsInYear: 0, decisionsInYear: 0, reviews: 3 })
    }))

  it("PLN-4a: an ended plan leaves the registers of the years after its end; a suspension records its reason", () => {
    const x = history()
    x.run({ _tag: "HoldMeeting", meetingId: "icm4", at: "2026-03-12T14:00:00+09:00", by: OP, meetingType: "multi-layered-support-meeting", kind: "individual-case", attendees: [OP, CITY, HOKATSU, CSW] })
    x.run({ _tag: "TableCase", meetingId: "icm4", itemId: "i1", caseId: "c1", subjects: ["son"], at: "2026-03-12T14:05:00+09:00", by: OP })
    x.run({ _tag: "EvaluateEnd", caseId: "c1", planId: "p1", meetingId: "icm4", outcome: "ended", evaluation: "目標を達成", at: "2026-03-12T14:30:00+09:00", by: OP })
    const p = RegisterProjection.project(x.log, { fiscalYear: FY2025 }).plans[0]!
    expect(p).toMatchObject({ status: "ended" })
    expect(p.endedAt === null ? null : DateTime.formatIso(p.endedAt)).toBe("2026-03-12T05:30:00.000Z")
    expect(p.history.at(-1)).toMatchObject({ step: "ended", meetingId: "icm4" })
    expect(RegisterProjection.project(x.log, { fiscalYear: FiscalYear.make(2026) }).plans).toHaveLength(0)
    const m = RegisterProjection.project(x.log, { fiscalYear: FY2025 }).meetings.find((e) => e.meetingId === "icm4")!
    expect(m.decisions).toEqual([{ caseId: "c1", planId: "p1", decision: "終結" }])
  })

  it.effect("PLN-4a: a suspension prints with its reason in Japanese in the meeting log and the plan register", () =>
    Effect.gen(function*() {
      const x = history()
      x.run({ _tag: "HoldMeeting", meetingId: "icm4", at: "2026-03-12T14:00:00+09:00", by: OP, meetingType: "multi-layered-support-meeting", kind: "individual-case", attendees: [OP, CITY, HOKATSU, CSW] })
      x.run({ _tag: "TableCase", meetingId: "icm4", itemId: "i1", caseId: "c1", subjects: ["son"], at: "2026-03-12T14:05:00+09:00", by: OP })
      x.run({ _tag: "EvaluateEnd", caseId: "c1", planId: "p1", meetingId: "icm4", outcome: "suspended", suspensionReason: "contact-lost", evaluation: "連絡が途絶えた", at: "2026-03-12T14:30:00+09:00", by: OP })
      const meetings = yield* rowsOf(RegisterProjection.meetingLog(x.log, { ...base, fiscalYear: FY2025 }))
      expect(String(meetings.find((r) => r.meeting === "icm4")!.decisions)).toMatch(/^p-[0-9a-f]{16} pl-[0-9a-f]{16}: 中断（連絡が取れない）$/)
      const plans = yield* rowsOf(RegisterProjection.planRegister(x.log, { ...base, fiscalYear: FY2025 }))
      expect(plans[0]).toMatchObject({ status: "中断", statusEn: "Suspended", ended: "2026-03-12" })
      expect(String(plans[0]!.history).split("\n").at(-1)).toBe("2026-03-12 中断（連絡が取れない）（会議 icm4）")
      assert.notInclude(JSON.stringify([meetings, plans]), "contact-lost")
      assert.notInclude(JSON.stringify([meetings, plans]), "連絡が途絶えた")
    }))

  it.effect("issue 12: register cells are Japanese only; the English forms are second columns of their own", () =>
    Effect.gen(function*() {
      for (const fiscalYear of [{ fiscalYear: FY2025 }, {}]) {
        const o = { ...base, ...fiscalYear, agencyName: names }
        for (const report of [RegisterProjection.outreachLog(w.log, o), RegisterProjection.meetingLog(w.log, o), RegisterProjection.planRegister(w.log, o)]) {
          const rows = yield* rowsOf(report)
          const text = report.tables[0]!.columns.filter((c) => c.kind === "text")
          expect(rows.length).toBeGreaterThan(0)
          for (const row of rows) {
            for (const c of text) {
              const v = row[c.key]
              if (typeof v !== "string") continue
              if (c.key.endsWith("En")) expect(v, `${report.id}.${c.key}`).toMatch(/^[A-Z][A-Za-z ,]+$/)
              else expect(v, `${report.id}.${c.key}`).not.toMatch(/[(（]\s*[A-Za-z]|\br[0-9]+\b|\b(?:drafted|revised|reviewed|decided|started|approved|sent-back|ended|suspended)\b/)
            }
          }
        }
      }
    }))

  it.effect("KPI-1…KPI-4: the registers' counts agree with IndicatorProjection for the same events", () =>
    Effect.gen(function*() {
      for (const fy of [2024, 2025, 2026].map(FiscalYear.make)) {
        const kpi = IndicatorProjection.projectRecords(IndicatorProjection.countsFor(w.log, fy))
        const o = yield* rowsOf(RegisterProjection.outreachLog(w.log, { ...base, fiscalYear: fy }))
        const m = yield* rowsOf(RegisterProjection.meetingLog(w.log, { ...base, fiscalYear: fy }))
        const p = yield* rowsOf(RegisterProjection.planRegister(w.log, { ...base, fiscalYear: fy }))
        const sum = (rows: ReadonlyArray<Report.Row>, k: string) => rows.reduce((n, r) => n + Number(r[k]), 0)
        expect(o.filter((r) => r.kpi1 === true).length, `KPI-1 ${fy}`).toBe(kpi["KPI-1"])
        expect(m.filter((r) => r.kpi2 === true).length, `KPI-2 ${fy}`).toBe(kpi["KPI-2"])
        expect(sum(p, "reviewsInYear"), `KPI-3 ${fy}`).toBe(kpi["KPI-3"])
        expect(sum(p, "decisionsInYear"), `KPI-4 ${fy}`).toBe(kpi["KPI-4"])
      }
      expect(IndicatorProjection.projectRecords(IndicatorProjection.countsFor(w.log, FY2025))).toEqual({ "KPI-1": 4, "KPI-2": 1, "KPI-3": 3, "KPI-4": 2 })
    }))

  it.effect("ACC-2: a support-meeting-only note never appears in a register, even with a disclose hook for a consenting member", () =>
    Effect.gen(function*() {
      const at = Instant.make(T("11-01T10:00"))
      // The son's consent covers the CSW: the rule-built hooks disclose what was learned with consent…
      const hooks = RegisterProjection.disclosure(w.log, Id.AgencyId.make(CSW), at)
      const plans = yield* rowsOf(RegisterProjection.planRegister(w.log, { ...base, disclose: hooks.plans }))
      expect(plans[0]!.disclosed).toBe(`再プランの目標\n${CONSENT_NOTE}`)
      const outreach = yield* rowsOf(RegisterProjection.outreachLog(w.log, { ...base, disclose: hooks.outreach }))
      // …the son's contact note, but not the mother's (she declined: CNS-7) nor any contact without a person.
      expect(outreach.map((r) => r.disclosed)).toEqual([null, null, CONTACT_NOTE, null, null])
      const meetings = yield* rowsOf(RegisterProjection.meetingLog(w.log, { ...base, disclose: hooks.meetings }))
      expect(meetings.every((r) => r.disclosed === null)).toBe(true)

      // A hook that ignores the rules and hands over everything about the consenting son: the guard holds,
      // reading the provenance recorded with each source (never the text).
      const c1 = Id.CaseId.make("c1")
      const smItem: RegisterProjection.Source = { _tag: "Item", caseId: c1, itemId: Id.InfoItemId.make("info-sm") }
      const smDecision: RegisterProjection.Source = { _tag: "DecisionNote", meetingId: Id.MeetingId.make("sm1"), itemId: Id.ItemId.make("i1") }
      const consentItem: RegisterProjection.Source = { _tag: "Item", caseId: c1, itemId: Id.InfoItemId.make("info-cn") }
      const naive = () => () => [smItem, smDecision, consentItem]
      const all = [
        ...(yield* rowsOf(RegisterProjection.planRegister(w.log, { generatedAt: new Date(0), planRevision: "x", caseIds: "plain", disclose: naive() }))),
        ...(yield* rowsOf(RegisterProjection.outreachLog(w.log, { ...base, disclose: naive() }))),
        ...(yield* rowsOf(RegisterProjection.meetingLog(w.log, { ...base, disclose: naive() }))),
        ...(yield* rowsOf(RegisterProjection.outreachLog(w.log, { ...base, disclose: () => [smDecision] }))),
        // A source the events do not hold is withheld too (default deny).
        ...(yield* rowsOf(RegisterProjection.outreachLog(w.log, { ...base, disclose: () => [{ ...consentItem, itemId: Id.InfoItemId.make("no-such-item") }] })))
      ]
      expect(all.length).toBeGreaterThan(10)
      const text = JSON.stringify(all)
      assert.notInclude(text, SM_NOTE)
      assert.notInclude(text, SM_DECISION_NOTE)
      expect(all.every((r) => r.disclosed === null)).toBe(true)

      // The same hook without the support-meeting sources goes through: the guard is about ACC-2, not about every disclosure.
      const ok = yield* rowsOf(RegisterProjection.planRegister(w.log, { ...base, disclose: () => [consentItem] }))
      expect(ok[0]!.disclosed).toBe(CONSENT_NOTE)
    }))

  it("ACC-2: once the same information is recorded again with consent, it is no longer support-meeting-only", () => {
    const x = history()
    x.run({ _tag: "RecordInformation", caseId: "c1", itemId: "info-again", memberId: "son", provenance: { _tag: "Consent", consentId: "cn-son" }, note: SM_NOTE, at: T("11-02T10:00"), by: OP })
    const item = (itemId: string): RegisterProjection.Source => ({ _tag: "Item", caseId: Id.CaseId.make("c1"), itemId: Id.InfoItemId.make(itemId) })
    expect(RegisterProjection.guardSupportMeetingOnly(x.log, () => [item("info-again")])(undefined)).toBe(SM_NOTE)
    // The item recorded at the support meeting keeps its provenance: it stays withheld.
    expect(RegisterProjection.guardSupportMeetingOnly(x.log, () => [item("info-sm")])(undefined)).toBeNull()
    expect(RegisterProjection.guardSupportMeetingOnly(w.log, () => [item("info-again")])(undefined)).toBeNull()
  })

  it("ACC-2: the guard reads provenance, not text: a consent-based note that quotes support-meeting words is disclosed", () => {
    const x = history()
    const quoted = `本人が自ら「${SM_NOTE}」と話した`
    x.run({ _tag: "RecordInformation", caseId: "c1", itemId: "info-quote", memberId: "son", provenance: { _tag: "Consent", consentId: "cn-son" }, note: quoted, at: T("11-03T10:00"), by: OP })
    const source: RegisterProjection.Source = { _tag: "Item", caseId: Id.CaseId.make("c1"), itemId: Id.InfoItemId.make("info-quote") }
    // Text matching withheld this (it contains the support-meeting note); its recorded basis is the person's consent.
    expect(RegisterProjection.guardSupportMeetingOnly(x.log, () => [source])(undefined)).toBe(quoted)
  })

  it("ACC-1: without an export key the registers need an explicit choice of plain ids (internal use only)", () => {
    const r = RegisterProjection.planRegister(w.log, { generatedAt: new Date(0), planRevision: "x", caseIds: "plain" })
    expect(r.tables[0]!.columns.find((c) => c.key === "case")!.labelEn).toBe("Case id")
    expect(r.metadata.fiscalYearLabel).toBe("全期間 (all years)")
    expect(r.tables[0]!.columns.some((c) => c.personal === true)).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties: the registers do not depend on the host time zone or on the order of the events,
// and agree with the indicators.
// ---------------------------------------------------------------------------------------------

const START = Date.parse("2025-03-25T00:00:00Z")
const SPAN = Date.parse("2026-04-10T00:00:00Z") - START
const BOUNDARIES = ["2025-03-31T14:59:59.999Z", "2025-03-31T15:00:00Z", "2026-03-31T14:59:59.999Z", "2026-03-31T15:00:00Z"].map((s) => Date.parse(s) - START)

const drawn = fc.record({
  kind: fc.constantFrom("individual", "agency", "organisation", "resident", "support-meeting", "case-meeting", "promotion", "plan"),
  t: fc.oneof(fc.integer({ min: 0, max: SPAN }), fc.constantFrom(...BOUNDARIES)),
  /** For a plan: how far it got (drafted → reviewed → decided → started → ended), each step later. */
  steps: fc.integer({ min: 1, max: 5 }),
  gap: fc.integer({ min: 60_000, max: 40 * 24 * 3600_000 }),
  sentBack: fc.boolean()
})

/** Events as the deciders would record them (ids unique per draw). */
const toEvents = (k: typeof drawn extends fc.Arbitrary<infer A> ? A : never, i: number): ReadonlyArray<DomainEvent.DomainEvent> => {
  const at = (n: number) => new Date(START + k.t + n * k.gap).toISOString()
  const base = (n = 0) => ({ eventId: `e${i}-${n}/0`, at: at(n), by: OP })
  switch (k.kind) {
    case "individual":
    case "agency":
    case "organisation":
    case "resident": {
      const activity = k.kind === "individual"
        ? { _tag: "IndividualSupport" as const, caseId: "c1", memberId: "son", mode: "phone" as const }
        : k.kind === "agency"
        ? { _tag: "AgencyVisit" as const, agencyId: HOKATSU }
        : k.kind === "organisation"
        ? { _tag: "OrganisationVisit" as const, organisation: "民生委員児童委員協議会" }
        : { _tag: "ResidentVisit" as const }
      return [DomainEvent.make({ ...base(), _tag: "ContactRecorded", by: CSW, contactId: `o${i}`, activity })]
    }
    case "support-meeting":
    case "case-meeting":
    case "promotion": {
      const meetingType = k.kind === "support-meeting" ? "support-meeting" : "multi-layered-support-meeting"
      const kind = k.kind === "support-meeting" ? "regular" : k.kind === "promotion" ? "overall-promotion" : "individual-case"
      return [
        DomainEvent.make({ ...base(), _tag: "MeetingHeld", meetingId: `m${i}`, meetingType, kind, attendees: [OP, CITY], served: [meetingType, ...(k.sentBack ? ["chiiki-care-kaigi" as const] : [])] }),
        ...(k.kind === "promotion"
          ? [DomainEvent.make({ ...base(), eventId: `e${i}-t/0`, _tag: "TopicDiscussed", meetingId: `m${i}`, itemId: "t1", topic: "resource-gap" })]
          : [DomainEvent.make({ ...base(), eventId: `e${i}-t/0`, _tag: "CaseTabled", meetingId: `m${i}`, itemId: "i1", caseId: `c${i}`, subjects: [], information: [] })])
      ]
    }
    default: {
      const plan = { caseId: `c${i}`, planId: "p1", kind: "multi-agency" as const }
      const out: Array<DomainEvent.Encoded> = [
        { ...base(0), _tag: "PlanDrafted", ...plan, subjects: ["son"], roles: [{ agencyId: OP, role: "調整" }], goals: "目標", basis: [], consents: [] }
      ]
      if (k.steps >= 2) {
        out.push({ ...base(1), _tag: "PlanReviewed", ...plan, revision: 1, meetingId: `icm${i}`, outcome: k.sentBack ? "sent-back" : "approved" })
        if (k.sentBack) {
          out.push({ ...base(2), _tag: "PlanRevised", ...plan, revision: 2, roles: [{ agencyId: OP, role: "調整" }], goals: "目標", basis: [], consents: [] })
          out.push({ ...base(3), _tag: "PlanReviewed", ...plan, revision: 2, meetingId: `icm${i}b`, outcome: "approved" })
        }
      }
      const r = k.sentBack ? 2 : 1
      const n = k.sentBack ? 3 : 1
      if (k.steps >= 3) out.push({ ...base(n), eventId: `e${i}-${n}/1`, _tag: "PlanDecided", ...plan, revision: r, meetingId: k.sentBack ? `icm${i}b` : `icm${i}` })
      if (k.steps >= 4) out.push({ ...base(n + 1), _tag: "SupportStarted", caseId: plan.caseId, planId: "p1", early: false })
      if (k.steps >= 5) out.push({ ...base(n + 2), _tag: "PlanEndEvaluated", ...plan, meetingId: `icm${i}c`, outcome: "ended", evaluation: "評価" })
      return out.map(DomainEvent.make)
    }
  }
}

describe("Register properties (KPI-9, TIME-1)", () => {
  restoreTimeZoneAfterEach()

  it("KPI-9, TIME-1: register rows are invariant to the host time zone and to the order of events, and agree with KPI-1…KPI-4 per fiscal year", () => {
    fc.assert(
      fc.property(
        fc.array(drawn, { maxLength: 30 }),
        hostTimeZones,
        fc.infiniteStream(fc.nat()),
        (ks, tz, randoms) => {
          const events = ks.flatMap(toEvents)
          const shuffled = shuffle([...events, ...events.slice(0, 3)], randoms) // some given twice: counted once
          for (const fy of [2024, 2025, 2026].map(FiscalYear.make)) {
            process.env.TZ = "UTC"
            const reference = RegisterProjection.project(events, { fiscalYear: fy })
            process.env.TZ = tz
            const other = RegisterProjection.project(shuffled, { fiscalYear: fy })
            expect(JSON.stringify(other)).toBe(JSON.stringify(reference))
            const kpi = IndicatorProjection.projectRecords(IndicatorProjection.countsFor(shuffled, fy))
            expect(other.outreach.filter(Registers.countsTowardKpi1).length).toBe(kpi["KPI-1"])
            expect(other.meetings.filter(Registers.countsTowardKpi2).length).toBe(kpi["KPI-2"])
            expect(other.plans.reduce((n, p) => n + Registers.countSteps(p.history, "reviewed", fy), 0)).toBe(kpi["KPI-3"])
            expect(other.plans.reduce((n, p) => n + Registers.countSteps(p.history, "decided", fy), 0)).toBe(kpi["KPI-4"])
          }
        }
      ),
      { numRuns: 60 }
    )
  })
})

// ---------------------------------------------------------------------------------------------
// The read model (RegisterEntries): the same registers, read page by page from documents kept
// event by event.
// ---------------------------------------------------------------------------------------------

/** Apply events to a fresh in-memory read model in batches (as the runner does: load, fold, commit). */
const readModelOf = (events: ReadonlyArray<DomainEvent.DomainEvent>, batchSizes: Iterable<number>) =>
  Effect.gen(function*() {
    const store = ReadModelStore.makeMemory()
    const p = RegisterEntries.projection
    const sizes = batchSizes[Symbol.iterator]()
    let at = 0
    while (at < events.length) {
      const size = 1 + ((sizes.next().value ?? 0) % 9)
      const handled = events.slice(at, at + size).filter((e) => p.handles.has(e._tag))
      const loaded = yield* store.load(p.name, Projection.keysOfBatch(p, handled))
      yield* store.commit(p.name, { from: at, to: at + size, version: p.version, changes: Projection.applyBatch(p, handled, loaded) })
      at += size
    }
    return store
  })

/** Each register from the read model and from the history fold, as JSON (instants as ISO strings). */
const bothWays = (
  store: ReadModelStore.ReadModelStoreShape,
  events: ReadonlyArray<DomainEvent.DomainEvent>,
  options: RegisterEntries.ReadOptions
) =>
  Effect.gen(function*() {
    const folded = RegisterProjection.project(events, options)
    const read = {
      outreach: yield* Stream.runCollect(RegisterEntries.outreach(store, options)),
      meetings: yield* Stream.runCollect(RegisterEntries.meetings(store, options)),
      plans: yield* Stream.runCollect(RegisterEntries.plans(store, options))
    }
    return { folded: JSON.parse(JSON.stringify(folded)), read: JSON.parse(JSON.stringify(read)) }
  })

describe("RegisterEntries: the registers from the read model (OUT-2, MTG-6, PLN-8, TIME-1, AUD-2)", () => {
  const years = [undefined, ...[2024, 2025, 2026, 2027].map(FiscalYear.make)]

  it.effect("OUT-2, MTG-6, PLN-8: the read model's entries equal the history fold's, row for row, for every fiscal year", () =>
    Effect.gen(function*() {
      const w = history()
      const store = yield* readModelOf(w.log, [500])
      for (const fiscalYear of years) {
        for (const pageSize of [1, 2, 500]) {
          const { folded, read } = yield* bothWays(store, w.log, { ...(fiscalYear === undefined ? {} : { fiscalYear }), agencyName: names, pageSize })
          expect(read).toEqual(folded)
        }
      }
      const all = yield* bothWays(store, w.log, {})
      expect(all.read.outreach).toHaveLength(5)
      expect(all.read.meetings.map((m: Registers.MeetingEntry) => m.meetingId)).toEqual(["sm1", "icm1", "icm2", "icm3", "opm1", "sm2"])
      expect(all.read.plans).toHaveLength(1)
    }))

  it.effect("AUD-2, ACC-2: the read model keeps no note, name or address, and its reports print as the history's", () =>
    Effect.gen(function*() {
      const w = history()
      const store = yield* readModelOf(w.log, [3])
      const text = JSON.stringify([...(yield* Stream.runCollect(Stream.paginate(undefined as string | undefined, (after) =>
        Effect.map(store.list(RegisterEntries.name, { after, limit: 1000 }), (page) => [page, page.length === 1000 ? Option.some(page.at(-1)!.key) : Option.none()] as const))))])
      for (const secret of [SON_NAME, MOTHER_NAME, ADDRESS, SM_NOTE, SM_DECISION_NOTE, CONSENT_NOTE, CONTACT_NOTE, "民生委員の方と立ち話", "居場所が不足", "本人が週1回外出できる"]) {
        assert.notInclude(text, secret)
      }
      for (const fiscalYear of [undefined, FY2025]) {
        const options = { ...base, agencyName: names, ...(fiscalYear === undefined ? {} : { fiscalYear }) }
        const reports = [
          [RegisterProjection.outreachLog(w.log, options), Registers.outreachLog(() => RegisterEntries.outreach(store, options), RegisterProjection.reportOptions(options))],
          [RegisterProjection.meetingLog(w.log, options), Registers.meetingLog(() => RegisterEntries.meetings(store, options), RegisterProjection.reportOptions(options))],
          [RegisterProjection.planRegister(w.log, options), Registers.planRegister(() => RegisterEntries.plans(store, options), RegisterProjection.reportOptions(options))]
        ] as const
        for (const [fromHistory, fromReadModel] of reports) {
          const { rows: _a, ...tableA } = fromHistory.tables[0]!
          const { rows: _b, ...tableB } = fromReadModel.tables[0]!
          expect(tableB).toEqual(tableA)
          expect(yield* rowsOf(fromReadModel)).toEqual(yield* rowsOf(fromHistory))
        }
      }
    }))

  it("KPI-9, TIME-1: on generated histories applied in any order and batching, the read model's registers equal the fold's for every fiscal year", () => {
    fc.assert(
      fc.property(
        fc.array(drawn, { maxLength: 30 }),
        fc.infiniteStream(fc.nat()),
        fc.infiniteStream(fc.nat()),
        fc.integer({ min: 1, max: 7 }),
        (ks, randoms, batches, pageSize) => {
          const events = ks.flatMap(toEvents)
          const store = Effect.runSync(readModelOf(shuffle(events, randoms), batches))
          for (const fiscalYear of years) {
            const { folded, read } = Effect.runSync(bothWays(store, events, { ...(fiscalYear === undefined ? {} : { fiscalYear }), agencyName: names, pageSize }))
            expect(read).toEqual(folded)
          }
        }
      ),
      { numRuns: 60 }
    )
  })
})
