/**
 * Shared pieces of the property tests that check invariance to the host time zone and to the
 * order of events (TIME-1, KPI-9).
 */
import { afterEach } from "@effect/vitest"
import * as fc from "fast-check"

/** Host time zones on both sides of the date line and of Japan, with and without DST. */
export const hostTimeZones = fc.constantFrom("UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago")

/** Put `process.env.TZ` back as it was after every test of the enclosing `describe`. */
export const restoreTimeZoneAfterEach = (): void => {
  const original = process.env.TZ
  afterEach(() => {
    if (original === undefined) delete process.env.TZ
    else process.env.TZ = original
  })
}

/** A Fisher–Yates shuffle driven by fast-check's random numbers (so a failure replays). */
export const shuffle = <A>(items: ReadonlyArray<A>, randoms: Iterable<number>): Array<A> => {
  const out = [...items]
  const it = randoms[Symbol.iterator]()
  for (let i = out.length - 1; i > 0; i--) {
    const j = (it.next().value as number) % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
