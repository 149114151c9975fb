/**
 * HTML exporter for kitakami-juso reports: one self-contained file, printable on A4
 * (KPI-0, KPI-9, KPI-10, TIME-2, AUD-2).
 *
 * - **Self-contained**: inline CSS and inline SVG; no script, no external fetch (no fonts,
 *   images or style sheets from elsewhere), so it opens offline and can be mailed or archived.
 * - **Charts**: each {@link Report.Chart} (the indicator reports carry one per KPI) is drawn as an
 *   SVG bar chart of the actual values across the plan period FY2025–FY2028 (KPI-10) with its
 *   baseline (FY2023, dotted; "none" is said in words, never drawn as zero, KPI-9) and its target
 *   (FY2028, dashed), and the better direction (KPI-8 improves as it falls).
 * - **Tables**: one per report table, Japanese headers with the English label beneath. Cells are
 *   machine-readable as well as printed: numbers as `<data value="0.522">52.2%</data>`, dates as
 *   `<time datetime="2025-04-01">`, a missing value as `<td data-missing>` printed `—`; text keeps
 *   its line breaks (`white-space: pre-wrap`; CR is written `&#13;` so no HTML parser folds it).
 * - **Print**: `@page { size: A4 }`, charts never split across pages (`break-inside: avoid`),
 *   SVGs scale to the page width (viewBox), table headers repeat on each page, long text wraps.
 *   Tables have a fixed layout with column shares from their widths ({@link colgroup}); a table
 *   too wide for portrait ({@link isWide}) prints on A4 landscape pages (`@page wide`).
 * - Labels are Japanese with English (`lang="en"` spans); years print as `令和7年度 (FY2025)` (TIME-2).
 *
 * @module
 */
import { Exporter, Report } from "@kitakami-juso/core"
import { ExportSink } from "@kitakami-juso/core/adapter"
import { Effect, Layer } from "effect"

/** Options of the HTML exporter. */
export interface Options {
  /** Extra text under the title (escaped). */
  readonly subtitle?: string
}

/** The format written. */
export const format: Exporter.FormatInfo = { id: "html", extension: ".html", mediaType: "text/html" }

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "\r": "&#13;" }

const NEEDS_ESCAPE = /[&<>"'\r]/

/** Escape text for HTML content and attribute values (CR as `&#13;`, which HTML parsers keep). */
export const escape = (s: string): string => NEEDS_ESCAPE.test(s) ? s.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!) : s

// C0 controls other than TAB, LF, CR (and U+FFFE/U+FFFF) are not allowed in HTML text.
const HTML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/

const numberFormat = new Intl.NumberFormat("ja-JP", { maximumFractionDigits: 20 })

/** A number printed for people (`1,234.5`). */
export const formatNumber = (n: number): string => numberFormat.format(n)

const percentFormat = new Intl.NumberFormat("ja-JP", { maximumFractionDigits: 1 })

/**
 * A fraction printed as a percentage for people, to one decimal (`0.522` → `52.2%`,
 * `0.41666…` → `41.7%`); the exact value stays in the cell's `<data value>`.
 */
export const formatPercent = (n: number): string => `${percentFormat.format(Number(Report.shiftDecimal(n, 2)))}%`

const formatValue = (kind: "integer" | "decimal" | "percent", v: number): string =>
  kind === "percent" ? formatPercent(v) : formatNumber(v)

const pad = (n: number) => String(n).padStart(2, "0")

/** TIME-1: a date-time printed in Japan time, `2025-04-10 10:00 JST`. */
export const formatJst = (d: Date): string => {
  const j = Report.toJstWallClock(d)
  return `${j.getUTCFullYear()}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())} ${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}${
    j.getUTCSeconds() === 0 && j.getUTCMilliseconds() === 0 ? "" : `:${pad(j.getUTCSeconds())}`
  } JST`
}

// ---------------------------------------------------------------------------------------------
// Style
// ---------------------------------------------------------------------------------------------

