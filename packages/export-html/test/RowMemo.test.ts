import { Writable } from "node:stream"
import { assert, describe, it } from "@effect/vitest"
import { Report } from "@kitakami-juso/core"
import { HtmlExporter } from "@kitakami-juso/export-html"
import { Effect } from "effect"

// The row writer remembers each column's cells by value; what it writes must not depend on it.
const columns = [Report.column("n", "decimal", "値", "Value"), Report.column("t", "text", "状態", "Status")] as const

const exportRows = (rows: ReadonlyArray<Report.RowOf<typeof columns>>) =>
  Effect.gen(function*() {
    const chunks: Array<Buffer> = []
    const sink = new Writable({ write: (c: Buffer, _e, done) => void (chunks.push(c), done()) })
    yield* HtmlExporter.make().export(
      Report.make({
        id: "r",
        titleJa: "台帳",
        titleEn: "Register",
        metadata: { fiscalYearLabel: "令和7年度", generatedAt: new Date(0), planRevision: "2025-04" },
        tables: [Report.table({ id: "t", titleJa: "台帳", titleEn: "Register", kind: "register", columns, rows })]
      }),
      sink
    )
    const html = Buffer.concat(chunks).toString("utf8")
    return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) => m[1]!)
  })

describe("HtmlExporter row writing", () => {
  it.effect("-0 and 0 keep their own text, in either order (a Map does not tell them apart)", () =>
    Effect.gen(function*() {
      const rows = yield* exportRows([{ n: 0, t: "a" }, { n: -0, t: "a" }, { n: -0, t: "a" }, { n: 0, t: "a" }])
      const shown = rows.map((r) => /<data value="[^"]*">([^<]*)<\/data>/.exec(r)![1])
      assert.deepStrictEqual(shown, ["0", "-0", "-0", "0"])
    }))

  it.effect("a column with more distinct values than the memo holds is still written cell by cell", () =>
    Effect.gen(function*() {
      const input = Array.from({ length: 3000 }, (_, i) => ({ n: i % 5, t: `v${i}<&>` }))
      const rows = yield* exportRows(input)
      assert.strictEqual(rows.length, 3000)
      rows.forEach((r, i) => assert.include(r, `<td>v${i}&lt;&amp;&gt;</td>`))
    }))

  it.effect("a bad cell after the same value was written well still fails with its own row (AUD-2: no value in the message)", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(exportRows([{ n: 1, t: "ok" }, { n: 1, t: "\uD800" }]))
      assert.isTrue(exit._tag === "Failure")
      assert.match(String(exit), /row 2, column t/)
    }))
})
