/**
 * The outreach vocabulary: the stream of a contact and what a contact was (OUT-1; seed §4(4)).
 *
 * @module
 */
import { Schema } from "effect"
import * as Id from "../Id.ts"
import * as Personal from "../Personal.ts"
import * as TextLength from "../TextLength.ts"

/** The stream of a contact. */
export const streamId = (contactId: Id.ContactId): string => `outreach-${contactId}`

/** OUT-1: how an individual contact was made. */
export const Mode = Schema.Literals(["home-visit", "accompaniment", "phone", "letter", "online", "other"])
/** The type of {@link Mode}. */
export type Mode = typeof Mode.Type

/** OUT-1: what an outreach contact was. */
export const Activity = Schema.Union([
  /** Network building: a visit to an agency of the directory (関係機関). */
  Schema.TaggedStruct("AgencyVisit", { agencyId: Id.AgencyId }),
  /** Network building: a visit to a related organisation outside the directory (e.g. an employer, 民生委員協議会). */
  Schema.TaggedStruct("OrganisationVisit", { organisation: TextLength.upTo(200) }),
  /** Network building: a visit to residents (地域住民). */
  Schema.TaggedStruct("ResidentVisit", {}),
  /** Individual support: a contact with a person of a case. */
  Schema.TaggedStruct("IndividualSupport", { caseId: Id.CaseId, memberId: Id.MemberId, mode: Mode })
])
/** The type of {@link Activity}. */
export type Activity = typeof Activity.Type

// The payload the command and its event share (OUT-1).
export const contactFields = { contactId: Id.ContactId, activity: Activity, note: Schema.optionalKey(Personal.Note) }
