/**
 * A deterministic generator of realistic case histories, for the projection conformance suite,
 * the crash test and the 1,000,000-event bench (KPI-9, PLN-1…PLN-8, MTG-2, CNS-5, OUT-2).
 *
 * Cases are referred over `years` fiscal years from FY2025; each runs the plan cycle (consent,
 * assessment, draft, review — sometimes sent back —, decision, support, re-plans, follow-ups,
 * outreach contacts, information items), some withdraw consent, most close, a few reopen.
 * Support meetings and individual case meetings are held monthly, the register changes members,
 * and survey results are recorded yearly. Events decode with `DomainEvent.decode`; they are not
 * decided by the deciders (fast enough for a million), so do not replay them as commands.
 *
 * Import it from `@kitakami-juso/testkit/EventHistory`: it does not load vitest.
 *
 * @module
 */
import type { EventStore } from "@kitakami-juso/core"

/** One append: a stream and its events (all new). */
export interface Append {
  readonly stream: string
  readonly events: ReadonlyArray<EventStore.NewEvent>
}

/** How big a history. */
export interface Options {
  readonly cases: number
  readonly seed?: number | undefined
  /** Fiscal years from FY2025 (default 4). */
  readonly years?: number | undefined
  /** Scales the per-case volume of information, follow-ups and contacts (default 1 ≈ 140 events a case; 1.45 ≈ 200). */
  readonly volume?: number | undefined
}

const CITY = "city-chiiki-fukushi"
const OP = "shakyo"
const CSW = "shakyo-outreach"
const CORE = ["city-choju-kaigo", "city-shogai-fukushi", "city-kosodate-shien", "city-chiiki-fukushi", "city-hoken", "shakyo"]
const REFERRERS = [
  "hokatsu-hondori",
  "hokatsu-kitakami-chuo",
  "hokatsu-tenshochi",
  "hokatsu-wakko",
  "shogai-kikan-sodan",
  "kosodate-kodomo-katei",
  "shakyo-kurashi-jiritsu",
  "chiiki-seikatsu-shien-2-risshokai"
]
const OTHERS = ["shogai-sakura", "chiiki-katsudo-shien", "chiiki-hublab-kitakami", "kosodate-riyosha-kihon"]
const KINDS = ["multi-agency", "participation-support", "outreach"] as const
const DAY = 86_400_000
const START = Date.parse("2025-04-01T00:00:00+09:00")

/** A small seeded PRNG (mulberry32). */
export const random = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * The history as appends in time order of their first event (per case: one append of its case
 * events; one per outreach contact and meeting). Lazy: holds one case at a time.
 */
