import { describe, expect, it } from "@effect/vitest"
import { Result, SchemaAST } from "effect"
import { Aggregates, Case, Command, DomainEvent, Meeting, MemberRegister, Outreach, Survey } from "@kitakami-juso/core"
import { command, given, T } from "./support/world.ts"

const perAggregate = [Case, Meeting, MemberRegister, Outreach, Survey] as const

describe("The registry of aggregates (PLN-9)", () => {
  it("PLN-9: the Command and DomainEvent schemas are one flat tagged union of every aggregate's members", () => {
    for (const [union, of] of [[Command.Command, (m: typeof Case) => m.Command], [DomainEvent.DomainEvent, (m: typeof Case) => m.Event]] as const) {
      expect(union.members.every((m) => !SchemaAST.isUnion(m.ast))).toBe(true)
      const expected = perAggregate.flatMap((m) => of(m as typeof Case).discriminants)
      expect([...union.discriminants]).toEqual(expected)
      expect(new Set(union.discriminants).size).toBe(union.discriminants.length)
    }
  })

  it("PLN-9: every command tag routes to the aggregate that declares it, and its stream", () => {
    for (const a of Aggregates.aggregates) {
      for (const tag of a.commands.discriminants) expect(Aggregates.aggregateOf({ _tag: tag } as Command.Command).name).toBe(a.name)
    }
    const c = command({ _tag: "RecordContact", contactId: "o9", at: T("06-01T10:00"), by: "shakyo-outreach", activity: { _tag: "ResidentVisit" } })
    expect(Command.target(c)).toMatchObject({ aggregate: "outreach", stream: "outreach-o9" })
  })

  it("ORG-1: the actor is checked once, before the state: an unknown agency is refused even on a case that does not exist", () => {
    given().when({ _tag: "CloseCase", caseId: "c-none", at: T("06-01T10:00"), by: "nobody", reason: "other" }).thenRefused("ORG-1")
    const r = given().world.decide({ _tag: "CloseCase", caseId: "c-none", at: T("06-01T10:00"), by: "shakyo", reason: "other" })
    expect(Result.isFailure(r) && r.failure.rule).toBe("PLN-1")
  })
})
