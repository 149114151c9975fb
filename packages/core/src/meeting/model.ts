/**
 * The meeting's vocabulary: its stream, types and kinds, joint meetings, decisions and topics
 * (MTG-1…MTG-5; seed §5).
 *
 * @module
 */
import { Schema } from "effect"
import * as Id from "../Id.ts"
/** The stream of a meeting. */
export const streamId = (meetingId: Id.MeetingId): string => `meeting-${meetingId}`

/** MTG-1: the two meeting types. */
export const MeetingType = Schema.Literals(["support-meeting", "multi-layered-support-meeting"])
/** The type of {@link MeetingType}. */
export type MeetingType = typeof MeetingType.Type

/**
 * MTG-2, MTG-4: the kind of meeting: a support meeting is `regular` (定期開催) or `ad-hoc` (随時);
 * a multi-layered support meeting is `individual-case` (個別支援会議) or `overall-promotion` (全体推進会議).
 */
export const MeetingKind = Schema.Literals(["regular", "ad-hoc", "individual-case", "overall-promotion"])
/** The type of {@link MeetingKind}. */
export type MeetingKind = typeof MeetingKind.Type

/** MTG-2: why an ad hoc support meeting was called. */
export const AdHocReason = Schema.Literals(["urgent", "non-core-agencies"])
/** The type of {@link AdHocReason}. */
export type AdHocReason = typeof AdHocReason.Type

/**
 * MTG-5: existing meetings a meeting may be held jointly with (併用開催):
 * 生活困窮者自立支援法の支援会議 / 支援調整会議, 地域ケア会議 (介護保険法), 自立支援協議会 (障害者総合支援法),
 * and 地域福祉計画策定委員会 (the Community Welfare Plan committee, with the overall promotion meeting only).
 */
export const ExistingMeeting = Schema.Literals([
  "konkyu-shien-kaigi",
  "shien-chosei-kaigi",
  "chiiki-care-kaigi",
  "jiritsu-shien-kyogikai",
  "chiiki-fukushi-keikaku-iinkai"
])
/** The type of {@link ExistingMeeting}. */
export type ExistingMeeting = typeof ExistingMeeting.Type

/**
 * MTG-5 (seed §5: 「…自立支援協議会など」): the list of existing meetings is open: another existing
 * meeting is named `other:<its name>` (e.g. `other:要保護児童対策地域協議会`), a name of 1 to 100
 * characters. Counted in code points, as JSON Schema counts (the published contract then says
 * exactly this: a UTF-16 `isMinLength(7)` becomes `minLength: 4` there, which admits `other:`).
 */
export const OtherExistingMeeting = Schema.TemplateLiteral(["other:", Schema.String]).check(
  Schema.isMinCodePoints(7),
  Schema.isMaxCodePoints(106)
)
/** The type of {@link OtherExistingMeeting}. */
export type OtherExistingMeeting = typeof OtherExistingMeeting.Type

/** MTG-5: an existing meeting a meeting was held jointly with: a named one, or another (など). */
export const JointMeeting = Schema.Union([ExistingMeeting, OtherExistingMeeting])
/** The type of {@link JointMeeting}. */
export type JointMeeting = typeof JointMeeting.Type

/**
 * MTG-5 (seed §5): the conditions of joint holding (併用開催), each affirmed: the attendees are
 * largely the same (参加者が大きく変わらない), and content and roles (内容や役割の精査) and time
 * (時間の切り分け) are kept apart.
 */
export const JointConditions = Schema.Struct({
  attendeesLargelySame: Schema.Literal(true),
  contentAndRolesKeptApart: Schema.Literal(true),
  timeKeptApart: Schema.Literal(true)
})
/** The type of {@link JointConditions}. */
export type JointConditions = typeof JointConditions.Type

/** MTG-5: a meeting type a (possibly joint) meeting served. */
export const ServedType = Schema.Union([MeetingType, JointMeeting])
/** The type of {@link ServedType}. */
export type ServedType = typeof ServedType.Type

/** MTG-3: what a support meeting decided about a case. */
export const SupportMeetingDecision = Schema.Literals([
  /** 多機関協働事業へつなぐ */
  "refer-to-multi-agency-collaboration",
  /** 既存の連携で対応 (coordination not needed) */
  "handled-by-existing-links",
  /** 見守り */
  "watch",
  /** 緊急対応 */
  "urgent-response",
  /** 情報共有のみ (cases of concern, cases an agency is consulted on) */
  "shared-only"
])
/** The type of {@link SupportMeetingDecision}. */
export type SupportMeetingDecision = typeof SupportMeetingDecision.Type

/** MTG-4: what an overall promotion meeting discusses. */
export const Topic = Schema.Literals(["resource-gap", "shared-understanding", "system-evaluation", "feedback-to-agencies"])
/** The type of {@link Topic}. */
export type Topic = typeof Topic.Type
