/** The CLI's pure parts, without spawning: `--fy` forms, the store rule, display width, open checks. */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { EventHash } from "@kitakami-juso/core"
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as FiscalYearArg from "../src/FiscalYearArg.ts"
import * as Location from "../src/Location.ts"
import { logMessagesInJapanese } from "../src/main.ts"
import * as Store from "../src/Store.ts"
import * as Text from "../src/Text.ts"
import { tmp } from "./support/juso.ts"

describe("log messages in Japanese", () => {
  it("AUD-1: the Japanese for the store's warning without a chain key is keyed by core's text (a changed text would print English only)", () => {
    expect(Object.keys(logMessagesInJapanese)).toEqual([EventHash.UNKEYED_WARNING])
  })
})

describe("TIME-2 --fy", () => {
  it("takes 2025, FY2025, R7, 令和7, 令和7年度 and full-width digits as FY2025; Reiwa 1 is FY2019", () => {
    for (const raw of ["2025", "FY2025", "fy2025", "R7", "r7", "令和7", "令和7年度", "令和７年度", "２０２５", " 2025 "]) {
      expect(FiscalYearArg.parse(raw), raw).toBe(2025)
    }
    expect(FiscalYearArg.parse("R1")).toBe(2019)
    expect(FiscalYearArg.parse("令和10年度")).toBe(2028)
  })

  it("refuses what is not a year, and warns (only) outside the plan period FY2025–FY2028", () => {
    for (const raw of ["20x5", "R", "令和", "H30", "", "R0", "99999"]) {
      expect(FiscalYearArg.parseOrFail(raw), raw).toHaveProperty("_tag", "InputError")
    }
    expect(FiscalYearArg.warning(2025)).toBeUndefined()
    expect(FiscalYearArg.warning(2028)).toBeUndefined()
    expect(FiscalYearArg.warning(2031)).toMatch(/計画期間.*outside the plan period/)
    expect(FiscalYearArg.warning(2024)).toBeDefined()
  })
})

describe("which store (one rule)", () => {
  const none = Option.none<string>()
  const flags = (f: Partial<Location.StoreFlags>): Location.StoreFlags => ({ db: none, pg: none, pgUrl: none, pgSchema: none, ...f })
  /** Decide with exactly this environment (a ConfigProvider over a record, not process.env). */
  const decide = (f: Partial<Location.StoreFlags>, env: Record<string, string> = {}) =>
    Effect.runSync(Effect.result(Location.fromFlags(flags(f)).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))))
  it("SQLite by default (.juso/juso.sqlite) or --db", () => {
    expect(decide({})).toMatchObject({ _tag: "Success", success: { _tag: "Sqlite", filename: ".juso/juso.sqlite" } })
    expect(decide({ db: Option.some("x.sqlite") })).toMatchObject({ success: { filename: "x.sqlite" } })
  })
  it("--pg-url alone selects PostgreSQL; --pg takes --pg=URL or JUSO_PG_URL; the URL stays redacted", () => {
    const viaUrl = decide({ pgUrl: Option.some("postgres://u:secret@h/db") })
    expect(viaUrl).toMatchObject({ success: { _tag: "Postgres" } })
    const loc = (viaUrl as { success: Location.Location }).success
    expect(String((loc as { url: unknown }).url)).not.toContain("secret")
    expect(Location.describe(loc)).toBe("PostgreSQL postgres://u:***@h/db")
    const viaEnv = decide({ pg: Option.some("") }, { JUSO_PG_URL: "postgres://h/env" }) as { success: { url: Redacted.Redacted<string> } }
    expect(Redacted.value(viaEnv.success.url)).toBe("postgres://h/env")
    const viaFlag = decide({ pg: Option.some("postgres://h/flag") }, { JUSO_PG_URL: "postgres://h/env" }) as { success: { url: Redacted.Redacted<string> } }
    expect(Redacted.value(viaFlag.success.url)).toBe("postgres://h/flag")
  })
  it("usage errors: --db with a PostgreSQL flag, two different URLs, --pg without any URL, --pg-schema without PostgreSQL", () => {
    for (const f of [
      { db: Option.some("x"), pgUrl: Option.some("postgres://h/a") },
      { pg: Option.some("postgres://h/a"), pgUrl: Option.some("postgres://h/b") },
      { pg: Option.some("") },
      { pgSchema: Option.some("s") }
    ]) {
      expect(decide(f)).toMatchObject({ _tag: "Failure", failure: { _tag: "UsageError" } })
    }
  })
})

describe("display width (East Asian Width, one function)", () => {
  it("kanji, kana and full-width forms take two columns; half-width kana, ASCII and combining marks not", () => {
    expect(Text.width("KPI-1")).toBe(5)
    expect(Text.width("支援会議")).toBe(8)
    expect(Text.width("ｶﾀｶﾅ")).toBe(4)
    expect(Text.width("ＡＢ")).toBe(4)
    expect(Text.width("が")).toBe(2)
    expect(Text.width("か\u3099")).toBe(2)
    expect(Text.width("😀")).toBe(2)
  })
  it("tables align Japanese columns and truncate to a display width", () => {
    const t = Text.table(["指標", "値"], [["支援会議", "2"], ["KPI", "12"]]).split("\n")
    // Every line ends at the same display column: the number column is right-aligned.
    expect(new Set(t.map(Text.width)).size).toBe(1)
    expect(t[2]).toBe("支援会議   2")
    expect(Text.truncate("身近に頼れる人や機関があると思う市民の割合", 10)).toBe("身近に頼…")
    expect(Text.width(Text.truncate("身近に頼れる人や機関があると思う市民の割合", 10))).toBeLessThanOrEqual(10)
  })
})

describe("opening a SQLite store", () => {
  it("read mode refuses a missing file, a directory, an empty file and a non-database; write mode accepts a missing file", () => {
    const dir = tmp()
    mkdirSync(join(dir, "d"))
    writeFileSync(join(dir, "empty"), "")
    writeFileSync(join(dir, "text"), "hello, not sqlite")
    expect(Store.checkSqlite(join(dir, "missing"), "read")).toMatchObject({ reason: "Missing", retryable: false })
    expect(Store.checkSqlite(join(dir, "missing"), "write")).toBeUndefined()
    expect(Store.checkSqlite(join(dir, "d"), "write")).toMatchObject({ reason: "Directory" })
    expect(Store.checkSqlite(join(dir, "empty"), "read")).toMatchObject({ reason: "Missing" })
    expect(Store.checkSqlite(join(dir, "text"), "read")).toMatchObject({ reason: "NotADatabase" })
    expect(Store.checkSqlite(":memory:", "read")).toBeUndefined()
  })
})
