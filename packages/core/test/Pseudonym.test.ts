import { createHmac, randomBytes } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Pseudonym } from "@kitakami-juso/core"
import * as fc from "fast-check"

const key = Pseudonym.makeKey(randomBytes(32))

describe("Pseudonym (ACC-1, ACC-2, AUD-2)", () => {
  it("AUD-2: a pseudonym is stable for one export key", () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), (caseId) => {
      assert.strictEqual(Pseudonym.make(key)(caseId), Pseudonym.make(key)(caseId))
    }))
  })

  it("AUD-2: pseudonyms differ between export keys and between cases (registers given to different recipients cannot be joined)", () => {
    const other = Pseudonym.makeKey(randomBytes(32))
    const a = Pseudonym.make(key)
    const b = Pseudonym.make(other)
    const ids = Array.from({ length: 2000 }, (_, i) => `case-${i}`)
    assert.strictEqual(new Set(ids.map(a)).size, ids.length, "no collisions among 2,000 cases")
    assert.isTrue(ids.every((id) => a(id) !== b(id)))
  })

  it("AUD-2: not reversible without the key: it is HMAC-SHA-256 truncated, reveals nothing of the id, and a guess cannot be checked with another key", () => {
    const p = Pseudonym.make(key)("case-0042")
    assert.match(p, /^p-[0-9a-f]{16}$/)
    // Without the key (any other key) a guessed case id never reproduces the pseudonym.
    for (let i = 0; i < 200; i++) {
      const guessKey = Pseudonym.makeKey(randomBytes(32))
      assert.notStrictEqual(Pseudonym.make(guessKey)("case-0042"), p)
    }
    // And the pseudonym is exactly the keyed hash, so only the key holder can recompute it.
    const secret = randomBytes(32)
    assert.strictEqual(
      Pseudonym.make(Pseudonym.makeKey(secret))("case-0042"),
      "p-" + createHmac("sha256", secret).update("case-0042").digest("hex").slice(0, 16)
    )
  })

  it("AUD-2: the key never prints", () => {
    const k = Pseudonym.makeKey("a secret export key that is long enough")
    assert.notInclude(String(k), "secret")
    assert.notInclude(JSON.stringify({ k }), "secret")
    assert.throws(() => Pseudonym.makeKey("short"), /at least 16 bytes/)
  })
})
