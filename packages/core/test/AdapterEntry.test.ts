// Core's main entry bundles for browsers (issue 9): the port, the hashing and the in-memory
// store import no `node:` module; adapter tooling lives behind `@kitakami-juso/core/adapter`.
import { describe, expect, it, vi } from "@effect/vitest"
import * as Core from "@kitakami-juso/core"
import * as Adapter from "@kitakami-juso/core/adapter"
import { hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"
import * as fc from "fast-check"
import { readFileSync } from "node:fs"
import { dirname, join, posix } from "node:path"
import { fileURLToPath } from "node:url"

const src = join(dirname(fileURLToPath(import.meta.url)), "../src")

/** Every import specifier reachable from `module` through relative imports. */
const importsReachable = (module: string): Set<string> => {
  const seen = new Set<string>()
  const external = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(join(src, file), "utf8")
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
      const specifier = match[1]!
      // Relative imports resolve against the importing file's folder (modules live in subfolders too).
      if (specifier.startsWith("./") || specifier.startsWith("../")) visit(posix.normalize(posix.join(posix.dirname(file), specifier)))
      else external.add(specifier)
    }
  }
  visit(module)
  return external
}

describe("core's entries (AUD-1, issue 9)", () => {
  it("the port, EventHash and MemoryEventStore reach no node: module — only effect and @noble/hashes", () => {
    for (const module of ["EventStore.ts", "EventHash.ts", "MemoryEventStore.ts"]) {
      const external = [...importsReachable(module)]
      expect(external.filter((s) => s.startsWith("node:")), module).toEqual([])
      for (const s of external) expect(s === "effect" || s.startsWith("effect/") || s.startsWith("@noble/hashes/"), s).toBe(true)
    }
    // The scan does see node: imports where they are (the adapter entry's Node digests).
    expect(importsReachable("adapter.ts").has("node:crypto")).toBe(true)
  })

  it("adapter tooling is in @kitakami-juso/core/adapter, not the main entry", () => {
    expect(Object.keys(Core)).not.toContain("EventStoreSql")
    expect("validateBatch" in Core.EventStore).toBe(false)
    expect("makeChainVerifier" in Core.EventStore).toBe(false)
    for (const name of ["ChainVerifier", "EventBatch", "EventStoreSql", "EventStoreSqlError", "NodeDigest", "SqlAppend"]) {
      expect(Object.keys(Adapter)).toContain(name)
      expect(Object.keys(Core)).not.toContain(name)
    }
  })

  it("AUD-1: the runtime's digests equal the pure ones, keyed and unkeyed, so a chain verifies anywhere", async () => {
    // `EventHash` takes Node's own SHA-256 and HMAC here; `@noble/hashes` is what browsers get.
    const pureUnkeyed = (text: string) => bytesToHex(sha256(utf8ToBytes(text)))
    const pureKeyed = (key: string | Uint8Array, text: string) =>
      bytesToHex(hmac(sha256, typeof key === "string" ? utf8ToBytes(key) : key, utf8ToBytes(text)))
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 200 }), (text, key, bytes) =>
      Core.EventHash.unkeyed.hex(text) === pureUnkeyed(text)
      && Core.EventHash.keyed(key).hex(text) === pureKeyed(key, text)
      && Core.EventHash.keyed(bytes).hex(text) === pureKeyed(bytes, text)
    ))
    // Without the runtime's digests (a browser), the module falls back to `@noble/hashes`.
    const getBuiltinModule = process.getBuiltinModule
    vi.resetModules()
    process.getBuiltinModule = (() => undefined) as typeof process.getBuiltinModule
    let Pure: typeof Core.EventHash
    try {
      Pure = await import("../src/EventHash.ts")
    } finally {
      process.getBuiltinModule = getBuiltinModule
      vi.resetModules()
    }
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), fc.string({ minLength: 1 }), (text, key) =>
      Pure.unkeyed.hex(text) === Core.EventHash.unkeyed.hex(text) && Pure.keyed(key).hex(text) === Core.EventHash.keyed(key).hex(text)
    ))
    // Known vectors, in both: SHA-256 of "abc"; HMAC-SHA-256 (RFC 4231, test cases 2 and 6: a key
    // longer than SHA-256's block is hashed first).
    const long = new Uint8Array(131).fill(0xaa)
    const message = "Test Using Larger Than Block-Size Key - Hash Key First"
    for (const EventHash of [Core.EventHash, Pure]) {
      expect(EventHash.unkeyed.hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
      expect(EventHash.keyed("Jefe").hex("what do ya want for nothing?"))
        .toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
      expect(EventHash.keyed(long).hex(message)).toBe("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
      expect(() => EventHash.keyed("")).toThrow()
      expect(() => EventHash.keyed(new Uint8Array(0))).toThrow()
    }
    // The key's bytes are taken when the digest is made: changing them afterwards changes nothing.
    const mutable = new Uint8Array([1, 2, 3])
    const digest = Core.EventHash.keyed(mutable)
    const before = digest.hex("x")
    mutable[0] = 9
    expect(digest.hex("x")).toBe(before)
    // The adapter entry's `NodeDigest` (deprecated) is the same functions.
    expect(Adapter.NodeDigest.unkeyed).toBe(Core.EventHash.unkeyed)
    expect(Adapter.NodeDigest.keyed).toBe(Core.EventHash.keyed)
    expect(Adapter.NodeDigest.digestFor).toBe(Core.EventHash.digestFor)
  })

  it("AUD-1: a keyed chain differs from the unkeyed one and from another key's", () => {
    const e = { stream: "case-1", version: 1, eventId: "e1", type: "T", payload: { a: 1 }, metadata: null, recordedAt: "2026-01-01T00:00:00.000Z" }
    const plain = Core.EventHash.hashEvent("", e)
    const keyed = Core.EventHash.hashEvent("", e, Core.EventHash.keyed("k1"))
    expect(keyed).not.toBe(plain)
    expect(Core.EventHash.hashEvent("", e, Core.EventHash.keyed("k2"))).not.toBe(keyed)
    expect(Core.EventHash.hashEncoded("", { ...e, payload: "{\"a\":1}" }, Core.EventHash.keyed("k1"))).toBe(keyed)
  })
})

describe("EventBatch.utf8Bytes (the unit of MAX_EVENT_BYTES)", () => {
  it("equals the UTF-8 encoding's length for every well-formed string", () => {
    const encoder = new TextEncoder()
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => Adapter.EventBatch.utf8Bytes(s) === encoder.encode(s).length))
    expect(Adapter.EventBatch.utf8Bytes("a\u00e9あ𠮷ｶ")).toBe(1 + 2 + 3 + 4 + 3)
  })
})
