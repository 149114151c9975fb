/**
 * Reports as typed tables (KPI-0, KPI-9, KPI-10, TIME-2, AUD-2).
 *
 * A {@link Report} is what every exporter (CSV, XLSX, JSON, HTML) takes: an id, Japanese and
 * English titles, {@link Metadata} (fiscal-year label, generated-at, plan revision) and one or
 * more {@link Table}s. A table has typed {@link Column}s with Japanese and English labels and its
 * rows as an `Iterable`, an `AsyncIterable` or an Effect `Stream` (or a function returning one,
 * so the same report can be exported more than once), so a 500,000-row register never has to
 * sit in memory.
 *
 * Cells are typed by their column's {@link ColumnKind}:
 *
 * | kind | cell type | notes |
 * |---|---|---|
 * | `text` | `string` | well-formed Unicode |
 * | `integer` | `number` | a safe integer |
 * | `decimal` | `number` | finite |
 * | `percent` | `number` | a **fraction**: `0.522` is 52.2 % |
 * | `date` | `string` | a calendar date `YYYY-MM-DD` (a day in Japan, not an instant) |
 * | `datetime` | `Date` | an instant; exporters print it in Japan time (TIME-1) |
 * | `boolean` | `boolean` | |
 *
 * A missing value is `null` (an absent key reads as `null` too) and is never the same as `0`
 * or `""`: KPI-1…4 have no baseline (KPI-9), which is `null`, not zero.
 *
 * A table is either `aggregate` (counts, rates: no personal data, AUD-2) or a `register`
 * (one row per case, meeting or plan). Columns that hold personal data are flagged
 * `personal: true`; an aggregate table with such a column is refused by every exporter
 * ({@link Exporter.validateReport}).
 *
 * @module
 */
import { DateTime, Schema, Stream } from "effect"
import * as JapanTime from "./JapanTime.ts"

// ---------------------------------------------------------------------------------------------
// Columns and cells
// ---------------------------------------------------------------------------------------------

/** The kinds of cell a column may hold. */
export const ColumnKind = Schema.Literals(["text", "integer", "decimal", "percent", "date", "datetime", "boolean"])
/** The type of {@link ColumnKind}. */
export type ColumnKind = typeof ColumnKind.Type

