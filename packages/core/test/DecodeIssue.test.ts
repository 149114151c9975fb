/**
 * Decode errors for people (PLN-9, AUD-2): the `_tag` picks the command, a mistyped `_tag` names
 * the closest one, unknown keys are refused and named, a bad date says what format is expected,
 * and no message carries a regex, an unrelated union branch or a value of a personal field.
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Command, Contract, DecodeIssue } from "../src/index.ts"

const refer = Contract.examples.ReferCase as Record<string, unknown>
const failure = (input: unknown) => {
  const r = Command.decode(input)
  if (Result.isSuccess(r)) throw new Error("expected a refusal")
  return r.failure
}
const text = (e: Command.InvalidCommand) => JSON.stringify({ message: e.message, issues: e.issues })

describe("decode errors for people", () => {
  it("PLN-9: a mistyped _tag names the closest command instead of listing them all", () => {
    for (const [typo, meant] of [["RefrCase", "ReferCase"], ["refercase", "ReferCase"], ["RecordConsnet", "RecordConsent"], ["HoldMeting", "HoldMeeting"]] as const) {
      const e = failure({ ...refer, _tag: typo })
      expect(e.message).toContain(`did you mean ${meant}?`)
      expect(e.issues).toEqual([{ path: "_tag", message: `unknown command; did you mean ${meant}?` }])
    }
    const far = failure({ ...refer, _tag: "Banana" })
    expect(far.message).not.toContain("did you mean")
    expect(far.message).not.toContain("RecordConsent")
  })

  it("PLN-9: an unknown key is refused and named, nested ones with their path", () => {
    expect(failure({ ...refer, notes: "x" }).issues).toEqual([{ path: "notes", message: "unknown key (未知の項目です)" }])
    const members = [{ ...(refer.members as Array<Record<string, unknown>>)[0], nmae: "北上 一郎" }]
    expect(failure({ ...refer, members }).issues.map((i) => i.path)).toContain("members.0.nmae")
  })

  it("TIME-1: a bad date says which format is expected, without a regex; a date that does not exist is refused", () => {
    for (const at of ["2025/06/01 09:00", "2025-06-01T09:00:00", "2025-02-30T09:00:00+09:00"]) {
      const e = failure({ ...refer, at })
      expect(e.issues[0]!.path).toBe("at")
      expect(e.issues[0]!.message).toContain("ISO 8601")
      expect(e.issues[0]!.message).toContain("2025-06-01T09:00:00+09:00")
      expect(text(e)).not.toMatch(/\^|\\d|\(\?:/)
    }
  })

  it("PLN-9: problems are reported against the command the _tag names, never against other branches", () => {
    const e = failure({ ...refer, caseId: 42 })
    expect(e.message.startsWith("not a valid ReferCase")).toBe(true)
    expect(e.issues.map((i) => i.path)).toEqual(["caseId"])
    expect(text(e)).not.toMatch(/RecordConsent|HoldMeeting|consentId/)
  })

  it("AUD-2: no value of a personal field reaches a message, whatever goes wrong", () => {
    const name = "山田 太郎"
    const address = "北上市本通り1-2-3"
    const inputs: ReadonlyArray<unknown> = [
      `${name},${address}`,
      { ...refer, members: [{ memberId: name, role: address, relation: name, name: 7, address: [address] }] },
      { ...refer, _tag: name },
      { ...refer, [name]: address },
      { ...refer, note: { name } },
      { ...refer, at: name, by: address, caseId: name }
    ]
    for (const input of inputs) {
      const t = text(failure(input))
      expect(t).not.toContain("山田")
      expect(t).not.toContain("本通り")
    }
  })

  it("suggestions are for typos only: the edit distance, and long inputs are never compared", () => {
    expect(DecodeIssue.distance("kitten", "sitting")).toBe(3)
    expect(DecodeIssue.closest("ReferCas", ["ReferCase", "CloseCase"])).toBe("ReferCase")
    expect(DecodeIssue.closest("x".repeat(65), ["x".repeat(65)])).toBeUndefined()
  })
})
