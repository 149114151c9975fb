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
import { DateTime, Effect, Schema, SchemaIssue, SchemaTransformation } from "effect"

const ISO_WITH_OFFSET =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/u

/** What an instant must look like, said once for every decode error (never the value found, AUD-2). */
export const expected = "an ISO 8601 date and time with offset, e.g. 2025-06-01T09:00:00+09:00 (日時は時差付きISO 8601)"

/** The calendar date written in the string exists (2025-02-30 is refused, not rolled to March). */
const dateExists = (s: string): boolean => {
  const d = (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48
  if (d <= 28) return true
  const y = Number(s.slice(0, 4))
  const m = (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48
  const last = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
  return d <= last
}

/**
 * `SchemaTransformation.dateTimeUtcFromString` for the strings the checks above admit: the same
 * instant (`Date.parse`, as `DateTime.make` parses a string with an offset) without
 * `DateTime.make`'s time-zone probing, a third of the decoding time of a whole event.
 */
const utcFromIsoWithOffset = SchemaTransformation.transformEffect<DateTime.Utc, string>({
  decode: (s, options) => {
    const ms = Date.parse(s)
    return Number.isFinite(ms)
      ? Effect.succeed(DateTime.makeUnsafe(ms))
      : Effect.fail(new SchemaIssue.InvalidValue({ expected: "a valid UTC DateTime string" }, s, options))
  },
  encode: (utc) => Effect.succeed(DateTime.formatIso(utc))
})

/** An ISO-8601 instant with an explicit offset, decoded to `DateTime.Utc`; encodes as UTC ISO. */
export const Instant = Schema.String.check(
  Schema.isPattern(ISO_WITH_OFFSET, { expected }),
  Schema.makeFilter(dateExists, { expected: `${expected}; the date must exist` })
).pipe(
  Schema.decodeTo(Schema.DateTimeUtc, utcFromIsoWithOffset)
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
