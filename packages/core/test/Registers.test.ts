import { randomBytes } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Pseudonym, Registers, Report } from "@kitakami-juso/core"
import { DateTime, Effect } from "effect"

const key = Pseudonym.makeKey(randomBytes(32))
const base = { generatedAt: new Date(0), fiscalYearLabel: "令和7年度 (FY2025)", planRevision: "2025-04 (revised 2026-04)" }

const rowsOf = (r: Report.Report) =>
  Effect.gen(function*() {
    yield* Exporter.validateReport(r)
    const rows: Array<Report.Row> = []
    yield* Exporter.forEachBatch(r.tables[0]!, (b) => Effect.sync(() => void rows.push(...b)))
    return rows
  })

const outreach: Array<Registers.OutreachEntry> = [
  { contactId: "o1", at: DateTime.makeUnsafe("2024-03-31T15:30:00Z"), activity: "individual", counterpart: null, caseId: "case-7", mode: "home-visit", by: "北上市社会福祉協議会" },
  { contactId: "o2", at: DateTime.makeUnsafe("2025-05-01T01:00:00Z"), activity: "resident", counterpart: null, caseId: null, mode: null, by: "北上市社会福祉協議会" }
]

describe("Registers (OUT-2, MTG-6, PLN-8, ACC-1, ACC-2, AUD-2)", () => {
  it.effect("ACC-1, AUD-2: registers name cases by pseudonymous id by default and carry no personal column", () =>
    Effect.gen(function*() {
      const r = Registers.outreachLog(() => outreach, { ...base, exportKey: key })
      assert.isFalse(r.tables[0]!.columns.some((c) => c.personal === true))
      const rows = yield* rowsOf(r)
      assert.strictEqual(rows[0]!.case, Pseudonym.make(key)("case-7"))
      assert.notInclude(JSON.stringify(rows), "case-7")
      assert.strictEqual(rows[0]!.fiscalYear, "令和6年度", "TIME-1: 00:30 JST on 1 April is FY2024")
      assert.deepStrictEqual(rows.map((x) => x.kpi1), [true, false], "OUT-2: resident visits do not count toward KPI-1")
    }))

  it.effect("ACC-1, ACC-2: a personal field leaves only through the disclosure hook, flagged personal, null where denied", () =>
    Effect.gen(function*() {
      const r = Registers.outreachLog(() => outreach, { ...base, caseIds: "plain", disclose: (e) => e.contactId === "o1" ? "同意あり: 訪問時の状況" : null })
      const col = r.tables[0]!.columns.find((c) => c.key === "disclosed")!
      assert.isTrue(col.personal)
      const rows = yield* rowsOf(r)
      assert.deepStrictEqual(rows.map((x) => x.disclosed), ["同意あり: 訪問時の状況", null])
      assert.strictEqual(rows[0]!.case, "case-7")
    }))

  it.effect("MTG-5, MTG-6: the meeting log lists type, host, attendees by agency, decisions and joint holding", () =>
    Effect.gen(function*() {
      const rows = yield* rowsOf(Registers.meetingLog(() => [{
        meetingId: "sm1",
        at: DateTime.makeUnsafe("2025-04-20T05:00:00Z"),
        meetingType: "support-meeting",
        kind: "regular",
        host: "北上市 地域福祉課",
        attendees: ["北上市 地域福祉課", "北上市社会福祉協議会", "本通り地域包括支援センター"],
        jointWith: ["生活困窮者支援調整会議"],
        decisions: [{ caseId: "case-7", decision: "多機関協働へ" }]
      }], { ...base, exportKey: key }))
      const m = rows[0]!
      assert.strictEqual(m.attendeeCount, 3)
      assert.isTrue(m.joint)
      assert.isTrue(m.kpi2)
      assert.strictEqual(m.decisions, `${Pseudonym.make(key)("case-7")}: 多機関協働へ`)
    }))

  it.effect("PLN-8: the plan register shows status, dates and the review and decision history", () =>
    Effect.gen(function*() {
      const rows = yield* rowsOf(Registers.planRegister(() => [{
        planId: "p1",
        caseId: "case-7",
        program: "multi-agency",
        status: "decided",
        revision: 2,
        draftedAt: DateTime.makeUnsafe("2025-05-01T00:00:00Z"),
        decidedAt: DateTime.makeUnsafe("2025-06-02T00:00:00Z"),
        endedAt: null,
        history: [
          { at: DateTime.makeUnsafe("2025-05-20T00:00:00Z"), step: "started", meetingId: null, outcome: "early" },
          { at: DateTime.makeUnsafe("2025-06-01T00:00:00Z"), step: "reviewed", meetingId: "m1" },
          { at: DateTime.makeUnsafe("2025-06-02T00:00:00Z"), step: "decided", meetingId: "m1" }
        ]
      }], { ...base, exportKey: key }))
      assert.deepInclude(rows[0]!, { program: "多機関協働事業", status: "決定", statusEn: "Decided", revision: 2, drafted: "2025-05-01", decided: "2025-06-02", ended: null, reviews: 1 })
      assert.strictEqual(rows[0]!.history, "2025-05-20 支援開始（決定前の早期開始）\n2025-06-01 プラン検討（会議 m1）\n2025-06-02 プラン決定（会議 m1）")
    }))
})
