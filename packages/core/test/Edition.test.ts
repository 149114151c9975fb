import { describe, expect, it } from "@effect/vitest"
import { Result } from "effect"
import { Catalog, Edition, Instant, Kitakami } from "@kitakami-juso/core"
import { CITY, establishRegister, type Input, World } from "./support/world.ts"

/**
 * A made-up history for the test: in the first revision サポートにじ (`shogai-niji`) is not yet
 * in the directory; the second adds it from 2026-04-01.
 */
const encoded = Catalog.encode(Kitakami.revisions[0]!)
const without = Catalog.decodeSync({
  ...encoded,
  directory: { ...encoded.directory, agencies: encoded.directory.agencies.filter((a) => a.id !== "shogai-niji") }
})
const history = [without, Kitakami.revisions[1]!]

const appoint = (at: string): Input => ({ _tag: "AppointMember", agencyId: "shogai-niji", at, by: CITY })

describe("Rules in force (AUD-3)", () => {
  it("AUD-3: a command is decided under the revision in force at its own instant, and says which", () => {
    const w = new World(history)
    w.run(establishRegister)
    const refused = w.decide(appoint("2026-03-31T23:59:00+09:00"))
    expect(Result.isFailure(refused) && refused.failure).toMatchObject({ rule: "ORG-1", revision: "2025-04" })
    // The same command dated one minute into the new revision is accepted, whenever it is processed.
    expect(Result.isSuccess(w.decide(appoint("2026-04-01T00:00:00+09:00")))).toBe(true)
    expect(Result.isSuccess(w.decide(appoint("2026-03-31T15:00:00Z")))).toBe(true)
  })

  it("AUD-3: refuses a command dated before the first revision took effect", () => {
    const w = new World(Kitakami.revisions)
    const r = w.decide({ ...establishRegister, at: "2025-03-31T23:59:59+09:00" } as Input)
    expect(Result.isFailure(r) && r.failure.rule).toBe("AUD-3")
    expect(Result.isSuccess(w.decide(establishRegister))).toBe(true)
  })

  it("AUD-3: the revision in force is chosen by Japan-time effective date", () => {
    const at = (iso: string) => Edition.inForceAt(Kitakami.revisions, Instant.make(iso))
    expect(Result.map(at("2026-03-31T14:59:59Z"), Edition.revisionId)).toEqual(Result.succeed("2025-04"))
    expect(Result.map(at("2026-03-31T15:00:00Z"), Edition.revisionId)).toEqual(Result.succeed("2026-04"))
    expect(Result.isFailure(Edition.inForceAt([], Instant.make("2026-01-01T00:00:00Z")))).toBe(true)
  })
})
