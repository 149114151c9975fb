/**
 * Commands on an outreach contact (OUT-1).
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import { contactFields } from "./model.ts"

/** OUT-1: record an outreach contact made by `by` at `at`. */
export const RecordContact = Schema.TaggedStruct("RecordContact", { ...Decider.commandFields, ...contactFields })

/** Commands on an outreach contact. */
export const Command = Schema.Union([RecordContact]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** The type of {@link RecordContact}. */
export type RecordContact = typeof RecordContact.Type
