/**
 * Every domain event, as one `effect/Schema` union (AUD-1, AUD-2, KPI-9).
 *
 * Each event has a literal `_tag`, a unique `eventId`, the instant it happened (`at`) and the
 * acting agency (`by`). The JSON form is what the event store keeps as the payload (type = `_tag`):
 * instants as UTC ISO-8601 strings, personal fields as plain strings (see the `Personal` module for
 * why, and how they are protected). Decoding a stored payload never throws: it succeeds or fails
 * with {@link UndecodableEvent}.
 *
 * @module
 */
import { Result, Schema } from "effect"
import * as Aggregates from "./Aggregates.ts"
import * as DecodeIssue from "./DecodeIssue.ts"
import * as SchemaFastPath from "./SchemaFastPath.ts"

/** Every event: case, meeting, register, outreach and survey results, one flat tagged union derived from the registry (KPI-9). */
export const DomainEvent = Aggregates.DomainEvent
/** The type of {@link DomainEvent}. */
export type DomainEvent = Aggregates.DomainEvent
/** The JSON form of an event (the stored payload). */
export type Encoded = typeof DomainEvent.Encoded

/** A stored or supplied payload is not a valid event. Carries ids and paths only (AUD-2). */
export class UndecodableEvent extends Schema.TaggedError<UndecodableEvent>("@kitakami-juso/core/DomainEvent/UndecodableEvent")(
  "UndecodableEvent",
  {
    message: Schema.String,
    stream: Schema.optionalKey(Schema.String),
    version: Schema.optionalKey(Schema.Number),
    eventId: Schema.optionalKey(Schema.String),
    issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
  }
) {}

const decodeEvent = DecodeIssue.decoderFor(DomainEvent.members, "event")

/** Decode untrusted input (e.g. a stored payload) as an event; never throws. Unknown keys are refused. */
export const decode = (input: unknown): Result.Result<DomainEvent, UndecodableEvent> => {
  const outcome = decodeEvent(input)
  return outcome._tag === "Success"
    ? Result.succeed(outcome.value)
    : Result.fail(new UndecodableEvent({ message: outcome.summary, issues: outcome.issues }))
}

/**
 * Decode a stored event's payload; one that does not decode names its stream, version and id,
 * never its content (AUD-2). What every reader of the store (the handler, the projection runner)
 * calls.
 */
export const decodeStored = (
  stored: { readonly eventId: string; readonly stream: string; readonly version: number; readonly payload: unknown }
): Result.Result<DomainEvent, UndecodableEvent> => {
  const r = decode(stored.payload)
  return Result.isSuccess(r)
    ? r
    : Result.fail(
      new UndecodableEvent({
        message: `stored event ${stored.eventId} (${stored.stream} v${stored.version}) does not decode: ${r.failure.message}`,
        stream: stored.stream,
        version: stored.version,
        eventId: stored.eventId,
        issues: r.failure.issues
      })
    )
}

/** The JSON form of an event (what the store keeps). */
export const encode: (event: DomainEvent) => Encoded = SchemaFastPath.encodeSync(DomainEvent)

/** Decode an event from literal JSON-shaped data, throwing on invalid input (for code and tests). */
export const make = (input: Encoded): DomainEvent => Schema.decodeSync(DomainEvent)(input)
