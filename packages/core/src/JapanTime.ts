/**
 * Japan time on `DateTime` (TIME-1, TIME-2): the one place that knows Japan's offset. Fiscal years,
 * plan revisions' effective dates, report dates and the exporters' wall-clock cells all read an
 * instant in Japan time through this module, whatever the host's time zone.
 *
 * Japan Standard Time is UTC+9 with no daylight saving since 1952, so the zone is a fixed offset:
 * no time-zone database is consulted.
 *
 * @module
 */
import { DateTime } from "effect"

/** TIME-1: Japan's offset from UTC in milliseconds (+09:00). */
export const offsetMillis = 9 * 60 * 60 * 1000

/** TIME-1: Japan time as a fixed-offset `DateTime` zone (+09:00). */
export const zone: DateTime.TimeZone = DateTime.zoneMakeOffset(offsetMillis)

/** TIME-1: the instant in Japan time. */
export const inJapan = (instant: DateTime.Utc): DateTime.Zoned => DateTime.setZone(instant, zone)

/** TIME-1: the calendar and clock parts of an instant in Japan time (month 1–12). */
export const parts = (instant: DateTime.Utc): DateTime.DateTime.PartsWithWeekday => DateTime.toParts(inJapan(instant))

/** TIME-1: 00:00 Japan time on a calendar day (month 1–12). */
export const startOfDay = (year: number, month: number, day: number): DateTime.Utc =>
  DateTime.makeUnsafe(Date.UTC(year, month - 1, day) - offsetMillis)

/** TIME-1: 00:00 Japan time on a date written `YYYY-MM-DD`. */
export const startOfDate = (date: string): DateTime.Utc => {
  const [y, m, d] = date.split("-").map(Number)
  return startOfDay(y!, m!, d!)
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0")

/** TIME-2: an instant as ISO-8601 in Japan time, `2024-04-01T00:30:00+09:00` (milliseconds only when not zero). */
export const formatIso = (instant: DateTime.Utc): string => {
  const p = parts(instant)
  const ms = p.millisecond === 0 ? "" : `.${pad(p.millisecond, 3)}`
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${ms}+09:00`
}

/** TIME-2: the calendar date of an instant in Japan time, `2024-04-01`. */
export const formatDate = (instant: DateTime.Utc): string => formatIso(instant).slice(0, 10)

/**
 * The Japan wall-clock time of an instant, as a `Date` whose UTC fields carry it (spreadsheet
 * cells, fiscal years). Japan time is a fixed offset, so this is the instant shifted by it — no
 * zoned `DateTime` is built (fiscal-year counting calls this once per event).
 */
export const wallClock = (instant: DateTime.Utc): Date => new Date(instant.epochMilliseconds + offsetMillis)

/** Inverse of {@link wallClock}. */
export const fromWallClock = (wall: Date): DateTime.Utc => DateTime.makeUnsafe(wall.getTime() - offsetMillis)
