/**
 * Every command of the dynamic domain, as one `effect/Schema` union (PLN-9, AUD-2).
 *
 * A command is what a client asks for: a literal `_tag`, a client-supplied `commandId` (its
 * idempotency key), the instant it happened (`at`) and the acting agency (`by`). The encoded form
 * is JSON: instants are ISO-8601 strings with offset, personal fields plain strings. Decoding
 * untrusted input never throws: it succeeds or fails with {@link InvalidCommand}, whose issues name
 * paths and expectations, never the input's values.
 *
 * @module
 */
import { Cause, Exit, Result, Schema, SchemaIssue } from "effect"
import * as Case from "./Case.ts"
import * as Meeting from "./Meeting.ts"
import * as MemberRegister from "./MemberRegister.ts"
import * as Outreach from "./Outreach.ts"
import * as Survey from "./Survey.ts"

/** Every command: case, meeting, register, outreach and survey results (KPI-9). */
export const Command = Schema.Union([Case.Command, Meeting.Command, MemberRegister.Command, Outreach.Command, Survey.Command])
/** The type of {@link Command}. */
export type Command = typeof Command.Type
/** The JSON form of a command. */
export type Encoded = typeof Command.Encoded

/** One problem found while decoding: where, and what was expected (never the value found, AUD-2). */
export interface Issue {
  readonly path: string
  readonly message: string
}

/** Input could not be decoded as a command. Nothing was done. */
export class InvalidCommand extends Schema.TaggedError<InvalidCommand>("@kitakami-juso/core/Command/InvalidCommand")(
  "InvalidCommand",
  {
    message: Schema.String,
    issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
  }
) {}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** The issues of a schema failure as paths and expectations, at most 10. */
export const issuesOf = (cause: Cause.Cause<Schema.SchemaError>): ReadonlyArray<Issue> => {
  const error = Cause.squash(cause)
  if (!Schema.isSchemaError(error)) return [{ path: "", message: "undecodable input" }]
  return formatter(error.issue).issues.slice(0, 10).map((i) => ({
    path: (i.path ?? []).map((k) => (typeof k === "object" && k !== null && "key" in k ? String(k.key) : String(k))).join("."),
    message: i.message
  }))
}

const decodeExit = Schema.decodeUnknownExit(Command, { errors: "all" })

/** Decode untrusted input (e.g. parsed JSON) as a command; never throws. */
export const decode = (input: unknown): Result.Result<Command, InvalidCommand> => {
  let exit: Exit.Exit<Command, Schema.SchemaError>
  try {
    exit = decodeExit(input)
  } catch {
    // A hostile input (a throwing getter or proxy) is refused like any other bad input.
    return Result.fail(new InvalidCommand({ message: "input could not be read as a command", issues: [] }))
  }
  if (Exit.isSuccess(exit)) return Result.succeed(exit.value)
  const issues = issuesOf(exit.cause)
  return Result.fail(new InvalidCommand({ message: `not a valid command (${issues.length} issue(s))`, issues }))
}

/** Decode a command from literal JSON-shaped data, throwing on invalid input (for code and tests). */
export const make = (input: Encoded): Command => Schema.decodeSync(Command)(input)

/** The JSON form of a command. */
export const encode: (command: Command) => Encoded = Schema.encodeSync(Command)

const tags = <U extends { readonly members: ReadonlyArray<{ readonly fields: { readonly _tag: { readonly schema: { readonly literal: string } } } }> }>(
  union: U
): ReadonlySet<string> => new Set(union.members.map((m) => m.fields._tag.schema.literal))

const caseTags = tags(Case.Command)
const meetingTags = tags(Meeting.Command)
const registerTags = tags(MemberRegister.Command)
const surveyTags = tags(Survey.Command)

/** Which aggregate a command addresses, and the stream that holds it. */
export type Target =
  | { readonly aggregate: "case"; readonly stream: string; readonly command: Case.Command }
  | { readonly aggregate: "meeting"; readonly stream: string; readonly command: Meeting.Command }
  | { readonly aggregate: "register"; readonly stream: string; readonly command: MemberRegister.Command }
  | { readonly aggregate: "outreach"; readonly stream: string; readonly command: Outreach.Command }
  | { readonly aggregate: "survey"; readonly stream: string; readonly command: Survey.Command }

/** Route a command to its aggregate and stream. */
export const target = (command: Command): Target => {
  if (caseTags.has(command._tag)) {
    const c = command as Case.Command
    return { aggregate: "case", stream: Case.streamId(c.caseId), command: c }
  }
  if (meetingTags.has(command._tag)) {
    const c = command as Meeting.Command
    return { aggregate: "meeting", stream: Meeting.streamId(c.meetingId), command: c }
  }
  if (registerTags.has(command._tag)) {
    return { aggregate: "register", stream: MemberRegister.streamId, command: command as MemberRegister.Command }
  }
  if (surveyTags.has(command._tag)) {
    return { aggregate: "survey", stream: Survey.streamId, command: command as Survey.Command }
  }
  const c = command as Outreach.Command
  return { aggregate: "outreach", stream: Outreach.streamId(c.contactId), command: c }
}
