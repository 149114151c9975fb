/**
 * One valid example of every command, in its JSON form: the "8050" household of the quickstart
 * (a son in his 50s withdrawn at home, his mother in her 80s). The contract ships them on each
 * command's JSON Schema (`examples`); a test decodes each with the Effect schema and validates it
 * with an independent JSON Schema validator. Names and addresses are fictitious.
 *
 * @module
 */

const at = (s: string): string => `${s}:00+09:00`
const CITY = "city-chiiki-fukushi"
const OP = "shakyo"
const CSW = "shakyo-outreach"
const HOKATSU = "hokatsu-hondori"
const son = { memberId: "son", role: "person", relation: "self", name: "北上 一郎", address: "北上市本通り" }
const mother = { memberId: "mother", role: "household-member", relation: "parent", name: "北上 ハナ" }

/** The example of each command, by `_tag`. */
export const commands: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  ReferCase: { _tag: "ReferCase", commandId: "ex-refer", at: at("2025-04-10T10:00"), by: HOKATSU, caseId: "c8050", members: [son], note: "母の介護相談の中で、長男のひきこもりが分かった" },
  AddHouseholdMember: { _tag: "AddHouseholdMember", commandId: "ex-add-member", at: at("2025-04-11T10:00"), by: HOKATSU, caseId: "c8050", member: mother },
  RecordConsent: {
    _tag: "RecordConsent", commandId: "ex-consent", at: at("2025-05-23T10:00"), by: OP, caseId: "c8050", consentId: "cs-1", memberId: "son",
    grantor: { _tag: "Self" }, purposes: ["multi-agency-collaboration", "information-sharing"], agencies: [OP, CSW, HOKATSU, CITY],
    method: "written", validFrom: at("2025-05-23T10:00")
  },
  DeclineConsent: { _tag: "DeclineConsent", commandId: "ex-decline", at: at("2025-05-23T10:30"), by: OP, caseId: "c8050", memberId: "mother", purposes: ["information-sharing"] },
  WithdrawConsent: { _tag: "WithdrawConsent", commandId: "ex-withdraw", at: at("2026-01-10T10:00"), by: OP, caseId: "c8050", consentId: "cs-1" },
  RecordInformation: {
    _tag: "RecordInformation", commandId: "ex-info", at: at("2025-04-18T14:20"), by: CITY, caseId: "c8050", itemId: "sm-info-1", memberId: "son",
    provenance: { _tag: "SupportMeeting", meetingId: "sm-2025-04" }, note: "日中は自室で過ごしている"
  },
  RecordAssessment: {
    _tag: "RecordAssessment", commandId: "ex-assess", at: at("2025-05-30T10:00"), by: OP, caseId: "c8050", assessmentId: "as-1", kind: "multi-agency",
    subjects: ["son"], assessors: [OP, HOKATSU], summary: "本人は人と会うことに強い不安"
  },
  DraftPlan: {
    _tag: "DraftPlan", commandId: "ex-draft", at: at("2025-06-02T10:00"), by: OP, caseId: "c8050", planId: "plan-1", kind: "multi-agency", subjects: ["son"],
    roles: [{ agencyId: OP, role: "全体調整" }, { agencyId: CSW, role: "週1回の訪問" }], goals: "半年後に週1回、支援者と外出できる", basis: []
  },
  RevisePlan: {
    _tag: "RevisePlan", commandId: "ex-revise", at: at("2025-09-02T10:00"), by: OP, caseId: "c8050", planId: "plan-1",
    roles: [{ agencyId: OP, role: "全体調整" }, { agencyId: CSW, role: "週2回の訪問" }], goals: "地域の居場所に月1回参加できる"
  },
  ReviewPlan: { _tag: "ReviewPlan", commandId: "ex-review", at: at("2025-06-12T14:40"), by: OP, caseId: "c8050", planId: "plan-1", meetingId: "icm-2025-06", outcome: "approved" },
  StartSupport: { _tag: "StartSupport", commandId: "ex-start", at: at("2025-06-13T10:00"), by: OP, caseId: "c8050", planId: "plan-1" },
  RecordFollowUp: { _tag: "RecordFollowUp", commandId: "ex-follow-up", at: at("2025-08-01T10:00"), by: "shakyo-sanka-shien", caseId: "c8050", planId: "plan-2", recordId: "fu-1", kind: "settling-in" },
  JudgeCoordination: { _tag: "JudgeCoordination", commandId: "ex-judge", at: at("2025-04-18T15:00"), by: OP, caseId: "c8050", needed: true, decision: { meetingId: "sm-2025-04", itemId: "i1" } },
  RecordMonitoring: {
    _tag: "RecordMonitoring", commandId: "ex-monitoring", at: at("2025-09-11T14:20"), by: OP, caseId: "c8050", recordId: "mon-1", planId: "plan-1",
    reportedBy: HOKATSU, meetingId: "icm-2025-09", status: "partly-delayed", followUp: "change-roles-or-direction"
  },
  RecordSupporterSupport: { _tag: "RecordSupporterSupport", commandId: "ex-supporter", at: at("2025-05-01T10:00"), by: OP, caseId: "c8050", recordId: "ss-1", kind: "advice-to-referrer", to: HOKATSU },
  EvaluateEnd: { _tag: "EvaluateEnd", commandId: "ex-evaluate", at: at("2026-03-12T14:30"), by: OP, caseId: "c8050", planId: "plan-1", meetingId: "icm-2026-03", outcome: "ended", evaluation: "週1回の外出が定着した" },
  CloseCase: { _tag: "CloseCase", commandId: "ex-close", at: at("2025-05-01T10:00"), by: OP, caseId: "c8051", reason: "handled-by-existing-links" },
  ReopenCase: { _tag: "ReopenCase", commandId: "ex-reopen", at: at("2026-09-01T10:00"), by: OP, caseId: "c8050", reason: "母の入院で生活が変わった" },
  HoldMeeting: {
    _tag: "HoldMeeting", commandId: "ex-meeting", at: at("2025-04-18T14:00"), by: CITY, meetingId: "sm-2025-04", meetingType: "support-meeting", kind: "ad-hoc",
    adHocReason: "non-core-agencies", attendees: [CITY, OP, HOKATSU], jointWith: ["konkyu-shien-kaigi"],
    jointConditions: { attendeesLargelySame: true, contentAndRolesKeptApart: true, timeKeptApart: true }
  },
  TableCase: { _tag: "TableCase", commandId: "ex-table", at: at("2025-04-18T14:10"), by: CITY, meetingId: "sm-2025-04", itemId: "i1", caseId: "c8050", subjects: ["son", "mother"] },
  RecordDecision: { _tag: "RecordDecision", commandId: "ex-decision", at: at("2025-04-18T14:30"), by: CITY, meetingId: "sm-2025-04", itemId: "i1", decision: "refer-to-multi-agency-collaboration" },
  DiscussTopic: { _tag: "DiscussTopic", commandId: "ex-topic", at: at("2025-11-20T14:00"), by: OP, meetingId: "opm-2025-11", itemId: "t1", topic: "resource-gap" },
  EstablishRegister: { _tag: "EstablishRegister", commandId: "ex-register", at: at("2025-04-01T09:00"), by: CITY, members: ["city-choju-kaigo", "city-shogai-fukushi", "city-kosodate-shien", "city-chiiki-fukushi", "city-hoken", "shakyo"] },
  AppointMember: { _tag: "AppointMember", commandId: "ex-appoint", at: at("2025-04-15T09:00"), by: CITY, agencyId: HOKATSU },
  RetireMember: { _tag: "RetireMember", commandId: "ex-retire", at: at("2025-05-15T09:00"), by: CITY, agencyId: HOKATSU },
  RecordContact: {
    _tag: "RecordContact", commandId: "ex-contact", at: at("2025-06-20T16:00"), by: CSW, contactId: "o-2025-06-20",
    activity: { _tag: "IndividualSupport", caseId: "c8050", memberId: "son", mode: "accompaniment" }
  },
  RecordSurveyResult: { _tag: "RecordSurveyResult", commandId: "ex-survey", at: at("2026-03-31T10:00"), by: "city-chiiki-fukushi", resultId: "kpi5-2025", indicator: "KPI-5", surveyYear: 2025, sampleSize: 1200, value: 55.1 }
}
