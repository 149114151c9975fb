import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { ExportSink } from "@kitakami-juso/core/adapter"
import { Effect, Stream } from "effect"

const meta: Report.Metadata = { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date(0), planRevision: "2025-04" }
const t = (rows: Report.RowSource, kind: Report.TableKind = "register", personal = false): Report.Table =>
  Report.table({
    id: "t",
    titleJa: "表",
    titleEn: "T",
    kind,
    columns: [Report.column("n", "integer", "数", "N"), Report.column("s", "text", "文", "S", { personal })],
    rows: rows as Report.RowSource<{ n: number | null; s: string | null }>
  })

describe("Report and Exporter helpers (KPI-9, AUD-2)", () => {
  it("KPI-9: a missing cell fits every kind and is not zero; cells are checked by kind without echoing values", () => {
    for (const k of Report.ColumnKind.literals) assert.isUndefined(Report.cellProblem(k, null))
    assert.isUndefined(Report.cellProblem("integer", 0))
    assert.isDefined(Report.cellProblem("integer", 1.5))
    assert.isDefined(Report.cellProblem("decimal", Number.NaN))
    assert.isDefined(Report.cellProblem("date", "2025-02-30"))
    assert.isUndefined(Report.cellProblem("date", "2028-02-29"))
    assert.isDefined(Report.cellProblem("text", "bad \uD800 surrogate"))
    assert.notInclude(Report.cellProblem("integer", "山田太郎") ?? "", "山田")
  })

  it("TIME-1: date-times print in Japan time", () => {
    assert.strictEqual(Report.formatDateTimeJst(new Date("2024-03-31T15:30:00Z")), "2024-04-01T00:30:00+09:00")
  })

  it.effect("AUD-2: validateReport refuses a personal column in an aggregate table", () =>
    Effect.gen(function*() {
      const r = Report.make({ id: "r", titleJa: "r", titleEn: "r", metadata: meta, tables: [t([], "aggregate", true)] })
      const e = yield* Effect.flip(Exporter.validateReport(r))
      assert.deepInclude(e.reason, { _tag: "InvalidReport", table: "t", column: "s" })
      yield* Exporter.validateReport(Report.make({ ...r, tables: [t([], "register", true)] }))
    }))

  it.effect("forEachBatch numbers rows from 1 across batches for arrays, generators, async iterables and streams", () =>
    Effect.gen(function*() {
      const rows = Array.from({ length: 2500 }, (_, i) => ({ n: i, s: null }))
      const sources: Array<Report.RowSource> = [
        rows,
        function*() {
          yield* rows
        },
        async function*() {
          yield* rows
        },
        () => Stream.fromIterable(rows)
      ]
      for (const src of sources) {
        const seen: Array<number> = []
        const count = yield* Exporter.forEachBatch(t(src), (batch, first) =>
          Effect.sync(() => batch.forEach((r, i) => {
            assert.strictEqual(r.n, first + i - 1)
            seen.push(first + i)
          })))
        assert.strictEqual(count, 2500)
        assert.strictEqual(seen.length, 2500)
      }
    }))

  it.effect("writeToSink renames into place on success and leaves nothing on failure", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "sink-")))
      const path = join(dir, "out.txt")
      yield* ExportSink.writeToSink(path, (out) => ExportSink.write(out, "hello"))
      assert.strictEqual(yield* Effect.promise(() => readFile(path, "utf8")), "hello")
      const fail = yield* Effect.flip(
        ExportSink.writeToSink(join(dir, "bad.txt"), (out) =>
          Effect.flatMap(ExportSink.write(out, "partial"), () => Exporter.fail(new Exporter.SinkFailure({ message: "boom" }))))
      )
      assert.strictEqual(fail.reason._tag, "SinkFailure")
      assert.deepStrictEqual(yield* Effect.promise(() => readdir(dir)), ["out.txt"])
      yield* Effect.promise(() => rm(dir, { recursive: true }))
    }))
})
