/**
 * TIME-1 under real host time zones: the fiscal-year and revision checks run in child Node
 * processes started with TZ=UTC, TZ=America/Los_Angeles and TZ=Asia/Tokyo, so independence from
 * the host's zone is shown, not assumed.
 */
import { execFileSync } from "node:child_process"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "@effect/vitest"

const src = (file: string) => pathToFileURL(fileURLToPath(new URL(`../src/${file}`, import.meta.url))).href

const script = `
import * as FiscalYear from ${JSON.stringify(src("FiscalYear.ts"))}
import * as Catalog from ${JSON.stringify(src("Catalog.ts"))}
import * as JapanTime from ${JSON.stringify(src("JapanTime.ts"))}
import { DateTime } from "effect"
const at = (iso) => DateTime.makeUnsafe(iso)
const revisionAt = (iso) => Catalog.inForce(Catalog.kitakamiRevisions, at(iso))
const out = {
  // What the host thinks local time is: proves TZ really took effect in this process.
  hostOffsetMinutes: new Date("2024-01-15T00:00:00Z").getTimezoneOffset(),
  hostLocalMarch31: new Date(2024, 2, 31, 23, 30).toISOString(),
  fy: [
    FiscalYear.ofInstant(at("2024-03-31T23:30:00+09:00")),
    FiscalYear.ofInstant(at("2024-03-31T15:30:00Z")),
    FiscalYear.ofInstant(at("2025-03-31T14:59:59.999Z")),
    FiscalYear.ofInstant(at("2025-03-31T15:00:00Z")),
    FiscalYear.ofInstant(DateTime.makeUnsafe(Date.parse("2026-04-01T08:59:00Z")))
  ],
  bounds: [DateTime.formatIso(FiscalYear.bounds(FiscalYear.make(2025)).start), DateTime.formatIso(FiscalYear.bounds(FiscalYear.make(2025)).end)],
  japan: [JapanTime.formatIso(at("2024-03-31T15:30:00Z")), JapanTime.wallClock(at("2024-03-31T15:30:00Z")).toISOString()],
  labels: [FiscalYear.label(FiscalYear.make(2023)), FiscalYear.label(FiscalYear.make(2028))],
  revisions: ["2025-03-31T14:59:59.999Z", "2025-03-31T15:00:00Z", "2026-03-31T14:59:59.999Z", "2026-03-31T15:00:00Z"].map((iso) => {
    const r = revisionAt(iso)
    return r._tag === "Success" ? r.success.revision.id : r.failure._tag
  })
}
console.log(JSON.stringify(out))
`

const runIn = (tz: string) =>
  JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, TZ: tz },
      encoding: "utf8"
    })
  ) as {
    hostOffsetMinutes: number
    hostLocalMarch31: string
    fy: Array<number>
    bounds: Array<string>
    japan: Array<string>
    labels: Array<string>
    revisions: Array<string>
  }

describe("TIME-1 across host time zones", () => {
  const zones = ["UTC", "America/Los_Angeles", "Asia/Tokyo"] as const
  const results = Object.fromEntries(zones.map((tz) => [tz, runIn(tz)]))

  it("TIME-1: the child processes really ran in different host time zones", () => {
    expect(results["UTC"]!.hostOffsetMinutes).toBe(0)
    expect(results["America/Los_Angeles"]!.hostOffsetMinutes).toBe(480)
    expect(results["Asia/Tokyo"]!.hostOffsetMinutes).toBe(-540)
    // The violation a host-local reading would commit: the same wall-clock time is a different instant.
    expect(new Set(zones.map((tz) => results[tz]!.hostLocalMarch31)).size).toBe(3)
  })

  it("TIME-1, TIME-2: fiscal years, bounds, Japan time, labels and the revision in force are the same in every zone", () => {
    for (const tz of zones) {
      const r = results[tz]!
      expect(r.fy, tz).toEqual([2023, 2024, 2024, 2025, 2026])
      expect(r.bounds, tz).toEqual(["2025-03-31T15:00:00.000Z", "2026-03-31T15:00:00.000Z"])
      expect(r.japan, tz).toEqual(["2024-04-01T00:30:00+09:00", "2024-04-01T00:30:00.000Z"])
      expect(r.labels, tz).toEqual(["令和5年度 (FY2023)", "令和10年度 (FY2028)"])
      expect(r.revisions, tz).toEqual(["NoRevisionInForce", "2025-04", "2025-04", "2026-04"])
    }
  })
})
