import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { JsonExporter } from "@kitakami-juso/export-json"
import { Schema } from "effect"
import * as fc from "fast-check"

// The writer's per-cell fast path must write exactly what the column kind's codec writes (KPI-9),
// for every value the writer's cell check lets through.
const values: { readonly [K in Report.ColumnKind]: fc.Arbitrary<Report.CellTypes[K]> } = {
  text: fc.string({ unit: "grapheme" }),
  integer: fc.maxSafeInteger(),
  decimal: fc.double({ noNaN: true, noDefaultInfinity: true }),
  percent: fc.double({ noNaN: true, noDefaultInfinity: true }),
  date: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)).filter((s) => Report.isLocalDate(s)),
  datetime: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
  boolean: fc.boolean()
}

describe("JsonExporter.cellJson", () => {
  for (const kind of Report.ColumnKind.literals) {
    it(`KPI-9: writes what the ${kind} codec encodes, and null for a missing ${kind}`, () => {
      const encode = Schema.encodeSync(JsonExporter.cellCodec(kind))
      fc.assert(fc.property(fc.option(values[kind] as fc.Arbitrary<Report.Cell>, { nil: null }), (v) => {
        assert.strictEqual(JsonExporter.cellJson(kind, v), JSON.stringify(encode(v as never)))
      }))
    })
  }
})
