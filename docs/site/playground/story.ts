/**
 * The "8050" household of examples/quickstart as data: each step is a command for core's command
 * handler or a disclosure question (ACC-1). The playground walks it in the page, the reference
 * generator takes its commands and the events they cause as examples. Names are personal data:
 * they go into the commands, never into what the page shows (AUD-2).
 */
import { Catalog, Edition, Kitakami } from "@kitakami-juso/core"

export const catalog = Kitakami.revisions[0]!
const CITY = "city-chiiki-fukushi"
const OP = Catalog.multiAgencyOperator(catalog)
const CSW = Edition.operatorsOf(catalog, "outreach")[0]!
const HOKATSU = "hokatsu-hondori"
const CORE: ReadonlyArray<string> = Catalog.coreMembers(catalog)
const jst = (s: string) => `${s}:00+09:00`

/** A command step: `command` goes to `CommandHandler.handleUnknown` as is. */
export interface Act {
  readonly kind: "act"
  readonly id: string
  readonly ja: string
  readonly en: string
  readonly command: Record<string, unknown>
}

/** A disclosure question: may `agency` see `memberId`'s case information in `setting` at `at`? */
export interface Ask {
  readonly kind: "ask"
  readonly id: string
  readonly ja: string
  readonly en: string
  readonly agency: string
  readonly memberId: string
  readonly setting: "support-meeting" | "individual-case-meeting" | "direct-sharing"
  readonly at: string
}

export type Step = Act | Ask

const person = { memberId: "son", role: "person", relation: "self", name: "北上 一郎", address: "北上市本通り" }
const mother = { memberId: "mother", role: "household-member", relation: "parent", name: "北上 ハナ", address: "北上市本通り" }

const act = (id: string, ja: string, en: string, command: Record<string, unknown>): Act => ({ kind: "act", id, ja, en, command })

