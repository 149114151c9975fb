/**
 * Escaping (KPI-10, AUD-2): labels and text full of the format's special characters — `,` `"`
 * bare CR, LF, `<` `&` — round-trip through the independent reader,
 * and the raw file is checked (no literal character references in the texts: exceljs' reader
 * decodes them twice): in CSV a field with CR, LF, `,` or `"` is quoted and numbers
 * and booleans never are; in HTML no text becomes markup. @internal
 */
import { assert, describe, it } from "@effect/vitest"
import { Exporter, Report } from "@kitakami-juso/core"
import { parse as parseCsv } from "csv-parse/sync"
import { Effect, type Layer } from "effect"
import iconv from "iconv-lite"
import { readFile } from "node:fs/promises"
import { isCsv, isHtml } from "./formats.ts"

/** Text that breaks a careless writer of any format. */
export const specialTexts: ReadonlyArray<string> = [
  "bare\rCR",
  "a, b",
  "say \"x\"",
  "<b>bold</b> <script>alert(1)</script>",
  "AT&T & co; R&D",
  "x < y > z & w",
  "]]> <!-- -->",
  "line\nfeed"
]

/** A register whose labels and cells hold {@link specialTexts}; numbers and booleans beside them. */
export const escapingReport = (): Report.Report =>
  Report.make({
    id: "escaping",
    titleJa: "エスケープ <確認> & \"引用\"",
    titleEn: "Escaping <check> & \"quotes\"",
    metadata: {
      fiscalYearLabel: "令和7年度 (FY2025)",
      generatedAt: new Date("2026-04-01T00:00:00.000Z"),
      planRevision: "2025-04 <rev> & co"
    },
    tables: [
      Report.table({
        id: "escaping",
        titleJa: "特殊文字 <表> & 一覧",
        titleEn: "Special <table> & list",
        kind: "register",
        columns: [
          Report.column("n", "integer", "番号, No", "No., n"),
          Report.column("text", "text", "本文 \"引用\" <b>& c", "Text \"q\" <i>"),
          Report.column("amount", "decimal", "金額\r\n(円)", "Amount\n(yen)"),
          Report.column("flag", "boolean", "可否 & <可>", "Flag & <ok>")
        ],
        rows: specialTexts.map((text, i) => ({ n: i + 1, text, amount: i * 1.5 - 2, flag: i % 2 === 0 }))
      })
    ]
  })

interface CsvField {
  readonly value: string
  readonly quoted: boolean
}

/** Read the raw CSV fields with their quoting (any of the exporter's encodings). */
const rawCsv = async (path: string): Promise<ReadonlyArray<ReadonlyArray<CsvField>>> => {
  const bytes = await readFile(path)
  const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(bytes)
  const text = utf8.includes("\ufffd") ? iconv.decode(bytes, "cp932") : utf8.replace(/^\ufeff/, "")
  return parseCsv(text, {
    record_delimiter: "\r\n",
    relax_column_count: true,
    cast: (value: string, context: { readonly quoting: boolean }) => ({ value, quoted: context.quoting })
  }) as unknown as Array<Array<CsvField>>
}

export const register = (layer: Layer.Layer<Exporter.Exporter>, roundTrip: RoundTrip): void => {
  describe("escaping", () => {
    it.effect("labels, titles and text with , \" bare CR, LF, < and & round-trip through the reader", () =>
      Effect.asVoid(roundTrip(escapingReport())).pipe(Effect.provide(layer)))

    it.effect("the raw file: CSV quotes every field with CR, LF, , or \" (header too) and never a number or boolean; HTML turns no text into markup", () =>
      Effect.gen(function*() {
        const exporter = yield* Exporter.Exporter
        const report = escapingReport()
        const table = report.tables[0]!
        yield* roundTrip(report, (exported) => Effect.gen(function*() {
          if (isCsv(exporter.format)) {
            const records = yield* Effect.promise(() => rawCsv(exported.path))
            const headerRows = records.length - specialTexts.length
            records.forEach((record, r) => {
              record.forEach((field, c) => {
                const where = `record ${r + 1}, field ${c + 1}`
                if (/[\r\n,"]/.test(field.value)) assert.isTrue(field.quoted, `${where}: a field holding CR, LF, , or " is quoted`)
                const kind = table.columns[c]?.kind
                if (r >= headerRows && (kind === "integer" || kind === "decimal" || kind === "boolean")) {
                  assert.isFalse(field.quoted, `${where}: a ${kind} is not quoted (a quoted number is text to a spreadsheet)`)
                }
              })
            })
          }
          if (isHtml(exporter.format)) {
            const html = yield* Effect.promise(() => readFile(exported.path, "utf8"))
            for (const markup of ["<b>bold</b>", "<script>alert(1)</script>", "<表>", "<確認>", "<rev>", "<可>", "<i>"]) {
              assert.notInclude(html, markup, "text is escaped, never markup")
            }
            assert.notInclude(html, "AT&T", "& in text is written as &amp;")
            assert.include(html, "AT&amp;T")
            assert.include(html, "&lt;script&gt;")
          }
        }))
      }).pipe(Effect.provide(layer)))
  })
}

/** The suite's round trip: export, read back with the reader, compare cell by cell. */
export type RoundTrip = (
  report: Report.Report,
  /** Look at the exported file(s) before they are removed. */
  inspect?: (exported: { readonly path: string; readonly summary: Exporter.ExportSummary }) => Effect.Effect<void>
) => Effect.Effect<
  { readonly exported: { readonly path: string; readonly summary: Exporter.ExportSummary } },
  Exporter.ExportError,
  Exporter.Exporter
>
