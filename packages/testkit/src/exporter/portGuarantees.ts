/**
 * The exporter port's guarantees (KPI-9, KPI-10, AUD-2): the fixture round-trips from every row
 * source, missing stays missing, empty tables keep their header, text the format cannot hold
 * fails with `Unencodable`, bad reports and failing sources or sinks fail typed without echoing
 * values and leave no file, and a stream sink gets the same report. @internal
 */
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PassThrough } from "node:stream"
import { assert, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { Effect, type Layer, Stream } from "effect"
import type { Capabilities, SuiteOptions } from "../ExporterConformance.ts"
import { compare } from "./compare.ts"
import { EXCEL_MAX_TEXT, fixture, longText, single, textTable } from "./fixture.ts"
import * as Formats from "./formats.ts"
import { type Harness, materialise, tempDir } from "./harness.ts"

/** Register the port's guarantees for one exporter layer, inside the suite's `describe`. */
export const register = (
  layer: Layer.Layer<Exporter.Exporter>,
  options: SuiteOptions,
  caps: Capabilities,
  harness: Harness
): void => {
  const charset = caps.charset ?? "unicode"
  const { roundTrip, mustFail } = harness

  it.effect("KPI-10: the fixture report round-trips cell by cell through an independent reader", () =>
    roundTrip(fixture(charset)).pipe(Effect.provide(layer)))

  for (const source of ["generator", "async", "stream"] as const) {
    it.effect(`rows from ${source === "async" ? "an async iterable" : `a ${source}`} read back like rows from an array`, () =>
      roundTrip(fixture(charset, source)).pipe(Effect.provide(layer)))
  }

  it.effect("KPI-9: a missing value reads back as missing, never as zero or empty text", () =>
    Effect.gen(function*() {
      const { read } = yield* roundTrip(fixture(charset))
      const kpi = read[2]!
      assert.deepStrictEqual(kpi.rows.map((r) => [r[1] ?? null, r[2] ?? null]), [[null, 0], [null, null], [52.2, 0]])
    }).pipe(Effect.provide(layer)))

  it.effect("an empty table exports its header and reads back with no rows", () =>
    Effect.gen(function*() {
      const { read } = yield* roundTrip(fixture(charset))
      assert.strictEqual(read[1]!.rows.length, 0)
      assert.deepStrictEqual(read[1]!.headerJa, ["項目", "値"])
    }).pipe(Effect.provide(layer)))

  it.effect("the same report exports twice from a row-source function", () =>
    Effect.gen(function*() {
      const report = fixture(charset, "generator")
      yield* roundTrip(report)
      yield* roundTrip(report)
    }).pipe(Effect.provide(layer)))

  if (caps.maxTextLength !== undefined) {
    const max = caps.maxTextLength
    it.effect(`text longer than ${max} characters fails with Unencodable naming table, row and column`, () =>
      Effect.gen(function*() {
        const error = yield* mustFail(single(textTable("長".repeat(max + 1))))
        assert.strictEqual(error.reason._tag, "Unencodable")
        assert.deepInclude(error.reason, { table: "t", row: 3, column: "text" })
      }).pipe(Effect.provide(layer)))
  } else {
    it.effect("text longer than Excel's 32,767-character cell limit round-trips whole", () =>
      roundTrip(single(textTable(longText(EXCEL_MAX_TEXT * 2 + 5)))).pipe(Effect.provide(layer)))
  }

  if (charset === "cp932") {
    for (const [label, text] of [["an emoji", "絵文字 😀"], ["𠮷 (outside JIS X 0208)", "𠮷野家"]] as const) {
      it.effect(`text with ${label} fails with Unencodable naming table, row and column, and writes nothing`, () =>
        Effect.gen(function*() {
          const error = yield* mustFail(single(textTable(text)))
          assert.strictEqual(error.reason._tag, "Unencodable")
          assert.deepInclude(error.reason, { table: "t", row: 3, column: "text" })
          assert.notInclude(error.message, text, "AUD-2: the value is not echoed")
        }).pipe(Effect.provide(layer)))
    }
  }

  it.effect("AUD-2: a cell of the wrong kind fails with InvalidReport naming table, row and column, without echoing the value", () =>
    Effect.gen(function*() {
      const secret = "山田太郎 北上市本通り1-2-3"
      const error = yield* mustFail(single(Report.table({
        id: "t",
        titleJa: "表",
        titleEn: "Table",
        kind: "register",
        columns: [Report.column("n", "integer", "番号", "No."), Report.column("count", "integer", "件数", "Count")],
        rows: [{ n: 1, count: 1 }, { n: 2, count: secret as unknown as number }]
      })))
      assert.strictEqual(error.reason._tag, "InvalidReport")
      assert.deepInclude(error.reason, { table: "t", row: 2, column: "count" })
      assert.notInclude(error.message, "山田")
      assert.notInclude(JSON.stringify(error), "山田")
    }).pipe(Effect.provide(layer)))

  it.effect("AUD-2: an aggregate table with a personal column is refused before anything is written", () =>
    Effect.gen(function*() {
      const error = yield* mustFail(single(Report.table({
        id: "agg",
        titleJa: "集計",
        titleEn: "Aggregate",
        kind: "aggregate",
        columns: [Report.column("name", "text", "氏名", "Name", { personal: true }), Report.column("n", "integer", "件数", "Count")],
        rows: [{ name: "山田太郎", n: 1 }]
      })))
      assert.strictEqual(error.reason._tag, "InvalidReport")
      assert.deepInclude(error.reason, { table: "agg", column: "name" })
    }).pipe(Effect.provide(layer)))

  it.effect("a failing row source fails with SourceFailure and leaves no file", () =>
    Effect.gen(function*() {
      const error = yield* mustFail(single(Report.table({
        id: "t",
        titleJa: "表",
        titleEn: "Table",
        kind: "register",
        columns: [Report.column("n", "integer", "番号", "No.")],
        rows: () =>
          Stream.fromIterable([{ n: 1 }, { n: 2 }]).pipe(Stream.concat(Stream.fail(new Error("store down"))))
      })))
      assert.strictEqual(error.reason._tag, "SourceFailure")
    }).pipe(Effect.provide(layer)))

  it.effect("invalid ids and duplicate column keys are refused with InvalidReport", () =>
    Effect.gen(function*() {
      const bad = Report.make({ ...single(textTable("x")), id: "no spaces allowed" })
      assert.strictEqual((yield* mustFail(bad)).reason._tag, "InvalidReport")
      const dup = single(Report.table({
        id: "t",
        titleJa: "表",
        titleEn: "Table",
        kind: "register",
        columns: [Report.column("n", "integer", "番号", "No."), Report.column("n", "text", "番号2", "No. 2")],
        rows: []
      }))
      assert.strictEqual((yield* mustFail(dup)).reason._tag, "InvalidReport")
    }).pipe(Effect.provide(layer)))

  it.effect("a sink in a missing folder fails with SinkFailure", () =>
    Effect.gen(function*() {
      const exporter = yield* Exporter.Exporter
      const error = yield* Effect.flip(exporter.export(single(textTable("x")), join(tmpdir(), "juso-no-such-dir", "x", "r.out")))
      assert.strictEqual(error.reason._tag, "SinkFailure")
    }).pipe(Effect.provide(layer)))

  it.effect("a Node writable stream sink receives the same report and is ended", () =>
    Effect.scoped(Effect.gen(function*() {
      const exporter = yield* Exporter.Exporter
      const report = caps.multiTableStream === false ? single(textTable("streamed, \"sink\"")) : fixture(charset)
      const sink = new PassThrough()
      const chunks: Array<Buffer> = []
      sink.on("data", (c: Buffer) => chunks.push(c))
      const summary = yield* exporter.export(report, sink)
      assert.isTrue(sink.writableEnded)
      assert.deepStrictEqual(summary.files, [])
      const dir = yield* tempDir
      const path = join(dir, `streamed${options.extension ?? exporter.format.extension}`)
      yield* Effect.promise(() => import("node:fs/promises").then((fs) => fs.writeFile(path, Buffer.concat(chunks))))
      const read = yield* Effect.promise(() => options.reader({ path, summary: { ...summary, files: [path] } }, report))
      compare(report, yield* materialise(report), read, Formats.effective(caps, exporter.format))
    })).pipe(Effect.provide(layer)))
}
