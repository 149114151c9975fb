/**
 * PLN-9, AUD-1: eight processes record commands on one case in one SQLite file at once (half one
 * command at a time, half as all-or-nothing batches); every command lands exactly once.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CommandHandler, Command, Kitakami } from "@kitakami-juso/core"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import * as RacingWriters from "@kitakami-juso/testkit/RacingWriters"
import { Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { chainKey } from "./chain-key.ts"

const dir = mkdtempSync(join(tmpdir(), "juso-race-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("racing writers on SQLite", () => {
  it("PLN-9: 8 processes racing on one case all land, each command once", async () => {
    const filename = join(dir, "race.sqlite")
    const handler = CommandHandler.layer({ revisions: Kitakami.revisions }).pipe(Layer.provideMerge(SqliteEventStore.layer({ filename, chainKey })))
    await Effect.runPromise(Effect.gen(function*() {
      const h = yield* CommandHandler.CommandHandler
      for (const c of RacingWriters.setup) yield* h.handle(Command.make(c))
    }).pipe(Effect.provide(handler)))
    const outcomes = await RacingWriters.race(join(import.meta.dirname, "racing-writer.ts"), [filename], 8, 6)
    expect(outcomes.filter((o) => o.code !== 0)).toEqual([])
    const events = await Effect.runPromise(Effect.gen(function*() {
      const h = yield* CommandHandler.CommandHandler
      return yield* h.load(RacingWriters.CASE_STREAM)
    }).pipe(Effect.provide(handler)))
    const added = events.flatMap((e) => (e._tag === "HouseholdMemberAdded" ? [e.member.memberId] : []))
    expect([...added].sort()).toEqual([...RacingWriters.expectedMembers(8, 6)].sort())
  }, 120_000)
})
