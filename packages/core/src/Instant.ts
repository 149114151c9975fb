/**
 * Instants of domain events and commands (TIME-1).
 *
 * Every event carries the instant it happened. On the wire (commands, stored payloads) an instant
 * is an ISO-8601 string with an explicit offset (`2025-05-12T10:00:00+09:00` or `…Z`); in memory
 * it is an Effect `DateTime.Utc`. Fiscal years are computed from it in Japan time by
 * `FiscalYear.ofInstant`, whatever the host's time zone.
 *
 * @module
 */
import { DateTime, Schema, SchemaTransformation } from "effect"

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

/** An ISO-8601 instant with an explicit offset, decoded to `DateTime.Utc`; encodes as UTC ISO. */
export const Instant = Schema.String.check(Schema.isPattern(ISO_WITH_OFFSET)).pipe(
  Schema.decodeTo(Schema.DateTimeUtc, SchemaTransformation.dateTimeUtcFromString)
)
/** The type of {@link Instant}: a UTC `DateTime`. */
export type Instant = DateTime.Utc

const decode = Schema.decodeSync(Instant)

/** Parse an ISO-8601 instant with offset; throws on anything else (for literals in code and tests). */
export const make = (iso: string): Instant => decode(iso)

/** Epoch milliseconds of an instant. */
export const millis = (i: Instant): number => DateTime.toEpochMillis(i)

/** True when `a` is strictly before `b`. */
export const isBefore = (a: Instant, b: Instant): boolean => millis(a) < millis(b)

/** True when `at` lies in the half-open period `[from, until)`; an absent `until` is open-ended. */
export const within = (at: Instant, from: Instant, until: Instant | undefined): boolean =>
  millis(from) <= millis(at) && (until === undefined || millis(at) < millis(until))

/** UTC ISO string of an instant (`2025-05-12T01:00:00.000Z`). */
export const format = (i: Instant): string => DateTime.formatIso(i)
