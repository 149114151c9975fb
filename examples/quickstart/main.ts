/**
 * Quickstart: one "8050" household through Kitakami's multi-layered support system, on the
 * in-memory event store, then the FY2025 indicator table (令和7年度 成果指標).
 *
 * A mother in her 80s and her son in his 50s, withdrawn at home for years. The community general
 * support centre that supports the mother refers the household (つなぎ); the support meeting shares
 * it without consent (Art. 106-6); the son later consents and the mother does not; the son's plan
 * is reviewed and decided at an individual case meeting; the community social workers keep in
 * touch; the plan is evaluated at its end. Every step goes through the command handler: refused
 * steps print the rule they break. Names never appear in the output (AUD-2): people are named by
 * their role in the household.
 *
 * Finally the FY2025 indicator report and the three registers (outreach log, meeting log, plan
 * register) are written to `out/` as CSV, XLSX and JSON, and the indicator report as HTML too.
 * The registers name cases, plans and contacts by pseudonyms keyed with an export key
 * (`JUSO_EXPORT_KEY`, else a fresh random key per run), and carry no personal field (AUD-2).
 * `QUICKSTART_OUT` names another output directory.
 *
 * Run with `pnpm --filter @kitakami-juso/examples-quickstart start` (Node ≥ 22.19 runs `.ts` directly).
 */
import { randomBytes } from "node:crypto"
import { mkdirSync } from "node:fs"
import { join, relative } from "node:path"
import { Effect, Layer, Result } from "effect"
import {
  Catalog,
  CommandHandler,
  Disclosure,
  type DomainEvent,
  Edition,
  type Exporter,
  FiscalYear,
  Id,
  Indicator,
  IndicatorProjection,
  IndicatorReport,
  Instant,
  Kitakami,
  MemoryEventStore,
  Pseudonym,
  RegisterProjection,
  type Report
} from "@kitakami-juso/core"
import { CsvExporter } from "@kitakami-juso/export-csv"
import { HtmlExporter } from "@kitakami-juso/export-html"
import { JsonExporter } from "@kitakami-juso/export-json"
import { XlsxExporter } from "@kitakami-juso/export-xlsx"

const revisions = Kitakami.revisions
const catalog = Kitakami.revisions[0]!
const nameOf = (id: string): string =>
  catalog.directory.sections.find((s) => s.id === id)?.name
    ?? catalog.directory.agencies.find((a) => a.id === id)?.name
    ?? id

// The household. Names are personal data: they go into the case record, never into this output.
const person = { memberId: "son", role: "person", relation: "self", name: "北上 一郎", address: "北上市本通り" } as const
const mother = { memberId: "mother", role: "household-member", relation: "parent", name: "北上 ハナ", address: "北上市本通り" } as const
const who: Record<string, string> = { son: "本人（長男・50代）the son", mother: "母（80代）the mother" }

const CITY = "city-chiiki-fukushi"
const OP = Catalog.multiAgencyOperator(catalog)
const CSW = Edition.operatorsOf(catalog, "outreach")[0]!
const HOKATSU = "hokatsu-hondori"
const CORE = Catalog.coreMembers(catalog)
const jst = (s: string) => `${s}:00+09:00`

const out: Array<string> = []
const line = (s = "") => out.push(s)
let step = 0

