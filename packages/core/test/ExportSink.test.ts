/**
 * AUD-2: export files are private to their owner (0600); a sink path that is not a regular file
 * (a device, a symlink to one) is written in place, never renamed over.
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { it } from "@effect/vitest"
import { ExportSink } from "@kitakami-juso/core/adapter"
import { Effect } from "effect"
import { afterAll, describe, expect } from "vitest"

const dir = mkdtempSync(join(tmpdir(), "juso-sink-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("ExportSink", () => {
  it.effect("AUD-2: a file export is created 0600, whatever the umask allows", () =>
    Effect.gen(function*() {
      const path = join(dir, "report.csv")
      yield* ExportSink.writeToSink(path, (out) => ExportSink.write(out, "a,b\n"))
      expect(readFileSync(path, "utf8")).toBe("a,b\n")
      expect(statSync(path).mode & 0o777).toBe(0o600)
    }))

  it.effect("a device, and a symlink to one, are written in place and stay what they were", () =>
    Effect.gen(function*() {
      yield* ExportSink.writeToSink("/dev/null", (out) => ExportSink.write(out, "x"))
      expect(statSync("/dev/null").isCharacterDevice()).toBe(true)
      const link = join(dir, "out-link")
      symlinkSync("/dev/null", link)
      expect(ExportSink.isSpecialFile(link)).toBe(true)
      yield* ExportSink.writeToSink(link, (out) => ExportSink.write(out, "x"))
      expect(lstatSync(link).isSymbolicLink()).toBe(true)
      expect(statSync("/dev/null").isCharacterDevice()).toBe(true)
    }))
})
