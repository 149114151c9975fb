import { Writable } from "node:stream"
import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { JsonExporter } from "@kitakami-juso/export-json"
import { Effect, Schema } from "effect"
import * as fc from "fast-check"

// The writer stringifies each row's checked cells at once; every row line must be exactly what
// the column kinds' codecs encode (KPI-9), for every value the writer's cell check lets through.
const columns = [
  Report.column("text", "text", "文", "Text"),
  Report.column("integer", "integer", "整数", "Integer"),
  Report.column("decimal", "decimal", "小数", "Decimal"),
  Report.column("percent", "percent", "率", "Percent"),
  Report.column("date", "date", "日付", "Date"),
  Report.column("datetime", "datetime", "日時", "Date-time"),
  Report.column("boolean", "boolean", "真偽", "Boolean")
] as const
const finite = fc.double({ noNaN: true, noDefaultInfinity: true })
const row = fc.record({
  text: fc.option(fc.string({ unit: "grapheme" }), { nil: null }),
  integer: fc.option(fc.maxSafeInteger(), { nil: null }),
  decimal: fc.option(finite, { nil: null }),
  percent: fc.option(finite, { nil: null }),
  date: fc.option(
    fc.date({ min: new Date("0100-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    { nil: null }
  ),
  datetime: fc.option(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }), { nil: null }),
  boolean: fc.option(fc.boolean(), { nil: null })
})

const exportRows = (rows: ReadonlyArray<Report.RowOf<typeof columns>>) =>
  Effect.gen(function*() {
    const chunks: Array<Buffer> = []
    const sink = new Writable({ write: (c: Buffer, _e, done) => void (chunks.push(c), done()) })
    yield* JsonExporter.make().export(
      Report.make({
        id: "r",
        titleJa: "台帳",
        titleEn: "Register",
        metadata: { fiscalYearLabel: "令和7年度", generatedAt: new Date(0), planRevision: "2025-04" },
        tables: [Report.table({ id: "t", titleJa: "台帳", titleEn: "Register", kind: "register", columns, rows })]
      }),
      sink
    )
    return Buffer.concat(chunks).toString("utf8")
  })

describe("JsonExporter row lines", () => {
  it("KPI-9: each row line is the codecs' encoding of its cells, keys in column order", async () => {
    const encoders = columns.map((c) => Schema.encodeSync(JsonExporter.cellCodec(c.kind)))
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), async (rows) => {
      const text = await Effect.runPromise(exportRows(rows))
      const lines = text.split("\n").filter((l) => l.startsWith("{\"text\""))
      assert.strictEqual(lines.length, rows.length)
      rows.forEach((r, i) => {
        const expected = `{${columns.map((c, k) => `${JSON.stringify(c.key)}:${JSON.stringify(encoders[k]!(r[c.key] as never))}`).join(",")}}`
        assert.strictEqual(lines[i]!.replace(/,$/, ""), expected)
      })
    }), { numRuns: 50 })
  })
})
