/**
 * Every command of the dynamic domain, as one flat `effect/Schema` tagged union (PLN-9, AUD-2).
 *
 * A command is what a client asks for: a literal `_tag`, a client-supplied `commandId` (its
 * idempotency key), the instant it happened (`at`) and the acting agency (`by`). The encoded form
 * is JSON: instants are ISO-8601 strings with offset, personal fields plain strings. Decoding
 * untrusted input never throws: it succeeds or fails with {@link InvalidCommand}, whose issues name
 * paths and expectations, never the input's values.
 *
 * @module
 */
import { Result, Schema } from "effect"
import * as Aggregates from "./Aggregates.ts"
import * as DecodeIssue from "./DecodeIssue.ts"
import * as SchemaFastPath from "./SchemaFastPath.ts"

/** Every command: case, meeting, register, outreach and survey results, one flat tagged union derived from the registry (KPI-9). */
export const Command = Aggregates.Command
/** The type of {@link Command}. */
export type Command = Aggregates.Command
/** The JSON form of a command. */
export type Encoded = typeof Command.Encoded

/** One problem found while decoding: where, and what was expected (never the value found, AUD-2). */
export type Issue = DecodeIssue.Issue

/** Input could not be decoded as a command. Nothing was done. */
export class InvalidCommand extends Schema.TaggedError<InvalidCommand>("@kitakami-juso/core/Command/InvalidCommand")(
  "InvalidCommand",
  {
    message: Schema.String,
    issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
  }
) {}

/** The issues of a schema failure as paths and expectations, at most 10. */
export const issuesOf = DecodeIssue.issuesOf

const decodeCommand = DecodeIssue.decoderFor(Command.members, "command")

/**
 * Decode untrusted input (e.g. parsed JSON) as a command; never throws. The `_tag` picks the
 * command; a mistyped one names the closest ("did you mean ReferCase?"); unknown keys are refused
 * and named; issues are paths and expectations, never values (AUD-2).
 */
export const decode = (input: unknown): Result.Result<Command, InvalidCommand> => {
  const outcome = decodeCommand(input)
  return outcome._tag === "Success"
    ? Result.succeed(outcome.value)
    : Result.fail(new InvalidCommand({ message: outcome.summary, issues: outcome.issues }))
}

/** Decode a command from literal JSON-shaped data, throwing on invalid input (for code and tests). */
export const make = (input: Encoded): Command => Schema.decodeSync(Command)(input)

/** The JSON form of a command. */
export const encode: (command: Command) => Encoded = SchemaFastPath.encodeSync(Command)

/** Which aggregate a command addresses, and the stream that holds it. */
export interface Target {
  readonly aggregate: Aggregates.Name
  readonly stream: string
  readonly command: Command
}

/** Route a command to its aggregate and stream (derived from the registry). */
export const target = (command: Command): Target => {
  const aggregate = Aggregates.aggregateOf(command)
  return { aggregate: aggregate.name as Aggregates.Name, stream: aggregate.stream(command), command }
}