/** The story as the quickstart tells it (its refused steps included). */
export const story: ReadonlyArray<Step> = [
  act("register", "支援会議の構成員名簿を設置（コアメンバー）", "The city establishes the support meeting's register with the core members (MTG-2, ORG-3)", {
    _tag: "EstablishRegister", at: jst("2025-04-01T09:00"), by: CITY, members: CORE
  }),
  act("refer", "地域包括支援センターが世帯を多機関協働へつなぐ", "The community general support centre refers the household (PLN-1)", {
    _tag: "ReferCase", caseId: "c8050", at: jst("2025-04-10T10:00"), by: HOKATSU, members: [person, mother],
    note: "母の介護相談の中で、長男が長年自宅にひきこもっていることが分かった"
  }),
  act("appoint", "随時の支援会議のため、つなぎ元を構成員に追加", "The referring centre is appointed a member for an ad hoc meeting (MTG-2)", {
    _tag: "AppointMember", at: jst("2025-04-15T09:00"), by: CITY, agencyId: HOKATSU
  }),
  act("support-meeting", "支援会議（随時）— 本人同意なしで情報共有", "Ad hoc support meeting: information shared without consent (CNS-3)", {
    _tag: "HoldMeeting", meetingId: "sm-2025-04", at: jst("2025-04-18T14:00"), by: CITY, meetingType: "support-meeting",
    kind: "ad-hoc", adHocReason: "non-core-agencies", attendees: [...CORE, HOKATSU], jointWith: ["konkyu-shien-kaigi"],
    jointConditions: { attendeesLargelySame: true, contentAndRolesKeptApart: true, timeKeptApart: true }
  }),
  act("table-household", "世帯を議題に（本人と母）", "The household is discussed: the son and the mother (MTG-3, CNS-8)", {
    _tag: "TableCase", meetingId: "sm-2025-04", itemId: "i1", caseId: "c8050", subjects: ["son", "mother"], at: jst("2025-04-18T14:10"), by: CITY
  }),
  act("record-information", "支援会議で知った情報を記録（根拠：支援会議）", "What was learned there is recorded with its legal basis (ACC-2)", {
    _tag: "RecordInformation", caseId: "c8050", itemId: "sm-info-1", memberId: "son",
    provenance: { _tag: "SupportMeeting", meetingId: "sm-2025-04" }, note: "夜間のみ外出、母の年金で生活", at: jst("2025-04-18T14:20"), by: HOKATSU
  }),
  act("decide-referral", "多機関協働事業へつなぐことを決定", "Decision: refer to multi-agency collaboration (MTG-3)", {
    _tag: "RecordDecision", meetingId: "sm-2025-04", itemId: "i1", decision: "refer-to-multi-agency-collaboration", at: jst("2025-04-18T14:40"), by: CITY
  }),
  act("judge-coordination", "コーディネートが必要と判断（支援会議の決定による）", "The operator records the meeting's judgement: coordination is needed (MTG-3)", {
    _tag: "JudgeCoordination", caseId: "c8050", needed: true, decision: { meetingId: "sm-2025-04", itemId: "i1" }, at: jst("2025-04-18T15:00"), by: OP
  }),
  { kind: "ask", id: "ask-before-consent", ja: "同意前に、支援会議の情報をCSWへ直接渡せるか？", en: "May the CSW get it directly, before consent?", agency: CSW, memberId: "son", setting: "direct-sharing", at: jst("2025-04-25T10:00") },
  act("outreach", "CSWの訪問で本人と初めて対面", "A CSW home visit: first face-to-face contact with the son (OUT-1)", {
    _tag: "RecordContact", contactId: "o-2025-05-16", at: jst("2025-05-16T16:00"), by: CSW,
    activity: { _tag: "IndividualSupport", caseId: "c8050", memberId: "son", mode: "home-visit" }
  }),
  act("consent", "本人が利用申込み（書面）— 情報共有の範囲も明記", "The son applies for use in writing, naming the agencies his information may go to (CNS-2, CNS-5)", {
    _tag: "RecordConsent", caseId: "c8050", consentId: "cn-son-1", memberId: "son", grantor: { _tag: "Self" },
    purposes: ["multi-agency-collaboration", "information-sharing"], agencies: [OP, CITY, HOKATSU, CSW, "city-choju-kaigo"],
    method: "written", validFrom: jst("2025-05-23T10:00"), at: jst("2025-05-23T10:00"), by: OP
  }),
  act("mother-declines", "母は同意しない", "The mother declines (CNS-7)", {
    _tag: "DeclineConsent", caseId: "c8050", memberId: "mother", purposes: ["information-sharing"], at: jst("2025-05-23T10:30"), by: OP
  }),
  { kind: "ask", id: "ask-after-consent", ja: "同意後、同じ情報をCSWへ渡せるか？", en: "And now, after consent?", agency: CSW, memberId: "son", setting: "direct-sharing", at: jst("2025-05-26T10:00") },
  { kind: "ask", id: "ask-mother", ja: "母の情報は？", en: "The mother's information?", agency: CSW, memberId: "mother", setting: "direct-sharing", at: jst("2025-05-26T10:00") },
  act("assessment", "アセスメント（多機関協働事業者とつなぎ元）", "Assessment by the operator with the referring centre (PLN-1)", {
    _tag: "RecordAssessment", caseId: "c8050", assessmentId: "as-1", kind: "multi-agency", subjects: ["son"], assessors: [OP, HOKATSU],
    summary: "本人は人と会うことに強い不安。母の介護負担も大きい", at: jst("2025-05-30T10:00"), by: OP
  }),
  act("draft", "プラン案を作成（役割分担・目標）", "The operator drafts the plan: roles, goals, direction (PLN-1, ACC-2)", {
    _tag: "DraftPlan", caseId: "c8050", planId: "plan-1", kind: "multi-agency", subjects: ["son"],
    roles: [{ agencyId: OP, role: "全体調整" }, { agencyId: CSW, role: "週1回の訪問" }, { agencyId: HOKATSU, role: "母の介護サービス調整" }],
    goals: "半年後に週1回、支援者と外出できる", basis: ["sm-info-1"], at: jst("2025-06-02T10:00"), by: OP
  }),
  act("case-meeting", "重層的支援会議（個別支援会議）", "Multi-layered support meeting, individual case (MTG-4)", {
    _tag: "HoldMeeting", meetingId: "icm-2025-06", at: jst("2025-06-12T14:00"), by: OP, meetingType: "multi-layered-support-meeting",
    kind: "individual-case", attendees: [OP, CITY, HOKATSU, CSW]
  }),
  act("table-mother", "母も議題にしようとする", "Trying to discuss the mother as well", {
    _tag: "TableCase", meetingId: "icm-2025-06", itemId: "i1", caseId: "c8050", subjects: ["son", "mother"], at: jst("2025-06-12T14:05"), by: OP
  }),
  act("table-son", "本人のみを議題に", "Only the son is discussed (CNS-4)", {
    _tag: "TableCase", meetingId: "icm-2025-06", itemId: "i1", caseId: "c8050", subjects: ["son"], at: jst("2025-06-12T14:06"), by: OP
  }),
  act("review", "プランの適切性を協議し、決定", "The plan is reviewed and decided (PLN-2)", {
    _tag: "ReviewPlan", caseId: "c8050", planId: "plan-1", meetingId: "icm-2025-06", outcome: "approved", at: jst("2025-06-12T14:40"), by: OP
  }),
  act("start", "プランに基づく支援を開始", "Support under the plan starts (PLN-3)", {
    _tag: "StartSupport", caseId: "c8050", planId: "plan-1", at: jst("2025-06-13T10:00"), by: OP
  }),
  act("regular-meeting", "支援会議（定例・コアメンバー）", "Regular support meeting with the core members (MTG-2, MTG-5)", {
    _tag: "HoldMeeting", meetingId: "sm-2026-02", at: jst("2026-02-20T14:00"), by: CITY, meetingType: "support-meeting", kind: "regular",
    attendees: CORE, jointWith: ["konkyu-shien-kaigi"], jointConditions: { attendeesLargelySame: true, contentAndRolesKeptApart: true, timeKeptApart: true }
  }),
  act("end-at-support-meeting", "支援会議で終結を決めようとする", "Trying to end the plan at the support meeting", {
    _tag: "EvaluateEnd", caseId: "c8050", planId: "plan-1", meetingId: "sm-2026-02", outcome: "ended", evaluation: "目標を達成",
    at: jst("2026-02-20T14:30"), by: OP
  }),
  act("end-meeting", "個別支援会議（年度末）", "Individual case meeting at the end of the year", {
    _tag: "HoldMeeting", meetingId: "icm-2026-03", at: jst("2026-03-12T14:00"), by: OP, meetingType: "multi-layered-support-meeting",
    kind: "individual-case", attendees: [OP, CITY, HOKATSU, CSW]
  }),
  act("end-table", "本人を議題に", "The son is discussed", {
    _tag: "TableCase", meetingId: "icm-2026-03", itemId: "i1", caseId: "c8050", subjects: ["son"], at: jst("2026-03-12T14:05"), by: OP
  }),
  act("end", "支援の経過と成果を評価し、終結", "Progress and results are evaluated: support ends (終結)", {
    _tag: "EvaluateEnd", caseId: "c8050", planId: "plan-1", meetingId: "icm-2026-03", outcome: "ended",
    evaluation: "週1回の外出が定着し、地域の居場所につながった", at: jst("2026-03-12T14:30"), by: OP
  })
]

