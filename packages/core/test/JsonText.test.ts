/**
 * AUD-2: a JSON syntax error says where (line, column) and never quotes the text — a CSV of names
 * and addresses passed as JSON must not print them.
 */
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { JsonText } from "../src/index.ts"

const failure = (text: string) => {
  const r = JsonText.parse(text)
  if (Result.isSuccess(r)) throw new Error("expected a syntax error")
  return r.failure
}

describe("JsonText (AUD-2)", () => {
  it("AUD-2: a CSV passed as JSON is refused with line and column, without quoting it", () => {
    const e = failure("山田 太郎,北上市本通り1-2-3\n北上 花子,北上市本通り")
    expect({ line: e.line, column: e.column }).toEqual({ line: 1, column: 1 })
    const printed = `${e.message} ${JSON.stringify(e)} ${String(e)}`
    expect(printed).not.toContain("山田")
    expect(printed).not.toContain("本通り")
  })

  it("AUD-2: the position of the first error, on later lines too", () => {
    expect(failure('[\n  {"a": 1},\n  {"a": 2,}\n]')).toMatchObject({ line: 3, column: 11 })
    expect(failure('{"name": "北上 一郎" "x": 1}')).toMatchObject({ line: 1, column: 18 })
    expect(failure('[1, 2')).toMatchObject({ line: 1, column: 6 })
    expect(failure('{"a": tru}')).toMatchObject({ line: 1, column: 7 })
    expect(failure('"\\q"')).toMatchObject({ line: 1, column: 3 })
    expect(failure('[1] x')).toMatchObject({ line: 1, column: 5 })
  })

  it("AUD-2: agrees with JSON.parse on what is valid, and always points inside or at the end of the text (property)", () => {
    const texts = fc.oneof(
      fc.json(),
      fc.json().chain((j) => fc.tuple(fc.nat(j.length), fc.constantFrom(",", "}", "]", "\"", ":", "x", "")).map(([n, c]) => j.slice(0, n) + c + j.slice(n + 1))),
      fc.string()
    )
    fc.assert(fc.property(texts, (text) => {
      let valid = true
      try {
        JSON.parse(text)
      } catch {
        valid = false
      }
      const r = JsonText.parse(text)
      expect(Result.isSuccess(r)).toBe(valid)
      if (!valid) expect(JsonText.errorOffset(text)).toBeLessThanOrEqual(text.length)
    }), { numRuns: 2000 })
  })

  it("deep nesting is scanned without overflowing the stack", () => {
    expect(failure("[".repeat(200_000))).toMatchObject({ line: 1, column: 200_001 })
  })
})
