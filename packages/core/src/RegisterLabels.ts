/**
 * How the registers print the domain's codes (MTG-3, MTG-4, MTG-5, OUT-1, PLN-2): Japanese first,
 * English in parentheses.
 *
 * @module
 */
import type * as Meeting from "./meeting/index.ts"
import type * as Outreach from "./outreach/index.ts"
import type * as SupportPlan from "./SupportPlan.ts"


/** MTG-5: the existing meetings a meeting may be held jointly with, as printed in the meeting log. */
export const existingMeetingLabel: Readonly<Record<Meeting.ExistingMeeting, string>> = {
  "konkyu-shien-kaigi": "生活困窮者自立支援法の支援会議 (livelihood hardship support meeting)",
  "shien-chosei-kaigi": "支援調整会議 (support coordination meeting)",
  "chiiki-care-kaigi": "地域ケア会議 (community care meeting)",
  "jiritsu-shien-kyogikai": "自立支援協議会 (independence support council)",
  "chiiki-fukushi-keikaku-iinkai": "地域福祉計画策定委員会 (Community Welfare Plan committee)"
}

/** MTG-3: a support meeting's decision on a case, as printed. */
export const decisionLabel: Readonly<Record<Meeting.SupportMeetingDecision, string>> = {
  "refer-to-multi-agency-collaboration": "多機関協働事業へつなぐ (refer to multi-agency collaboration)",
  "handled-by-existing-links": "既存の連携で対応 (handled by existing links)",
  watch: "見守り (watch)",
  "urgent-response": "緊急対応 (urgent response)",
  "shared-only": "情報共有 (shared only)"
}

/** MTG-4: an overall promotion meeting's topic, as printed. */
export const topicLabel: Readonly<Record<Meeting.Topic, string>> = {
  "resource-gap": "社会資源の不足 (resource gap)",
  "shared-understanding": "共通認識の醸成 (shared understanding)",
  "system-evaluation": "体制の評価 (system evaluation)",
  "feedback-to-agencies": "関係機関へのフィードバック (feedback to agencies)"
}

/** OUT-1: how an individual contact was made, as printed. */
export const modeLabel: Readonly<Record<Outreach.Mode, string>> = {
  "home-visit": "家庭訪問 (home visit)",
  accompaniment: "同行支援 (accompaniment)",
  phone: "電話 (phone)",
  letter: "手紙 (letter)",
  online: "オンライン (online)",
  other: "その他 (other)"
}

/** PLN-2: a plan review's outcome, as printed. */
export const reviewLabel: Readonly<Record<SupportPlan.ReviewOutcome, string>> = {
  approved: "プラン検討・承認 (plan reviewed: approved)",
  "sent-back": "プラン検討・差し戻し (plan reviewed: sent back)"
}