const program = Effect.gen(function*() {
  const handler = yield* CommandHandler.CommandHandler
  let n = 0
  /** Handle one command and print the outcome: the events it caused, or the rule it broke. */
  const act = (ja: string, en: string, input: Record<string, unknown>) =>
    Effect.gen(function*() {
      const at = String(input.at).slice(0, 16).replace("T", " ")
      line(`${String(++step).padStart(2, " ")}. ${at}  ${ja}`)
      line(`    ${en}`)
      const result = yield* Effect.result(handler.handleUnknown({ commandId: `qs-${++n}`, ...input }))
      if (Result.isSuccess(result)) {
        line(`    ✓ ${result.success.events.map((e) => e._tag).join(" + ")}`)
      } else {
        const e = result.failure
        line(`    ✗ 拒否 refused — ${e._tag === "RuleViolation" ? e.message : `${e._tag}: ${e.message}`}`)
      }
    })
  const ask = (ja: string, agency: string, memberId: string, setting: Disclosure.Setting, at: string) =>
    Effect.gen(function*() {
      const events = yield* handler.load("case-c8050")
      const register = CommandHandler.registerState(yield* handler.load("support-meeting-register"))
      const state = CommandHandler.caseState(events)
      const answer = Disclosure.decide(
        { agency: Id.AgencyId.make(agency), memberId: Id.MemberId.make(memberId), setting, at: Instant.make(at) },
        { consents: state.consents, register }
      )
      line(`    ？ ${ja}`)
      line(`      ${nameOf(agency)} / ${who[memberId]} / ${setting}: ${answer.allowed ? "可 allowed" : "不可 denied"} — ${answer.because.rule}: ${answer.because.explanation}`)
    })

  line("■ 8050世帯の支援の流れ / One \"8050\" household, step by step")
  line(`  世帯 Household: ${who.son}, ${who.mother}`)
  line(`  ルール Rules: plan revision ${Catalog.kitakami.revision.id} and earlier (${revisions.map((r) => r.revision.id).join(", ")})`)
  line()

  yield* act("支援会議の構成員名簿を設置（コアメンバー）", "The city establishes the support meeting's register with the core members (MTG-2, ORG-3)", {
    _tag: "EstablishRegister",
    at: jst("2025-04-01T09:00"),
    by: CITY,
    members: CORE
  })
  yield* act(`${nameOf(HOKATSU)}が世帯を多機関協働へつなぐ`, "The community general support centre refers the household (つなぎ, PLN-1)", {
    _tag: "ReferCase",
    caseId: "c8050",
    at: jst("2025-04-10T10:00"),
    by: HOKATSU,
    members: [person, mother],
    note: "母の介護相談の中で、長男が長年自宅にひきこもっていることが分かった"
  })
  yield* act("随時の支援会議のため、つなぎ元を構成員に追加", "The referring centre is appointed a member for an ad hoc meeting (MTG-2)", {
    _tag: "AppointMember",
    at: jst("2025-04-15T09:00"),
    by: CITY,
    agencyId: HOKATSU
  })
  yield* act("支援会議（随時）— 本人同意なしで情報共有", "Ad hoc support meeting: information shared without consent (CNS-3, Art. 106-6)", {
    _tag: "HoldMeeting",
    meetingId: "sm-2025-04",
    at: jst("2025-04-18T14:00"),
    by: CITY,
    meetingType: "support-meeting",
    kind: "ad-hoc",
    adHocReason: "non-core-agencies",
    attendees: [...CORE, HOKATSU],
    jointWith: ["konkyu-shien-kaigi"],
    jointConditions: { attendeesLargelySame: true, contentAndRolesKeptApart: true, timeKeptApart: true }
  })
  yield* act("世帯を議題に（本人と母）", "The household is discussed: the son and the mother (MTG-3, CNS-8)", {
    _tag: "TableCase",
    meetingId: "sm-2025-04",
    itemId: "i1",
    caseId: "c8050",
    subjects: ["son", "mother"],
    at: jst("2025-04-18T14:10"),
    by: CITY
  })
  yield* act("支援会議で知った情報を記録（根拠：支援会議）", "What was learned there is recorded with its legal basis (ACC-2)", {
    _tag: "RecordInformation",
    caseId: "c8050",
    itemId: "sm-info-1",
    memberId: "son",
    provenance: { _tag: "SupportMeeting", meetingId: "sm-2025-04" },
    note: "夜間のみ外出、母の年金で生活",
    at: jst("2025-04-18T14:20"),
    by: HOKATSU
  })
  yield* act("多機関協働事業へつなぐことを決定", "Decision: refer to multi-agency collaboration (MTG-3)", {
    _tag: "RecordDecision",
    meetingId: "sm-2025-04",
    itemId: "i1",
    decision: "refer-to-multi-agency-collaboration",
    at: jst("2025-04-18T14:40"),
    by: CITY
  })
  yield* act("支援会議の決定をもとに、コーディネートが必要と判断（多機関協働の入口）", "The case is judged to need coordination, citing the meeting's decision: this opens intake (MTG-3)", {
    _tag: "JudgeCoordination",
    caseId: "c8050",
    needed: true,
    decision: { meetingId: "sm-2025-04", itemId: "i1" },
    at: jst("2025-04-18T15:00"),
    by: OP
  })
  yield* ask("同意前に、支援会議の情報をCSWへ直接渡せるか？ May the CSW get it directly, before consent?", CSW, "son", "direct-sharing", jst("2025-04-25T10:00"))

  line()
  line("  — アウトリーチ Outreach (OUT-1) —")
  const contacts: ReadonlyArray<readonly [string, string, object]> = [
    ["2025-04-24T10:00", "CSWが地域包括支援センターを訪問（情報把握のネットワーク）", { _tag: "AgencyVisit", agencyId: HOKATSU }],
    ["2025-04-28T15:00", "CSWが民生委員を訪問", { _tag: "ResidentVisit" }],
    ["2025-05-02T16:00", "CSWが自宅を訪問、本人とドア越しに挨拶（個別支援）", { _tag: "IndividualSupport", caseId: "c8050", memberId: "son", mode: "home-visit" }],
    ["2025-05-09T16:00", "CSWが手紙を届ける", { _tag: "IndividualSupport", caseId: "c8050", memberId: "son", mode: "letter" }],
    ["2025-05-16T16:00", "CSWの訪問で本人と初めて対面", { _tag: "IndividualSupport", caseId: "c8050", memberId: "son", mode: "home-visit" }]
  ]
  for (const [at, ja, activity] of contacts) {
    yield* act(ja, "A CSW outreach contact", { _tag: "RecordContact", contactId: `o-${at.slice(0, 10)}`, at: jst(at), by: CSW, activity })
  }

  line()
  line("  — 同意 Consent (CNS-2, CNS-7) —")
  yield* act("本人が利用申込み（書面）— 情報共有の範囲も明記", "The son applies for use in writing, naming the agencies his information may go to (CNS-2, CNS-5)", {
    _tag: "RecordConsent",
    caseId: "c8050",
    consentId: "cn-son-1",
    memberId: "son",
    grantor: { _tag: "Self" },
    purposes: ["multi-agency-collaboration", "information-sharing"],
    agencies: [OP, CITY, HOKATSU, CSW, "city-choju-kaigo"],
    method: "written",
    validFrom: jst("2025-05-23T10:00"),
    at: jst("2025-05-23T10:00"),
    by: OP
  })
  yield* act("母は同意しない", "The mother declines (CNS-7)", {
    _tag: "DeclineConsent",
    caseId: "c8050",
    memberId: "mother",
    purposes: ["information-sharing"],
    at: jst("2025-05-23T10:30"),
    by: OP
  })
  yield* ask("同意後、同じ情報をCSWへ渡せるか？ And now?", CSW, "son", "direct-sharing", jst("2025-05-26T10:00"))
  yield* ask("母の情報は？ The mother's information?", CSW, "mother", "direct-sharing", jst("2025-05-26T10:00"))

  line()
  line("  — プラン Plan (PLN-1, PLN-2) —")
  yield* act("アセスメント（多機関協働事業者とつなぎ元）", "Assessment by the operator with the referring centre (PLN-1)", {
    _tag: "RecordAssessment",
    caseId: "c8050",
    assessmentId: "as-1",
    kind: "multi-agency",
    subjects: ["son"],
    assessors: [OP, HOKATSU],
    summary: "本人は人と会うことに強い不安。母の介護負担も大きい",
    at: jst("2025-05-30T10:00"),
    by: OP
  })
  yield* act("プラン案を作成（役割分担・目標）", "The operator drafts the plan: roles, goals, direction (PLN-1, ACC-2)", {
    _tag: "DraftPlan",
    caseId: "c8050",
    planId: "plan-1",
    kind: "multi-agency",
    subjects: ["son"],
    roles: [
      { agencyId: OP, role: "全体調整" },
      { agencyId: CSW, role: "週1回の訪問" },
      { agencyId: HOKATSU, role: "母の介護サービス調整" }
    ],
    goals: "半年後に週1回、支援者と外出できる",
    basis: ["sm-info-1"],
    at: jst("2025-06-02T10:00"),
    by: OP
  })
  yield* act("重層的支援会議（個別支援会議）", "Multi-layered support meeting, individual case (MTG-4)", {
    _tag: "HoldMeeting",
    meetingId: "icm-2025-06",
    at: jst("2025-06-12T14:00"),
    by: OP,
    meetingType: "multi-layered-support-meeting",
    kind: "individual-case",
    attendees: [OP, CITY, HOKATSU, CSW]
  })
  yield* act("母も議題にしようとする", "Trying to discuss the mother as well", {
    _tag: "TableCase",
    meetingId: "icm-2025-06",
    itemId: "i1",
    caseId: "c8050",
    subjects: ["son", "mother"],
    at: jst("2025-06-12T14:05"),
    by: OP
  })
  yield* act("本人のみを議題に", "Only the son is discussed (CNS-4)", {
    _tag: "TableCase",
    meetingId: "icm-2025-06",
    itemId: "i1",
    caseId: "c8050",
    subjects: ["son"],
    at: jst("2025-06-12T14:06"),
    by: OP
  })
  yield* act("プランの適切性を協議し、決定", "The plan is reviewed and decided (PLN-2)", {
    _tag: "ReviewPlan",
    caseId: "c8050",
    planId: "plan-1",
    meetingId: "icm-2025-06",
    outcome: "approved",
    at: jst("2025-06-12T14:40"),
    by: OP
  })
  yield* act("プランに基づく支援を開始", "Support under the plan starts (PLN-3)", {
    _tag: "StartSupport",
    caseId: "c8050",
    planId: "plan-1",
    at: jst("2025-06-13T10:00"),
    by: OP
  })
  yield* act("CSWの定期訪問", "A CSW visit under the plan (OUT-1)", {
    _tag: "RecordContact",
    contactId: "o-2025-06-20",
    at: jst("2025-06-20T16:00"),
    by: CSW,
    activity: { _tag: "IndividualSupport", caseId: "c8050", memberId: "son", mode: "accompaniment" }
  })

  line()
  line("  — 終結時の評価 End evaluation (PLN-4a) —")
  yield* act("支援会議（定例・コアメンバー、生活困窮の支援会議と併用開催）", "Regular support meeting with the core members, held jointly (MTG-2, MTG-5)", {
    _tag: "HoldMeeting",
    meetingId: "sm-2026-02",
    at: jst("2026-02-20T14:00"),
    by: CITY,
    meetingType: "support-meeting",
    kind: "regular",
    attendees: CORE,
    jointWith: ["konkyu-shien-kaigi"],
    jointConditions: { attendeesLargelySame: true, contentAndRolesKeptApart: true, timeKeptApart: true }
  })
  yield* act("支援会議で終結を決めようとする", "Trying to end the plan at the support meeting", {
    _tag: "EvaluateEnd",
    caseId: "c8050",
    planId: "plan-1",
    meetingId: "sm-2026-02",
    outcome: "ended",
    evaluation: "目標を達成",
    at: jst("2026-02-20T14:30"),
    by: OP
  })
  yield* act("個別支援会議（年度末）", "Individual case meeting at the end of the year", {
    _tag: "HoldMeeting",
    meetingId: "icm-2026-03",
    at: jst("2026-03-12T14:00"),
    by: OP,
    meetingType: "multi-layered-support-meeting",
    kind: "individual-case",
    attendees: [OP, CITY, HOKATSU, CSW]
  })
  yield* act("本人を議題に", "The son is discussed", {
    _tag: "TableCase",
    meetingId: "icm-2026-03",
    itemId: "i1",
    caseId: "c8050",
    subjects: ["son"],
    at: jst("2026-03-12T14:05"),
    by: OP
  })
  yield* act("地域包括支援センターから支援の実施状況を聴く（モニタリング）", "Monitoring: the centre reports how support is going (PLN-3)", {
    _tag: "RecordMonitoring",
    caseId: "c8050",
    recordId: "mon-2026-03",
    planId: "plan-1",
    reportedBy: HOKATSU,
    meetingId: "icm-2026-03",
    status: "as-planned",
    followUp: "none",
    at: jst("2026-03-12T14:15"),
    by: OP
  })
  yield* act("支援の経過と成果を評価し、終結", "Progress and results are evaluated: support ends (終結)", {
    _tag: "EvaluateEnd",
    caseId: "c8050",
    planId: "plan-1",
    meetingId: "icm-2026-03",
    outcome: "ended",
    evaluation: "週1回の外出が定着し、地域の居場所につながった",
    at: jst("2026-03-12T14:30"),
    by: OP
  })

  // The FY2025 indicator table from every recorded event (KPI-9).
  const events = yield* handler.events
  const fy = FiscalYear.make(2025)
  const rows = IndicatorProjection.report(catalog, fy, events, [])
  line()
  line(`■ 成果指標 ${FiscalYear.label(fy)} / Indicators ${FiscalYear.labelEn(fy)}`)
  line()
  line("| ID | 指標 Indicator | 実績 Actual | 現状値 Baseline | 目標 Target (FY2028) | 進捗 Progress | 計画どおり On track |")
  line("|---|---|---|---|---|---|---|")
  for (const r of rows) {
    const fmt = (v: number | null) => Indicator.formatValue(r.indicator, v)
    const name = r.indicator.name.length > 24 ? `${r.indicator.name.slice(0, 24)}…` : r.indicator.name
    const progress = r.progress === null ? "–" : `${(r.progress * 100).toFixed(1)}%`
    const onTrack = r.onTrack === null ? "–" : r.onTrack ? "はい yes" : "いいえ no"
    line(`| ${r.indicator.id} | ${name} | ${fmt(r.actual)} | ${fmt(r.baseline)} | ${fmt(r.target)} | ${progress} | ${onTrack} |`)
  }
  const counts = IndicatorProjection.countsFor(events, fy)
  line()
  line(
    `  KPI-1 = 個別支援 ${counts.outreach.individual} + 関係機関 ${counts.outreach.agency}` +
      `（地域住民への訪問 ${counts.outreach.resident} は別掲 resident visits reported apart）`
  )
  line("  KPI-5〜8 は市民意識調査・地域福祉アンケートの結果を入力すると表示されます (survey results, none entered here: – is not 0).")

  yield* writeReports(events, fy)
})