/** The inline style sheet. */
export const CSS = `
:root { --ink: #1d2733; --muted: #5b6673; --line: #c9d3df; --head: #e3ebf6; --bar: #3b6fb6; --target: #c0392b; --base: #6b7b8c; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: var(--ink); font-size: 11pt; line-height: 1.5; }
body { margin: 0 auto; padding: 16px; max-width: 1100px; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 20px 0 6px; border-bottom: 2px solid var(--line); }
.en { color: var(--muted); font-weight: normal; font-size: 0.85em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 12px; font-size: 9.5pt; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px; }
figure.chart { margin: 0; padding: 6px 8px; border: 1px solid var(--line); border-radius: 4px; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-size: 9.5pt; font-weight: bold; line-height: 1.35; min-height: 2.7em; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart p.note { margin: 2px 0 0; font-size: 8pt; color: var(--muted); }
svg text { font-family: inherit; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: 3px 5px; vertical-align: top; }
thead th { background: var(--head); text-align: left; }
thead th .en { display: block; font-size: 8pt; }
th { overflow-wrap: anywhere; }
td { white-space: pre-wrap; overflow-wrap: anywhere; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td[data-missing] { color: var(--muted); text-align: center; }
footer { margin-top: 16px; font-size: 8pt; color: var(--muted); font-weight: normal; }
@page { size: A4; margin: 12mm; }
@page wide { size: A4 landscape; margin: 12mm; }
@media print {
  html { font-size: 9.5pt; }
  body { padding: 0; max-width: none; }
  .charts { gap: 6px; }
  .charts-section + section.table { break-before: page; page-break-before: always; }
  section.table.wide { page: wide; }
  table { font-size: 8pt; }
  th, td { padding: 2px 3px; }
  thead th .en { font-size: 6.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  footer { break-before: avoid; page-break-before: avoid; }
}
`

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

const W = 320
const H = 190
const M = { left: 40, right: 10, top: 14, bottom: 40 }

