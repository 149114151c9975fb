/**
 * Commands on the support meeting's register (MTG-2, ORG-3; seed §5ア).
 *
 * @module
 */
import { Schema } from "effect"
import * as Decider from "../Decider.ts"
import * as Id from "../Id.ts"

/** MTG-2: set up the register with its first members; every core member must be one (ORG-3). */
export const EstablishRegister = Schema.TaggedStruct("EstablishRegister", {
  ...Decider.commandFields,
  members: Schema.NonEmptyArray(Id.AgencyId)
})
/** MTG-2: appoint an agency as a member from `at` on. */
export const AppointMember = Schema.TaggedStruct("AppointMember", { ...Decider.commandFields, agencyId: Id.AgencyId })
/** MTG-2: end an agency's membership at `at`; it stays on the register as a former member. */
export const RetireMember = Schema.TaggedStruct("RetireMember", { ...Decider.commandFields, agencyId: Id.AgencyId })

/** Commands on the register. */
export const Command = Schema.Union([EstablishRegister, AppointMember, RetireMember]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** The type of {@link EstablishRegister}. */
export type EstablishRegister = typeof EstablishRegister.Type
/** The type of {@link AppointMember}. */
export type AppointMember = typeof AppointMember.Type
/** The type of {@link RetireMember}. */
export type RetireMember = typeof RetireMember.Type
