/**
 * The exporter kit's fixture (KPI-9, KPI-10, TIME-1): a report full of awkward values (commas,
 * quotes, CR/LF, emoji, 𠮷, half-width kana, `=`/`＝`-prefixed text, 32,767-character text,
 * empty tables, missing values next to zeros), from every kind of row source. @internal
 */
import { Report } from "@kitakami-juso/core"
import { Stream } from "effect"

/** Excel's cell limit, in UTF-16 code units. */
export const EXCEL_MAX_TEXT = 32_767

export const longText = (n: number): string => {
  const unit = "北上市の重層的支援体制 line\r\n, \"q\" ｶﾅ "
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n)
}

/** Awkward text values the round trip must keep, with a name for failure messages. */
export const awkwardTexts = (charset: "unicode" | "cp932"): ReadonlyArray<string | null> => [
  "plain",
  "comma, inside",
  "say \"hi\", then \"\"bye\"\"",
  "\"",
  ",",
  "line1\r\nline2",
  "lf\nonly",
  "cr\ronly",
  "trailing newline\n",
  "  padded  ",
  "北上市 重層的支援体制整備事業",
  "ｶﾀｶﾅ ﾊﾝｶｸ",
  "＝SUM(A1:A2)",
  "=SUM(A1:A2)",
  "=HYPERLINK(\"http://example.invalid\",\"x\")",
  "+1",
  "-1",
  "@cmd",
  "\tTAB first",
  "\rCR first",
  "'already quoted",
  "",
  null,
  "髙﨑 ① ～ －",
  ...(charset === "unicode" ? ["emoji 😀 family 👨‍👩‍👧", "𠮷野家", "العربية ✓ Ω"] : []),
  longText(EXCEL_MAX_TEXT)
]

const cols = [
  Report.column("n", "integer", "番号", "No."),
  Report.column("text", "text", "テキスト", "Text"),
  Report.column("count", "integer", "件数", "Count"),
  Report.column("amount", "decimal", "数値", "Amount"),
  Report.column("rate", "percent", "割合", "Rate"),
  Report.column("day", "date", "日付", "Date"),
  Report.column("at", "datetime", "日時", "Date-time"),
  Report.column("flag", "boolean", "フラグ", "Flag")
] as const

const integers = [0, -5, 400, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, null, 12, 7]
const decimals = [0, -0.5, 1.5e-7, 123456789.125, 1e21, null, 52.2, 0.1 + 0.2]
const percents = [0, 0.522, 1, null, 0.143, -0.05, 0.6, 1.25]
const days = ["2025-04-01", "2026-03-31", "2028-02-29", null, "1999-12-31"]
const times = [
  new Date("2025-04-10T01:00:00.000Z"),
  new Date("2024-03-31T14:30:00.000Z"),
  new Date("2024-03-31T15:30:00.123Z"),
  null,
  new Date("2028-12-31T23:59:59.000Z")
]
const flags = [true, false, null]

const pick = <A>(xs: ReadonlyArray<A>, i: number): A => xs[i % xs.length]!

/** The rows of the awkward table. */
export const awkwardRows = (charset: "unicode" | "cp932"): ReadonlyArray<Report.RowOf<typeof cols>> =>
  awkwardTexts(charset).map((text, i) => ({
    n: i + 1,
    text,
    count: pick(integers, i),
    amount: pick(decimals, i),
    rate: pick(percents, i),
    day: pick(days, i),
    at: pick(times, i),
    flag: pick(flags, i)
  }))

const metadata: Report.Metadata = {
  fiscalYearLabel: "令和7年度 (FY2025)",
  generatedAt: new Date("2026-04-01T00:00:00.000Z"),
  planRevision: "2025-04 (revised 2026-04)"
}

/** Where the fixture's rows come from. */
export type Source = "array" | "generator" | "async" | "stream"

const sourceOf = <R>(rows: ReadonlyArray<R>, source: Source): Report.RowSource<R> => {
  switch (source) {
    case "array":
      return rows
    case "generator":
      return function*() {
        yield* rows
      }
    case "async":
      return async function*() {
        for (const r of rows) yield r
      }
    case "stream":
      return () => Stream.fromIterable(rows).pipe(Stream.rechunk(3))
  }
}

/** The fixture report: an awkward register, an empty table and a small aggregate table with missing values. */
export const fixture = (charset: "unicode" | "cp932" = "unicode", source: Source = "array"): Report.Report =>
  Report.make({
    id: "conformance",
    titleJa: "適合性テスト",
    titleEn: "Conformance",
    metadata,
    tables: [
      Report.table({
        id: "awkward",
        titleJa: "扱いにくい値",
        titleEn: "Awkward values",
        kind: "register",
        columns: cols,
        rows: sourceOf(awkwardRows(charset), source)
      }),
      Report.table({
        id: "empty",
        titleJa: "空の表",
        titleEn: "Empty table",
        kind: "aggregate",
        columns: [Report.column("label", "text", "項目", "Item"), Report.column("value", "integer", "値", "Value")],
        rows: []
      }),
      Report.table({
        id: "kpi",
        titleJa: "指標",
        titleEn: "Indicators",
        kind: "aggregate",
        columns: [
          Report.column("id", "text", "指標", "Indicator"),
          Report.column("baseline", "decimal", "現状値", "Baseline"),
          Report.column("actual", "integer", "実績値", "Actual")
        ],
        rows: [
          { id: "KPI-1", baseline: null, actual: 0 },
          { id: "KPI-2", baseline: null, actual: null },
          { id: "KPI-5", baseline: 52.2, actual: 0 }
        ]
      })
    ]
  })

export const single = (table: Report.Table, id = "single"): Report.Report =>
  Report.make({ id, titleJa: "単表", titleEn: "Single table", metadata, tables: [table] })

export const textTable = (text: string, kind: Report.TableKind = "register"): Report.Table =>
  Report.table({
    id: "t",
    titleJa: "表",
    titleEn: "Table",
    kind,
    columns: [Report.column("n", "integer", "番号", "No."), Report.column("text", "text", "テキスト", "Text")],
    rows: [{ n: 1, text: "ok" }, { n: 2, text: "ok" }, { n: 3, text }]
  })
