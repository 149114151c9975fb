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
import { Cause, Exit, Result, Schema, SchemaIssue } from "effect"
import * as Aggregates from "./Aggregates.ts"

/** Every command: case, meeting, register, outreach and survey results, one flat tagged union derived from the registry (KPI-9). */
export const Command = Aggregates.Command
/** The type of {@link Command}. */
export type Command = Aggregates.Command
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

/**
 * AUD-2: a decoder of untrusted input that never throws: it succeeds, or fails with `refuse(issues)`
 * (`issues` empty when the input could not even be read, e.g. a throwing getter or proxy). Issues
 * name paths and expectations, never values. Shared by commands and events.
 */
export const safeDecoder = <S extends Schema.Top & { readonly DecodingServices: never }, E>(
  schema: S,
  refuse: (issues: ReadonlyArray<Issue>) => E
): (input: unknown) => Result.Result<S["Type"], E> => {
  const decodeExit = Schema.decodeUnknownExit(schema, { errors: "all" })
  return (input) => {
    let exit: Exit.Exit<S["Type"], Schema.SchemaError>
    try {
      exit = decodeExit(input)
    } catch {
      // A hostile input (a throwing getter or proxy) is refused like any other bad input.
      return Result.fail(refuse([]))
    }
    return Exit.isSuccess(exit) ? Result.succeed(exit.value) : Result.fail(refuse(issuesOf(exit.cause)))
  }
}

/** Decode untrusted input (e.g. parsed JSON) as a command; never throws. */
export const decode: (input: unknown) => Result.Result<Command, InvalidCommand> = safeDecoder(Command, (issues) =>
  new InvalidCommand(
    issues.length === 0
      ? { message: "input could not be read as a command", issues }
      : { message: `not a valid command (${issues.length} issue(s))`, issues }
  ))

/** Decode a command from literal JSON-shaped data, throwing on invalid input (for code and tests). */
export const make = (input: Encoded): Command => Schema.decodeSync(Command)(input)

/** The JSON form of a command. */
export const encode: (command: Command) => Encoded = Schema.encodeSync(Command)

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