/** A "nice" tick step (1, 2, 2.5 or 5 × 10ⁿ) at or above `v`. */
const niceStep = (v: number): number => {
  if (!(v > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * (1 - 1e-12)) return m * p
  return 10 * p
}

/** Round away binary noise (0.1 × 3 → 0.3) before printing an axis tick. */
const tidy = (v: number): number => Number(v.toPrecision(10))

/** A white outline under a label, so a reference line or grid line crossing it never hides it. */
const HALO = ` stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`

/** One chart as inline SVG (with its caption and notes) inside a `<figure>`. */
export const renderChart = (chart: Report.Chart): string => {
  const values = [...chart.actual.filter((v): v is number => v !== null), chart.baseline.value ?? 0, chart.target.value ?? 0]
  // The axis ends at the first nice value at or above the larger of target and actual, so small
  // actuals stay visible (not at twice the target).
  let step = niceStep(Math.max(...values) / 4)
  if (chart.valueKind === "integer") step = Math.max(1, Math.ceil(step))
  const max = step * 4
  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const y = (v: number) => M.top + plotH - (Math.max(0, v) / max) * plotH
  const n = Math.max(1, chart.categories.length)
  const slot = plotW / n
  const barW = Math.min(36, slot * 0.55)
  const fmt = (v: number) => formatValue(chart.valueKind, v)
  const parts: Array<string> = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escape(`${chart.titleJa} / ${chart.titleEn}`)}">`
  )
  // grid and axis
  for (let i = 0; i <= 4; i++) {
    const v = tidy(step * i)
    const yy = y(v).toFixed(1)
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#e3e8ee" stroke-width="1"/>`)
    parts.push(`<text x="${M.left - 4}" y="${(+yy + 3).toFixed(1)}" font-size="9" text-anchor="end" fill="#5b6673">${escape(fmt(v))}</text>`)
  }
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(0)}" y2="${y(0)}" stroke="#8a96a3" stroke-width="1"/>`)
  // bars
  chart.categories.forEach((c, i) => {
    const cx = M.left + slot * i + slot / 2
    const v = chart.actual[i] ?? null
    if (v !== null) {
      const top = y(v)
      parts.push(
        `<rect x="${(cx - barW / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${
          (y(0) - top).toFixed(1)
        }" fill="#3b6fb6"/>`
      )
      parts.push(`<text x="${cx.toFixed(1)}" y="${(top - 3).toFixed(1)}" font-size="9.5" text-anchor="middle" font-weight="bold"${HALO}>${escape(fmt(v))}</text>`)
    } else {
      parts.push(`<text x="${cx.toFixed(1)}" y="${(y(0) - 4).toFixed(1)}" font-size="8" text-anchor="middle" fill="#5b6673">未集計</text>`)
    }
    parts.push(`<text x="${cx.toFixed(1)}" y="${(H - M.bottom + 12).toFixed(1)}" font-size="9" text-anchor="middle">${escape(c.labelJa)}</text>`)
    parts.push(`<text x="${cx.toFixed(1)}" y="${(H - M.bottom + 22).toFixed(1)}" font-size="8" text-anchor="middle" fill="#5b6673">${escape(c.labelEn)}</text>`)
  })
  // reference lines
  // When the two lines are close, the lower one's label goes below its line so they never overlap.
  const tY = chart.target.value === null ? undefined : y(chart.target.value)
  const bY = chart.baseline.value === null ? undefined : y(chart.baseline.value)
  const close = tY !== undefined && bY !== undefined && Math.abs(tY - bY) < 12
  const ref = (r: Report.ChartReference, color: string, dash: string, name: string, below: boolean) => {
    if (r.value === null) return
    const yy = y(r.value)
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="${dash}"/>`)
    parts.push(
      `<text x="${W - M.right}" y="${(below ? yy + 10 : yy - 3).toFixed(1)}" font-size="8.5" text-anchor="end" fill="${color}"${HALO}>${
        escape(`${name} ${fmt(r.value)}`)
      }</text>`
    )
  }
  ref(chart.baseline, "#6b7b8c", "2 2", `現状値 Baseline ${chart.baseline.labelEn}`, close && bY! >= tY!)
  ref(chart.target, "#c0392b", "6 3", `目標 Target ${chart.target.labelEn}`, close && tY! > bY!)
  // legend
  const ly = H - 6
  parts.push(`<rect x="${M.left}" y="${ly - 7}" width="9" height="7" fill="#3b6fb6"/>`)
  parts.push(`<text x="${M.left + 12}" y="${ly}" font-size="8.5">実績 Actual</text>`)
  parts.push(`<line x1="${M.left + 70}" x2="${M.left + 88}" y1="${ly - 3}" y2="${ly - 3}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 3"/>`)
  parts.push(`<text x="${M.left + 91}" y="${ly}" font-size="8.5">目標 Target</text>`)
  parts.push(`<line x1="${M.left + 150}" x2="${M.left + 168}" y1="${ly - 3}" y2="${ly - 3}" stroke="#6b7b8c" stroke-width="1.5" stroke-dasharray="2 2"/>`)
  parts.push(`<text x="${M.left + 171}" y="${ly}" font-size="8.5">現状値 Baseline</text>`)
  parts.push(`</svg>`)
  const direction = chart.direction === "higher" ? "↑ 高いほど良い / higher is better" : "↓ 低いほど良い / lower is better"
  const baseline = chart.baseline.value === null
    ? `現状値なし（${escape(chart.baseline.labelJa)}は事業未実施） / no baseline (${escape(chart.baseline.labelEn)}: not run)`
    : `現状値 ${escape(fmt(chart.baseline.value))}（${escape(chart.baseline.labelJa)}） / baseline ${escape(chart.baseline.labelEn)}`
  const target = chart.target.value === null
    ? "目標なし / no target"
    : `目標 ${escape(fmt(chart.target.value))}（${escape(chart.target.labelJa)}） / target ${escape(chart.target.labelEn)}`
  return `<figure class="chart" id="chart-${escape(chart.id)}"><figcaption>${escape(chart.id)} ${escape(chart.titleJa)}<br><span class="en" lang="en">${
    escape(chart.titleEn)
  } (${escape(chart.unitEn)})</span></figcaption>${parts.join("")}<p class="note">${direction}・${baseline}・${target}</p></figure>`
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

const unencodable = (table: Report.Table, row: number, column: string) =>
  new Exporter.ExportError({
    reason: new Exporter.Unencodable({
      message: `table ${table.id}, row ${row}, column ${column}: a control character HTML cannot hold`,
      table: table.id,
      row,
      column
    })
  })

const cellHtml = (table: Report.Table, rowNumber: number, col: Report.Column, v: Report.Cell | null | undefined): string | Exporter.ExportError => {
  if (v === null || v === undefined) return `<td data-missing>—</td>`
  const problem = Exporter.checkCell(table, rowNumber, col, v)
  if (problem !== undefined) return problem
  switch (col.kind) {
    case "text": {
      const s = v as string
      if (HTML_FORBIDDEN.test(s)) return unencodable(table, rowNumber, col.key)
      return `<td>${escape(s)}</td>`
    }
    case "integer":
    case "decimal":
    case "percent":
      return `<td class="num"><data value="${v}">${
        escape(col.decimals === undefined ? formatValue(col.kind, v as number) : `${Report.displayNumber(col, v as number)}${col.kind === "percent" ? "%" : ""}`)
      }</data></td>`
    case "date":
      return `<td><time datetime="${v}">${v}</time></td>`
    case "datetime":
      return `<td><time datetime="${(v as Date).toISOString()}">${escape(formatJst(v as Date))}</time></td>`
    case "boolean":
      return `<td><data value="${v}">${v ? "○" : "×"}</data></td>`
  }
}

/** Distinct values a column's cell memo holds before the writer stops using it. */
const MEMO_SIZE = 1024

const DEFAULT_WIDTH: Record<Report.ColumnKind, number> = { text: 24, integer: 10, decimal: 12, percent: 10, date: 12, datetime: 20, boolean: 8 }

const widthsOf = (columns: ReadonlyArray<Report.Column>): Array<number> => columns.map((c) => Math.max(4, c.width ?? DEFAULT_WIDTH[c.kind]))

/** Tables wider than this many characters print on A4 landscape pages. */
export const WIDE_TABLE_CHARACTERS = 110

/** A table too wide for A4 portrait: it prints on its own A4 landscape pages (`@page wide`). */
export const isWide = (columns: ReadonlyArray<Report.Column>): boolean =>
  widthsOf(columns).reduce((a, b) => a + b, 0) > WIDE_TABLE_CHARACTERS

/**
 * Column widths as shares of the table (`table-layout: fixed`), from each column's `width` (in
 * characters) or its kind's default: a wide table then fits the page (A4 portrait in print, or landscape when {@link isWide}) with
 * every column its share, instead of the automatic layout squeezing text columns to a few
 * letters a line; nothing is clipped, long words wrap inside their cell.
 */
export const colgroup = (columns: ReadonlyArray<Report.Column>): string => {
  const widths = widthsOf(columns)
  const total = widths.reduce((a, b) => a + b, 0)
  return `<colgroup>${widths.map((w) => `<col style="width: ${((100 * w) / total).toFixed(2)}%">`).join("")}</colgroup>`
}

/** Make the HTML exporter. */
export const make = (options: Options = {}): Exporter.ExporterShape => {
  const exportReport = (report: Report.Report, sink: Exporter.Sink) =>
    Effect.gen(function*() {
      yield* Exporter.validateReport(report)
      const counts: Array<{ id: string; rows: number }> = []
      yield* ExportSink.writeToSink(sink, (out) =>
        Effect.gen(function*() {
          const w = ExportSink.makeTextWriter(out)
          const m = report.metadata
          w.append(
            `<!doctype html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
              `<meta name="generator" content="kitakami-juso">\n<title>${escape(report.titleJa.includes(m.fiscalYearLabel) ? report.titleJa : `${report.titleJa} ${m.fiscalYearLabel}`)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n` +
              `<header>\n<h1>${escape(report.titleJa)} <span class="en" lang="en">${escape(report.titleEn)}</span></h1>\n` +
              (options.subtitle === undefined ? "" : `<p>${escape(options.subtitle)}</p>\n`) +
              `<dl class="meta"><dt>年度 <span class="en" lang="en">Fiscal year</span></dt><dd>${escape(m.fiscalYearLabel)}</dd>` +
              `<dt>作成日時 <span class="en" lang="en">Generated</span></dt><dd><time datetime="${m.generatedAt.toISOString()}">${
                escape(formatJst(m.generatedAt))
              }</time></dd>` +
              `<dt>計画 <span class="en" lang="en">Plan revision</span></dt><dd>${escape(m.planRevision)}</dd></dl>\n</header>\n`
          )
          if (report.charts !== undefined && report.charts.length > 0) {
            w.append(`<section class="charts-section"><h2>指標の推移 <span class="en" lang="en">Indicators across the plan period</span></h2>\n<div class="charts">\n`)
            for (const c of report.charts) w.append(renderChart(c) + "\n")
            w.append(`</div></section>\n`)
          }
          const footer = `<footer>北上市重層的支援体制整備事業実施計画 ${escape(m.planRevision)} ・ kitakami-juso</footer>\n`
          for (const [ti, table] of report.tables.entries()) {
            const last = ti === report.tables.length - 1
            w.append(
              `<section class="table${isWide(table.columns) ? " wide" : ""}" id="table-${escape(table.id)}"><h2>${escape(table.titleJa)} <span class="en" lang="en">${escape(table.titleEn)}</span></h2>\n` +
                `<table data-table-id="${escape(table.id)}" data-kind="${table.kind}">\n${colgroup(table.columns)}\n<thead><tr>${
                  table.columns.map((c) =>
                    `<th scope="col" data-key="${escape(c.key)}" data-kind="${c.kind}"><span class="ja">${escape(c.labelJa)}</span><span class="en" lang="en">${
                      escape(c.labelEn)
                    }</span></th>`
                  ).join("")
                }</tr></thead>\n<tbody>\n`
            )
            const columns = table.columns
            // A register repeats few values in most columns (status, agency, dates, counts): each
            // column's cells are remembered by value (checked once) until it shows many distinct ones.
            const memo = columns.map((c) => c.kind === "datetime" ? undefined : new Map<unknown, string>())
            const rows = yield* Exporter.forEachBatch(table, (batch, first) =>
              Effect.suspend(() => {
                for (let i = 0; i < batch.length; i++) {
                  const row = batch[i]!
                  let line = "<tr>"
                  for (let c = 0; c < columns.length; c++) {
                    const v = row[columns[c]!.key]
                    const m = Object.is(v, -0) ? undefined : memo[c] // Map keys do not tell -0 from 0
                    let cell = m?.get(v)
                    if (cell === undefined) {
                      const made = cellHtml(table, first + i, columns[c]!, v)
                      if (typeof made !== "string") return Effect.fail(made)
                      cell = made
                      if (m !== undefined) {
                        if (m.size < MEMO_SIZE) m.set(v, cell)
                        else memo[c] = undefined // many distinct values: stop looking them up
                      }
                    }
                    line += cell
                  }
                  w.append(line + "</tr>\n")
                }
                return w.push("")
              }), { batchSize: Exporter.SMALL_BATCH_SIZE })
            counts.push({ id: table.id, rows })
            // The footer closes the last section, so it prints on that section's (possibly landscape) page.
            w.append(`</tbody></table>\n${rows === 0 ? `<p class="empty">行なし <span class="en" lang="en">no rows</span></p>\n` : ""}${last ? footer : ""}</section>\n`)
          }
          w.append(`${report.tables.length === 0 ? footer : ""}</body>\n</html>\n`)
          yield* w.flush
        }))
      return { format: "html", files: typeof sink === "string" ? [sink] : [], tables: counts }
    })
  return { format, export: exportReport }
}

/** A layer providing `Exporter.Exporter` as the HTML exporter. */
export const layer = (options: Options = {}): Layer.Layer<Exporter.Exporter> =>
  Layer.succeed(Exporter.Exporter, make(options))
