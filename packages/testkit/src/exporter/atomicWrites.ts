/**
 * Nothing is written after `export` returns (KPI-10): a failed export leaves no file and no
 * temporary file — not even one written late by an asynchronous write — and a successful one
 * leaves exactly the files of its summary, complete. @internal
 */
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { Effect, type Layer, Stream } from "effect"
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"

/** Long enough for any write the exporter left running to land. */
const SETTLE = "300 millis"

const tempDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "juso-atomic-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

const manyRows = (n: number) => Array.from({ length: n }, (_, i) => ({ n: i + 1, text: `行 ${i + 1} ｶﾅ ①` }))

const sourceReport = (kind: "async" | "stream", n: number): Report.Report => {
  const rows = manyRows(n)
  return Report.make({
    id: "atomic",
    titleJa: "書き込み",
    titleEn: "Writes",
    metadata: { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date("2026-04-01T00:00:00Z"), planRevision: "2025-04" },
    tables: [
      Report.table({
        id: "t",
        titleJa: "表",
        titleEn: "Table",
        kind: "register",
        columns: [Report.column("n", "integer", "番号", "No."), Report.column("text", "text", "テキスト", "Text")],
        rows: kind === "async"
          ? async function*() {
            for (const row of rows) {
              if (row.n % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 1))
              yield row
            }
            throw new Error("source lost")
          }
          : () => Stream.fromIterable(rows).pipe(Stream.rechunk(97), Stream.concat(Stream.fail(new Error("source lost"))))
      })
    ]
  })
}

export const register = (layer: Layer.Layer<Exporter.Exporter>, extension: string | undefined, fixture: () => Report.Report): void => {
  describe("writes", () => {
    for (const kind of ["async", "stream"] as const) {
      it.live(`a ${kind === "async" ? "async-iterable" : "stream"} source failing after 3,000 rows leaves nothing in the folder, even ${SETTLE} later`, () =>
        Effect.scoped(Effect.gen(function*() {
          const exporter = yield* Exporter.Exporter
          const dir = yield* tempDir
          const error = yield* Effect.flip(exporter.export(sourceReport(kind, 3000), join(dir, `r${extension ?? exporter.format.extension}`)))
          assert.strictEqual(error.reason._tag, "SourceFailure")
          assert.deepStrictEqual(yield* Effect.promise(() => readdir(dir)), [], "right after the failure")
          yield* Effect.sleep(SETTLE)
          assert.deepStrictEqual(yield* Effect.promise(() => readdir(dir)), [], `${SETTLE} after the failure`)
        })).pipe(Effect.provide(layer)))
    }

    it.live(`a successful export leaves exactly its files, complete when export returns and unchanged ${SETTLE} later`, () =>
      Effect.scoped(Effect.gen(function*() {
        const exporter = yield* Exporter.Exporter
        const dir = yield* tempDir
        const path = join(dir, `r${extension ?? exporter.format.extension}`)
        const summary = yield* exporter.export(fixture(), path)
        const files = summary.files.length > 0 ? summary.files : [path]
        const snapshot = () => Effect.promise(() => Promise.all(files.map((f) => readFile(f))))
        const before = yield* snapshot()
        yield* Effect.sleep(SETTLE)
        assert.deepStrictEqual((yield* Effect.promise(() => readdir(dir))).sort(), files.map((f) => basename(f)).sort(), "no other file (no temporary file)")
        const after = yield* snapshot()
        after.forEach((bytes, i) => assert.isTrue(bytes.equals(before[i]!), `${files[i]} unchanged after export returned`))
      })).pipe(Effect.provide(layer)))
  })
}
