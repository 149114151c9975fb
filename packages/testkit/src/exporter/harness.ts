/**
 * The exporter suite's harness: export into a temporary folder, read back, compare, and check a
 * failed export leaves nothing behind (KPI-10, AUD-2). @internal
 */
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert } from "@effect/vitest"
import { Exporter, type Report } from "@kitakami-juso/core"
import { Effect } from "effect"
import type { Capabilities, Exported, SuiteOptions } from "../ExporterConformance.ts"
import { compare } from "./compare.ts"
import * as Formats from "./formats.ts"
import * as Summary from "./summary.ts"

/** Materialise a report's rows (the fixture's sources are small). */
export const materialise = (report: Report.Report): Effect.Effect<ReadonlyArray<ReadonlyArray<Report.Row>>, Exporter.ExportError> =>
  Effect.forEach(report.tables, (t) =>
    Effect.gen(function*() {
      const rows: Array<Report.Row> = []
      yield* Exporter.forEachBatch(t, (batch) => Effect.sync(() => void rows.push(...batch)))
      return rows
    }))

export const tempDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "juso-export-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

const listDir = (dir: string) => Effect.promise(() => readdir(dir))

/** The harness for one exporter's options and declared capabilities. */
export const make = (options: SuiteOptions, caps: Capabilities) => {
  const exportTo = (report: Report.Report, dir: string, file = "report") =>
    Effect.gen(function*() {
      const exporter = yield* Exporter.Exporter
      const path = join(dir, `${file}${options.extension ?? exporter.format.extension}`)
      const summary = yield* exporter.export(report, path)
      return { path, summary }
    })

  const roundTrip = (report: Report.Report, inspect?: (exported: Exported) => Effect.Effect<void>) =>
    Effect.scoped(Effect.gen(function*() {
      const format = (yield* Exporter.Exporter).format
      const dir = yield* tempDir
      const exported = yield* exportTo(report, dir)
      const read = yield* Effect.promise(() => options.reader(exported, report))
      const expected = yield* materialise(report)
      compare(report, expected, read, Formats.effective(caps, format))
      Summary.check(report, expected, exported.summary, format)
      if (inspect !== undefined) yield* inspect(exported)
      return { exported, read }
    }))

  /** Export that must fail: returns the error and checks no file (nor temporary file) is left. */
  const mustFail = (report: Report.Report) =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const error = yield* Effect.flip(exportTo(report, dir))
      assert.deepStrictEqual(yield* listDir(dir), [], "nothing is left in the target folder after a failed export")
      return error
    }))

  return { exportTo, roundTrip, mustFail }
}

/** What {@link make} gives the suite's test groups. */
export type Harness = ReturnType<typeof make>
