/**
 * How the registers print the domain's codes (OUT-1, MTG-1, MTG-3, MTG-4, MTG-5, PLN-1…PLN-5,
 * PLN-4a, PLN-8): a register cell is Japanese only, in the wording staff use; where a register
 * offers an English form it is a second column of its own (`activityEn`, `kindEn`, `statusEn`),
 * never English in parentheses inside the Japanese cell.
 *
 * @module
 */
import type * as Meeting from "./meeting/index.ts"
import type * as Outreach from "./outreach/index.ts"
import type * as Registers from "./Registers.ts"
import type * as SupportPlan from "./SupportPlan.ts"

/** A code's printed forms: the Japanese cell text and its English second-column text. */
export interface Label {
  readonly ja: string
  readonly en: string
}

/** MTG-5: the existing meetings a meeting may be held jointly with, as printed in the meeting log. */
export const existingMeetingLabel: Readonly<Record<Meeting.ExistingMeeting, string>> = {
  "konkyu-shien-kaigi": "生活困窮者自立支援法の支援会議",
  "shien-chosei-kaigi": "支援調整会議",
  "chiiki-care-kaigi": "地域ケア会議",
  "jiritsu-shien-kyogikai": "自立支援協議会",
  "chiiki-fukushi-keikaku-iinkai": "地域福祉計画策定委員会"
}

/** MTG-3: a support meeting's decision on a case, as printed. */
export const decisionLabel: Readonly<Record<Meeting.SupportMeetingDecision, string>> = {
  "refer-to-multi-agency-collaboration": "多機関協働事業へつなぐ",
  "handled-by-existing-links": "既存の連携で対応",
  watch: "見守り",
  "urgent-response": "緊急対応",
  "shared-only": "情報共有のみ"
}

/** MTG-4: an overall promotion meeting's topic, as printed. */
export const topicLabel: Readonly<Record<Meeting.Topic, string>> = {
  "resource-gap": "社会資源の不足",
  "shared-understanding": "共通認識の醸成",
  "system-evaluation": "体制の評価",
  "feedback-to-agencies": "関係機関へのフィードバック"
}

/** OUT-1: how an individual contact was made, as printed. */
export const modeLabel: Readonly<Record<Outreach.Mode, string>> = {
  "home-visit": "家庭訪問",
  accompaniment: "同行支援",
  phone: "電話",
  letter: "手紙",
  online: "オンライン",
  other: "その他"
}

/** PLN-2: a plan review's outcome, as printed. */
export const reviewLabel: Readonly<Record<SupportPlan.ReviewOutcome, string>> = {
  approved: "プラン検討・承認",
  "sent-back": "プラン検討・差し戻し"
}

/** PLN-4a [design]: why support was suspended, as printed after 中断. */
export const suspensionReasonLabel: Readonly<Record<SupportPlan.SuspensionReason, string>> = {
  "contact-lost": "連絡が取れない",
  "consent-withdrawn": "同意の撤回",
  "declined-support": "本人が支援を辞退",
  "moved-away": "転出",
  other: "その他"
}

/** PLN-3: a plan revision as staff write it (第2版). */
export const revisionText = (revision: number): string => `第${revision}版`

/** PLN-4a: a suspension with its reason: `中断（連絡が取れない）`. */
export const suspensionText = (reason: SupportPlan.SuspensionReason | undefined): string =>
  reason === undefined ? "中断" : `中断（${suspensionReasonLabel[reason]}）`

/** OUT-1, OUT-2: an outreach contact's activity (`activity`, `activityEn`). */
export const activityLabel: Readonly<Record<Registers.OutreachEntry["activity"], Label>> = {
  individual: { ja: "個別支援", en: "Individual support" },
  agency: { ja: "関係機関訪問", en: "Agency visit" },
  organisation: { ja: "関係団体訪問", en: "Organisation visit" },
  resident: { ja: "地域住民訪問", en: "Resident visit" }
}

/** MTG-1: the meeting type (`type`; its English form is part of `kindEn`). */
export const meetingTypeLabel: Readonly<Record<Registers.MeetingEntry["meetingType"], string>> = {
  "support-meeting": "支援会議",
  "multi-layered-support-meeting": "重層的支援会議"
}

/** MTG-2, MTG-4: the meeting kind (`kind`, `kindEn`: the English names the type too). */
export const meetingKindLabel: Readonly<Record<Registers.MeetingEntry["kind"], Label>> = {
  regular: { ja: "定期開催", en: "Support meeting, regular" },
  "ad-hoc": { ja: "随時開催", en: "Support meeting, ad hoc" },
  "individual-case": { ja: "個別支援会議", en: "Individual case meeting" },
  "overall-promotion": { ja: "全体推進会議", en: "Overall promotion meeting" }
}

/** PLN-1, PLN-5, PRG-4: the program a plan belongs to (`program`). */
export const programLabel: Readonly<Record<Registers.PlanEntry["program"], string>> = {
  "multi-agency": "多機関協働事業",
  "participation-support": "参加支援事業",
  outreach: "アウトリーチ等を通じた継続的支援事業"
}

/** PLN-2…PLN-4a: a plan's status (`status`, `statusEn`). */
export const statusLabel: Readonly<Record<Registers.PlanEntry["status"], Label>> = {
  draft: { ja: "起案", en: "Draft" },
  "sent-back": { ja: "差し戻し", en: "Sent back" },
  reviewed: { ja: "検討済", en: "Reviewed" },
  decided: { ja: "決定", en: "Decided" },
  active: { ja: "支援中", en: "Active" },
  ended: { ja: "終結", en: "Ended" },
  suspended: { ja: "中断", en: "Suspended" }
}

/** PLN-8: the steps of a plan's history, as printed in `history`; unknown codes print as given. */
const stepLabel: Readonly<Record<string, string>> = {
  drafted: "起案",
  revised: "再プラン作成",
  reviewed: "プラン検討",
  decided: "プラン決定",
  started: "支援開始",
  ended: "終結",
  suspended: "中断"
}

/** PLN-2, PLN-5, PLN-4a: a step's outcome as printed: a review's outcome, an early start, a suspension's reason. */
const stepText = (step: string, outcome: string | undefined): string => {
  if (step === "reviewed" && outcome !== undefined && Object.hasOwn(reviewLabel, outcome)) return reviewLabel[outcome as SupportPlan.ReviewOutcome]
  if (step === "started" && outcome === "early") return "支援開始（決定前の早期開始）"
  if (step === "suspended" && outcome !== undefined && Object.hasOwn(suspensionReasonLabel, outcome)) return suspensionText(outcome as SupportPlan.SuspensionReason)
  const label = Object.hasOwn(stepLabel, step) ? stepLabel[step]! : step
  return outcome === undefined ? label : `${label}（${outcome}）`
}

/** PLN-8: one line of a plan's history: `2025-06-10 プラン決定 第2版（会議 icm2）`. */
export const historyLine = (date: string, h: Registers.PlanStep): string =>
  `${date} ${stepText(h.step, h.outcome)}${h.revision === undefined ? "" : ` ${revisionText(h.revision)}`}${
    h.meetingId === null ? "" : `（会議 ${h.meetingId}）`
  }`
