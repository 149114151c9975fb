/**
 * Events of an outreach contact (OUT-1, OUT-2; AUD-1). Their `_tag`s and JSON shapes never change.
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import { contactFields } from "./model.ts"

/** OUT-1, OUT-2: an outreach contact was made (KPI-1). */
export const ContactRecorded = Schema.TaggedStruct("ContactRecorded", { ...Decider.eventFields, ...contactFields })

/** Events of an outreach contact. */
export const Event = Schema.Union([ContactRecorded]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Event}. */
export type Event = typeof Event.Type

/** The type of {@link ContactRecorded}. */
export type ContactRecorded = typeof ContactRecorded.Type
