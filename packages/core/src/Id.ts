/**
 * Identifiers of the dynamic half of the domain: cases, household members, consent records,
 * plans, meetings, agenda items, outreach contacts, survey results, information items, commands and
 * events.
 *
 * Ids are opaque, stable, and never personal data (AUD-2): `case-0001`, never a name. Agency ids
 * are the directory's ids (`shakyo`, `hokatsu-hondori`, `city-chiiki-fukushi`).
 *
 * @module
 */
import { Schema } from "effect"
import * as Directory from "./Directory.ts"

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/u
/** What an id must look like (said in decode errors instead of the pattern). */
export const expected = "an id: 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit (ID)"

const base = Schema.String.check(Schema.isPattern(ID, { expected }))

/**
 * ORG-1: an id of the directory (an agency, a city section or an organisation), branded once it is
 * known to be well formed: lower-case letters, digits and hyphens (`shakyo`, `hokatsu-hondori`,
 * `city-chiiki-fukushi`). Kitakami's ids are listed in `docs/catalog.md`. Defined here, not in
 * `Catalog`, so importing an id type decodes no catalog data.
 */
export const AgencyId = Directory.Id.pipe(Schema.brand("AgencyId"))
/** The type of {@link AgencyId}. */
export type AgencyId = typeof AgencyId.Type

/** A support case (one person and their household, CNS-7). */
export const CaseId = base.pipe(Schema.brand("CaseId"))
/** The type of {@link CaseId}. */
export type CaseId = typeof CaseId.Type

/** A member of a case's household (世帯員), unique within the case (CNS-7). */
export const MemberId = base.pipe(Schema.brand("MemberId"))
/** The type of {@link MemberId}. */
export type MemberId = typeof MemberId.Type

/** A consent record (CNS-5), unique within its case. */
export const ConsentId = base.pipe(Schema.brand("ConsentId"))
/** The type of {@link ConsentId}. */
export type ConsentId = typeof ConsentId.Type

/** An assessment (PLN-1), unique within its case. */
export const AssessmentId = base.pipe(Schema.brand("AssessmentId"))
/** The type of {@link AssessmentId}. */
export type AssessmentId = typeof AssessmentId.Type

/** A support plan (PLN-1), unique within its case; re-plans keep the id and raise the revision. */
export const PlanId = base.pipe(Schema.brand("PlanId"))
/** The type of {@link PlanId}. */
export type PlanId = typeof PlanId.Type

/** An item of case information with its legal basis (ACC-2), unique within its case. */
export const InfoItemId = base.pipe(Schema.brand("InfoItemId"))
/** The type of {@link InfoItemId}. */
export type InfoItemId = typeof InfoItemId.Type

/** A record of support for supporters (PLN-7) or a follow-up (PLN-6), unique within its case. */
export const RecordId = base.pipe(Schema.brand("RecordId"))
/** The type of {@link RecordId}. */
export type RecordId = typeof RecordId.Type

/** A meeting (MTG-1). */
export const MeetingId = base.pipe(Schema.brand("MeetingId"))
/** The type of {@link MeetingId}. */
export type MeetingId = typeof MeetingId.Type

/** An agenda item, decision or topic of a meeting, unique within the meeting. */
export const ItemId = base.pipe(Schema.brand("ItemId"))
/** The type of {@link ItemId}. */
export type ItemId = typeof ItemId.Type

/** An outreach contact (OUT-1). */
export const ContactId = base.pipe(Schema.brand("ContactId"))
/** The type of {@link ContactId}. */
export type ContactId = typeof ContactId.Type

/** A recorded survey result for KPI-5…KPI-8 (KPI-9). */
export const SurveyResultId = base.pipe(Schema.brand("SurveyResultId"))
/** The type of {@link SurveyResultId}. */
export type SurveyResultId = typeof SurveyResultId.Type

/** A client-supplied command id: the idempotency key of the command (replaying it writes nothing). */
export const CommandId = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/u, { expected: "a command id: 1–100 letters, digits, '.', '_', ':' or '-'" })).pipe(
  Schema.brand("CommandId")
)
/** The type of {@link CommandId}. */
export type CommandId = typeof CommandId.Type

/** A domain event id, unique store-wide: `<commandId>/<index>`. */
export const EventId = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}\/\d{1,4}$/u, { expected: "an event id: <command id>/<index>" })).pipe(
  Schema.brand("EventId")
)
/** The type of {@link EventId}. */
export type EventId = typeof EventId.Type

/** The id of the `index`-th event decided from a command. */
export const eventId = (commandId: CommandId, index: number): EventId => `${commandId}/${index}` as EventId