/**
 * The FY2025 indicator report and the three registers from the same events, in every format, into
 * `out/` beside this file (KPI-9, OUT-2, MTG-6, PLN-8; pseudonymous registers: ACC-1, AUD-2).
 */
const writeReports = (events: ReadonlyArray<DomainEvent.DomainEvent>, fy: FiscalYear.FiscalYear) =>
  Effect.gen(function*() {
    const dir = process.env.QUICKSTART_OUT ?? join(import.meta.dirname, "out")
    mkdirSync(dir, { recursive: true })
    const generatedAt = new Date()
    const indicators = IndicatorReport.forYear({ catalog, events, surveys: [], generatedAt, fiscalYear: fy })
    // The export key keys the pseudonyms: the same key gives the same pseudonyms, so registers join.
    const exportKey = Pseudonym.makeKey(process.env.JUSO_EXPORT_KEY ?? randomBytes(32))
    const options = {
      exportKey,
      generatedAt,
      planRevision: indicators.metadata.planRevision,
      fiscalYear: fy,
      agencyName: RegisterProjection.agencyNames(catalog)
    }
    const reports: ReadonlyArray<readonly [string, Report.Report, ReadonlyArray<Exporter.ExporterShape>]> = [
      // CSV holds one table: the indicators (the notes table is in the XLSX, JSON and HTML).
      [`indicators-fy${fy}`, indicators, [CsvExporter.make({ table: "indicators" }), XlsxExporter.make(), JsonExporter.make(), HtmlExporter.make()]],
      [`outreach-log-fy${fy}`, RegisterProjection.outreachLog(events, options), [CsvExporter.make(), XlsxExporter.make(), JsonExporter.make()]],
      [`meeting-log-fy${fy}`, RegisterProjection.meetingLog(events, options), [CsvExporter.make(), XlsxExporter.make(), JsonExporter.make()]],
      [`plan-register-fy${fy}`, RegisterProjection.planRegister(events, options), [CsvExporter.make(), XlsxExporter.make(), JsonExporter.make()]]
    ]
    line()
    line(`■ 出力 Exports (${relative(process.cwd(), dir) || "."}): 成果指標と台帳（仮名ID）/ indicator report and registers (pseudonymous ids)`)
    for (const [name, report, exporters] of reports) {
      for (const exporter of exporters) {
        const summary = yield* exporter.export(report, join(dir, `${name}${exporter.format.extension}`))
        const rows = summary.tables.map((t) => `${t.id} ${t.rows}行 rows`).join(", ")
        for (const file of summary.files) line(`  ${relative(dir, file).padEnd(44)} ${rows}`)
      }
    }
  })

await Effect.runPromise(
  program.pipe(Effect.provide(CommandHandler.layer({ revisions }).pipe(Layer.provide(MemoryEventStore.layer()))))
)
console.log(out.join("\n"))