/** The kinds that hold numbers. */
export const numericKinds: ReadonlySet<ColumnKind> = new Set(["integer", "decimal", "percent"])

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True when `s` is a real calendar date written `YYYY-MM-DD` (no 2025-02-30). */
export const isLocalDate = (s: unknown): s is string => {
  if (typeof s !== "string") return false
  const m = LOCAL_DATE.exec(s)
  if (m === null) return false
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return false
  const dt = new Date(Date.UTC(y, mo - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d
}

/** A calendar date `YYYY-MM-DD`, the cell type of `date` columns. */
export const LocalDate = Schema.String.check(
  Schema.makeFilter((s: string) => isLocalDate(s) ? undefined : "a calendar date written YYYY-MM-DD")
)

/** The cell type of each column kind. */
export interface CellTypes {
  readonly text: string
  readonly integer: number
  readonly decimal: number
  readonly percent: number
  readonly date: string
  readonly datetime: Date
  readonly boolean: boolean
}

/** Any cell value (a missing value is `null`). */
export type Cell = CellTypes[ColumnKind]

/** A column: a stable key, Japanese and English labels, a kind and an optional width in characters. */
export interface Column<K extends string = string, T extends ColumnKind = ColumnKind> {
  readonly key: K
  readonly labelJa: string
  readonly labelEn: string
  readonly kind: T
  /** Display width in characters (XLSX column width, HTML hint). */
  readonly width?: number
  /** The column holds personal data (AUD-2): refused in aggregate tables. */
  readonly personal?: boolean
  /**
   * Decimal places shown for `decimal` and `percent` columns (a percent column's places are of
   * the percentage: 1 → `16.7%`). Text formats (CSV, HTML, terminal) print the value rounded to
   * them, spreadsheets format with them; JSON keeps full precision. Default: percent 1, decimal as is.
   */
  readonly decimals?: number
}

/** Schema of a column, used by the JSON format. */
export const ColumnSchema = Schema.Struct({
  key: Schema.String,
  labelJa: Schema.String,
  labelEn: Schema.String,
  kind: ColumnKind,
  width: Schema.optionalKey(Schema.Finite),
  personal: Schema.optionalKey(Schema.Boolean),
  decimals: Schema.optionalKey(Schema.Int)
})

/** Make a column with its key and kind kept as literal types. */
export const column = <const K extends string, const T extends ColumnKind>(
  key: K,
  kind: T,
  labelJa: string,
  labelEn: string,
  options?: { readonly width?: number; readonly personal?: boolean; readonly decimals?: number }
): Column<K, T> => ({ key, kind, labelJa, labelEn, ...options })

/** A row of an untyped table: cells keyed by column key; `null` (or absent) is missing. */
export type Row = { readonly [key: string]: Cell | null | undefined }

/** The row type of a table with the given columns. */
export type RowOf<Cols extends ReadonlyArray<Column>> = {
  readonly [C in Cols[number] as C["key"]]: CellTypes[C["kind"]] | null
}

/**
 * Where rows come from. A function is called once per export, so a generator or a stream that
 * reads the event store can be exported again.
 */
export type RowSource<R = Row> =
  | Iterable<R>
  | AsyncIterable<R>
  | Stream.Stream<R, unknown>
  | (() => Iterable<R> | AsyncIterable<R> | Stream.Stream<R, unknown>)

/** Aggregate (counts and rates only, AUD-2) or register (one row per record). */
export const TableKind = Schema.Literals(["aggregate", "register"])
/** The type of {@link TableKind}. */
export type TableKind = typeof TableKind.Type

/** A table of a report. */
export interface Table<Cols extends ReadonlyArray<Column> = ReadonlyArray<Column>> {
  /** Stable id: `[A-Za-z0-9_-]{1,64}`; file-name and sheet suffixes derive from it. */
  readonly id: string
  readonly titleJa: string
  readonly titleEn: string
  readonly kind: TableKind
  readonly columns: Cols
  readonly rows: RowSource<RowOf<Cols>>
}

/** Make a table; the rows are type-checked against the columns. */
export const table = <const Cols extends ReadonlyArray<Column>>(table: Table<Cols>): Table => table as unknown as Table

// ---------------------------------------------------------------------------------------------
// Charts (rendered by the HTML exporter, carried by JSON, ignored by CSV and XLSX)
// ---------------------------------------------------------------------------------------------

/** A labelled reference value of a chart (baseline, target). `value: null` = none. */
export const ChartReference = Schema.Struct({
  value: Schema.NullOr(Schema.Finite),
  labelJa: Schema.String,
  labelEn: Schema.String
})
/** The type of {@link ChartReference}. */
export type ChartReference = typeof ChartReference.Type

/**
 * One indicator across the plan period (KPI-10): actual values per category (fiscal year),
 * against its baseline and target, with the better direction.
 */
export const Chart = Schema.Struct({
  id: Schema.String,
  titleJa: Schema.String,
  titleEn: Schema.String,
  unitJa: Schema.String,
  unitEn: Schema.String,
  valueKind: Schema.Literals(["integer", "decimal", "percent"]),
  direction: Schema.Literals(["higher", "lower"]),
  categories: Schema.Array(Schema.Struct({ labelJa: Schema.String, labelEn: Schema.String })),
  actual: Schema.Array(Schema.NullOr(Schema.Finite)),
  baseline: ChartReference,
  target: ChartReference
})
/** The type of {@link Chart}. */
export type Chart = typeof Chart.Type

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/** Report metadata printed by every format. */
export const Metadata = Schema.Struct({
  /** TIME-2: e.g. `令和7年度 (FY2025)` or `令和7年度–令和10年度 (FY2025–FY2028)`. */
  fiscalYearLabel: Schema.String,
  generatedAt: Schema.Date,
  /** Plan revision the report follows, e.g. `2025-04 (revised 2026-04)`. */
  planRevision: Schema.String
})
/** The type of {@link Metadata}. */
export type Metadata = typeof Metadata.Type

/** A report: one or more tables plus optional charts. */
export interface Report {
  /** Stable id: `[A-Za-z0-9_-]{1,64}`. */
  readonly id: string
  readonly titleJa: string
  readonly titleEn: string
  readonly metadata: Metadata
  readonly tables: ReadonlyArray<Table>
  readonly charts?: ReadonlyArray<Chart>
}

/** Make a report. */
export const make = (report: Report): Report => report

/** A report whose rows are plain arrays (what the JSON decoder returns; handy in tests). */
export interface MaterializedTable extends Table {
  readonly rows: ReadonlyArray<{ readonly [key: string]: Cell | null }>
}

/** A report whose tables are all {@link MaterializedTable}s. */
export interface MaterializedReport extends Report {
  readonly tables: ReadonlyArray<MaterializedTable>
}

/** Stable id pattern for reports and tables. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Column key pattern: starts with a letter; letters, digits, `_`, `-`; at most 64. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

// ---------------------------------------------------------------------------------------------
// Cell checks shared by every exporter
// ---------------------------------------------------------------------------------------------

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Why `value` does not fit a column of kind `kind`, or `undefined` when it does. The message
 * names the expected kind only, never the value (AUD-2). `null`/`undefined` (missing) fits
 * every kind.
 */
export const cellProblem = (kind: ColumnKind, value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined
  switch (kind) {
    case "text":
      if (typeof value !== "string") return `expected text, got ${typeof value}`
      return LONE_SURROGATE.test(value) ? "text is not well-formed Unicode (lone surrogate)" : undefined
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) ? undefined : "expected a safe integer"
    case "decimal":
    case "percent":
      return typeof value === "number" && Number.isFinite(value) ? undefined : `expected a finite number (${kind})`
    case "date":
      return isLocalDate(value) ? undefined : "expected a calendar date YYYY-MM-DD"
    case "datetime":
      return value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : "expected a valid Date"
    case "boolean":
      return typeof value === "boolean" ? undefined : "expected a boolean"
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers shared by the text formats
// ---------------------------------------------------------------------------------------------

/**
 * TIME-1: an instant in Japan time, ISO-8601 with offset, e.g. `2025-04-10T10:00:00+09:00`
 * (milliseconds are printed only when not zero). A thin call into `JapanTime`.
 */
export const formatDateTimeJst = (d: Date): string => JapanTime.formatIso(DateTime.fromDateUnsafe(d))

/** The wall-clock time in Japan of an instant, as a `Date` whose UTC fields carry it (for XLSX; `JapanTime.wallClock`). */
export const toJstWallClock = (d: Date): Date => JapanTime.wallClock(DateTime.fromDateUnsafe(d))

/** Inverse of {@link toJstWallClock}. */
export const fromJstWallClock = (d: Date): Date => DateTime.toDateUtc(JapanTime.fromWallClock(d))

/**
 * Move the decimal point of a number's shortest round-tripping decimal form by `shift` places,
 * exactly (no binary floating-point multiplication): `shiftDecimal(0.522, 2)` is `"52.2"`,
 * and `Number(shiftDecimalString("52.2", -2)) === 0.522`.
 */
export const shiftDecimal = (n: number, shift: number): string => shiftDecimalString(String(n), shift)

/** {@link shiftDecimal} on a decimal string (`-1.5e-7`, `12`, `0.5`). */
export const shiftDecimalString = (s: string, shift: number): string => {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim())
  if (m === null) return s
  const sign = m[1] === "-" ? "-" : ""
  const intPart = m[2] ?? ""
  const frac = m[3] ?? ""
  const exp = Number(m[4] ?? "0") + shift
  let digits = intPart + frac
  let point = intPart.length + exp
  // normalise leading zeros
  const lead = /^0*/.exec(digits)![0].length
  digits = digits.slice(lead)
  point -= lead
  digits = digits.replace(/0+$/, "")
  if (digits.length === 0) return "0"
  let out: string
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length)
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`
  return sign + out
}

/**
 * A number as text formats display it (KPI-9): `percent` cells as a percentage with
 * `column.decimals` places (default 1: `16.7`), `decimal` cells with `column.decimals` places when
 * set, otherwise exactly; always plain decimal notation. The `%` sign is the caller's.
 */
export const displayNumber = (column: Column, value: number): string => {
  if (column.kind === "percent") return roundTo(Number(shiftDecimal(value, 2)), column.decimals ?? 1)
  return column.decimals === undefined ? shiftDecimal(value, 0) : roundTo(value, column.decimals)
}

const roundTo = (n: number, places: number): string => {
  const r = n.toFixed(places)
  return /^-0(\.0*)?$/.test(r) ? r.slice(1) : r
}
