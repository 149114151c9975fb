/**
 * Events of the support meeting's register (MTG-2; AUD-1). Their `_tag`s and JSON shapes never change.
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import * as Id from "../Id.ts"

/** MTG-2: the register was set up with these members, from `at`. */
export const RegisterEstablished = Schema.TaggedStruct("RegisterEstablished", {
  ...Decider.eventFields,
  members: Schema.NonEmptyArray(Id.AgencyId)
})
/** MTG-2: an agency became a member at `at`. */
export const MemberAppointed = Schema.TaggedStruct("MemberAppointed", { ...Decider.eventFields, agencyId: Id.AgencyId })
/** MTG-2: an agency stopped being a member at `at` (and remains bound by confidentiality). */
export const MemberRetired = Schema.TaggedStruct("MemberRetired", { ...Decider.eventFields, agencyId: Id.AgencyId })

/** Events of the register. */
export const Event = Schema.Union([RegisterEstablished, MemberAppointed, MemberRetired]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Event}. */
export type Event = typeof Event.Type

/** The type of {@link RegisterEstablished}. */
export type RegisterEstablished = typeof RegisterEstablished.Type
/** The type of {@link MemberAppointed}. */
export type MemberAppointed = typeof MemberAppointed.Type
/** The type of {@link MemberRetired}. */
export type MemberRetired = typeof MemberRetired.Type