export function* generate(options: Options): Generator<Append> {
  const rnd = random(options.seed ?? 42)
  const years = options.years ?? 4
  const volume = options.volume ?? 1
  const span = years * 365 * DAY
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rnd() * xs.length)]!
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
  const n = (base: number) => Math.max(0, Math.round(base * volume * (0.5 + rnd())))
  let seq = 0
  const ev = (type: string, at: number, by: string, fields: Record<string, unknown>): EventStore.NewEvent => {
    const eventId = `g${++seq}/0`
    return { eventId, type, payload: { _tag: type, eventId, at: iso(at), by, ...fields } }
  }
  // The register, established with the core members (MTG-2).
  yield { stream: "support-meeting-register", events: [ev("RegisterEstablished", START, CITY, { members: CORE })] }
  const months = years * 12
  const perMonth = Math.ceil(options.cases / months)
  let caseNo = 0
  for (let m = 0; m < months; m++) {
    const monthStart = START + m * (span / months)
    // Monthly meetings (MTG-1, MTG-6) and register changes.
    for (const [id, type, kind] of [[`sm-${m}`, "support-meeting", "regular"], [`icm-${m}`, "multi-layered-support-meeting", "individual-case"]] as const) {
      yield {
        stream: `meeting-${id}`,
        events: [ev("MeetingHeld", monthStart + 9 * DAY, CITY, { meetingId: id, meetingType: type, kind, attendees: [...CORE, CSW], served: [type] })]
      }
    }
    if (m % 6 === 1) yield { stream: "support-meeting-register", events: [ev("MemberAppointed", monthStart + DAY, CITY, { agencyId: pick(OTHERS) })] }
    if (m % 12 === 0) {
      yield {
        stream: "survey-results",
        events: (["KPI-5", "KPI-6", "KPI-7", "KPI-8"] as const).map((k) =>
          ev("SurveyResultRecorded", monthStart + 2 * DAY, CITY, {
            resultId: `s-${m}-${k}`,
            indicator: k,
            surveyYear: 2025 + m / 12,
            sampleSize: int(300, 1200),
            value: Math.round(rnd() * 1000) / 10
          })
        )
      }
    }
    for (let c = 0; c < perMonth && caseNo < options.cases; c++) {
      const caseId = `c${String(++caseNo).padStart(6, "0")}`
      const referrer = pick(REFERRERS)
      let t = monthStart + rnd() * (span / months)
      const step = (days: number) => (t += days * DAY * (0.5 + rnd()))
      const members = Array.from({ length: int(1, 3) }, (_, i) => ({
        memberId: `m${i + 1}`,
        role: i === 0 ? "person" : "household-member",
        relation: i === 0 ? "self" : pick(["parent", "child", "spouse", "sibling"]),
        name: `生成 ${caseId}-${i + 1}`
      }))
      const events: Array<EventStore.NewEvent> = [ev("CaseReferred", t, referrer, { caseId, members })]
      const contacts: Array<Append> = []
      const agencies = [OP, CITY, CSW, referrer]
      events.push(ev("ConsentRecorded", step(3), OP, {
        caseId,
        consentId: `${caseId}-k1`,
        memberId: "m1",
        grantor: { _tag: "Self" },
        purposes: ["multi-agency-collaboration", "information-sharing"],
        agencies,
        method: "written",
        validFrom: iso(t)
      }))
      let item = 0
      const info = (count: number) => {
        for (let i = 0; i < count; i++) {
          events.push(ev("InformationRecorded", step(1), pick(agencies), {
            caseId,
            itemId: `${caseId}-i${++item}`,
            memberId: pick(members).memberId,
            provenance: { _tag: "Consent", consentId: `${caseId}-k1` },
            note: "生成された記録"
          }))
        }
      }
      const contact = (count: number) => {
        for (let i = 0; i < count; i++) {
          const contactId = `${caseId}-o${contacts.length + 1}`
          const activity = rnd() < 0.8
            ? { _tag: "IndividualSupport", caseId, memberId: "m1", mode: pick(["home-visit", "phone", "accompaniment"]) }
            : rnd() < 0.5
            ? { _tag: "AgencyVisit", agencyId: referrer }
            : { _tag: "ResidentVisit" }
          contacts.push({ stream: `outreach-${contactId}`, events: [ev("ContactRecorded", t + rnd() * 60 * DAY, CSW, { contactId, activity })] })
        }
      }
      info(n(25))
      contact(n(15))
      const kind = pick(KINDS)
      events.push(ev("AssessmentRecorded", step(7), OP, {
        caseId,
        assessmentId: `${caseId}-a1`,
        kind,
        subjects: ["m1"],
        assessors: [OP, referrer],
        summary: "生成されたアセスメント"
      }))
      const planId = `${caseId}-p1`
      const meeting = () => `icm-${Math.min(months - 1, Math.max(0, Math.floor((t - START) / (span / months))))}`
      const roles = [{ agencyId: OP, role: "調整" }, { agencyId: referrer, role: "見守り" }]
      events.push(ev("PlanDrafted", step(7), OP, {
        caseId,
        planId,
        kind,
        subjects: ["m1"],
        roles,
        goals: "生成された目標",
        basis: [],
        consents: [`${caseId}-k1`]
      }))
      let revision = 1
      const cycles = int(1, 4)
      for (let r = 0; r < cycles; r++) {
        if (r > 0) {
          revision++
          events.push(ev("PlanRevised", step(60), OP, { caseId, planId, kind, revision, roles, goals: "生成された目標", basis: [], consents: [`${caseId}-k1`] }))
        }
        if (rnd() < 0.15) {
          events.push(ev("PlanReviewed", step(14), CITY, { caseId, planId, kind, revision, meetingId: meeting(), outcome: "sent-back" }))
          revision++
          events.push(ev("PlanRevised", step(7), OP, { caseId, planId, kind, revision, roles, goals: "生成された目標", basis: [], consents: [`${caseId}-k1`] }))
        }
        events.push(ev("PlanReviewed", step(14), CITY, { caseId, planId, kind, revision, meetingId: meeting(), outcome: "approved" }))
        events.push(ev("PlanDecided", t, CITY, { caseId, planId, kind, revision, meetingId: meeting() }))
        if (r === 0) events.push(ev("SupportStarted", step(3), OP, { caseId, planId, early: false }))
        for (let f = n(20 / cycles); f > 0; f--) {
          events.push(ev("FollowUpRecorded", step(5), OP, { caseId, planId, recordId: `${caseId}-f${r}-${f}`, kind: pick(["settling-in", "receiving-place", "follow-up-visit"]) }))
        }
        info(n(40 / cycles))
        contact(n(25 / cycles))
      }
      if (rnd() < 0.1) events.push(ev("ConsentWithdrawn", step(10), OP, { caseId, consentId: `${caseId}-k1`, memberId: "m1" }))
      if (rnd() < 0.6) {
        events.push(ev("PlanEndEvaluated", step(30), CITY, { caseId, planId, kind, meetingId: meeting(), outcome: "ended", evaluation: "生成された評価" }))
        events.push(ev("CaseClosed", step(5), OP, { caseId, outcome: "ended" }))
        if (rnd() < 0.1) events.push(ev("CaseReopened", step(90), OP, { caseId }))
      }
      for (let i = 0; i < events.length; i += 1000) yield { stream: `case-${caseId}`, events: events.slice(i, i + 1000) }
      yield* contacts
    }
  }
}
