/**
 * The row writer writes number cells through `byteWriter(...).number`, not `String(n)` (see
 * `internal/byteWriter.ts`): the bytes must be `String(n)`'s for any number a checked cell holds
 * (finite: integers, fractions, negative, tiny and huge ones in exponent form, -0).
 */
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { byteWriter } from "../src/internal/byteWriter.ts"

/** What `number(n)` writes, through chunks of `size` bytes (so values are split across chunk ends too). */
const written = (ns: ReadonlyArray<number>, size: number): string => {
  const out: Array<Buffer> = []
  const w = byteWriter(() => Buffer.alloc(size), (chunk, length) => out.push(chunk.subarray(0, length)))
  for (const n of ns) {
    w.number(n)
    w.bytes(Buffer.from(","))
  }
  w.flush()
  return Buffer.concat(out).toString("latin1")
}

describe("XlsxExporter byte writer", () => {
  it("number(n) writes String(n) for any finite number", () => {
    const finite = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.constantFrom(0, -0, 0.1, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_VALUE, Number.MIN_VALUE)
    )
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 30 }), fc.integer({ min: 32, max: 256 }), (ns, size) => {
        assert.strictEqual(written(ns, size), ns.map((n) => `${String(n)},`).join(""))
      }),
      { numRuns: 500 }
    )
  })
})
