/**
 * PLN-9, AUD-1: eight processes record commands on one case in one PostgreSQL schema at once (half
 * one command at a time, half as all-or-nothing batches); every command lands exactly once.
 */
import { join } from "node:path"
import { it } from "@effect/vitest"
import { CommandHandler, Command, Kitakami } from "@kitakami-juso/core"
import { PgEventStore } from "@kitakami-juso/store-postgres"
import * as RacingWriters from "@kitakami-juso/testkit/RacingWriters"
import { Effect, Layer } from "effect"
import { describe, expect } from "vitest"
import { chainKey, schema, withPostgres } from "./fixtures.ts"

withPostgres("racing writers on PostgreSQL", (url) => {
  describe("racing writers on PostgreSQL", () => {
    it.live("PLN-9: 8 processes racing on one case all land, each command once", () =>
      Effect.gen(function*() {
        const name = yield* schema(url)
        const handler = CommandHandler.layer({ revisions: Kitakami.revisions }).pipe(
          Layer.provideMerge(PgEventStore.layer({ url, schema: name, maxConnections: 2, chainKey }))
        )
        const load = Effect.gen(function*() {
          const h = yield* CommandHandler.CommandHandler
          for (const c of RacingWriters.setup) yield* h.handle(Command.make(c))
        })
        yield* Effect.scoped(load.pipe(Effect.provide(handler)))
        const outcomes = yield* Effect.promise(() => RacingWriters.race(join(import.meta.dirname, "racing-writer.ts"), [name], 8, 6))
        expect(outcomes.filter((o) => o.code !== 0)).toEqual([])
        const events = yield* Effect.scoped(Effect.gen(function*() {
          const h = yield* CommandHandler.CommandHandler
          return yield* h.load(RacingWriters.CASE_STREAM)
        }).pipe(Effect.provide(handler)))
        const added = events.flatMap((e) => (e._tag === "HouseholdMemberAdded" ? [e.member.memberId] : []))
        expect([...added].sort()).toEqual([...RacingWriters.expectedMembers(8, 6)].sort())
      }).pipe(Effect.scoped), 180_000)
  })
})