/** A change the user can make to the story. */
export interface Variant {
  readonly id: string
  readonly ja: string
  readonly en: string
  readonly apply: (steps: ReadonlyArray<Step>) => ReadonlyArray<Step>
}

const insertAfter = (steps: ReadonlyArray<Step>, afterId: string, ...added: ReadonlyArray<Step>): ReadonlyArray<Step> =>
  steps.flatMap((s) => (s.id === afterId ? [s, ...added] : [s]))

const replace = (steps: ReadonlyArray<Step>, id: string, f: (s: Act) => Act): ReadonlyArray<Step> =>
  steps.map((s) => (s.id === id && s.kind === "act" ? f(s) : s))

export const variants: ReadonlyArray<Variant> = [
  {
    id: "withdraw-consent",
    ja: "本人が同意を撤回する（5月25日）",
    en: "The son withdraws his consent (25 May)",
    apply: (steps) =>
      insertAfter(steps, "mother-declines", act("withdraw", "本人が同意を撤回", "The son withdraws his consent (CNS-5)", {
        _tag: "WithdrawConsent", caseId: "c8050", consentId: "cn-son-1", at: jst("2025-05-25T10:00"), by: OP
      }))
  },
  {
    id: "retire-member",
    ja: "つなぎ元を支援会議の名簿から外す（会議の前日）",
    en: "The referring centre is removed from the register (the day before the meeting)",
    apply: (steps) =>
      insertAfter(steps, "appoint", act("retire", "つなぎ元を構成員名簿から外す", "The referring centre leaves the register (MTG-2)", {
        _tag: "RetireMember", at: jst("2025-04-17T09:00"), by: CITY, agencyId: HOKATSU
      }))
  },
  {
    id: "wrong-meeting",
    ja: "プランを支援会議で協議する（個別支援会議ではなく）",
    en: "The plan is reviewed at a support meeting (not an individual case meeting)",
    apply: (steps) =>
      replace(steps, "review", (s) => ({ ...s, ja: "支援会議でプランを協議しようとする", en: "Trying to review the plan at the support meeting", command: { ...s.command, meetingId: "sm-2025-04" } }))
  }
]

/** The story with the chosen variants applied, in the order of `variants`. */
export const withVariants = (chosen: ReadonlyArray<string>): ReadonlyArray<Step> =>
  variants.filter((v) => chosen.includes(v.id)).reduce((steps, v) => v.apply(steps), story)
