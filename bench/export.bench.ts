/**
 * Exports of a register (9 columns of every kind, some cells missing), each run in its own child
 * process so its time and peak RSS are its own, contenders interleaved round by round (speed:
 * 200,000 rows, JUSO_BENCH_EXPORT_ROWS; XLSX beside exceljs on 50,000; memory: 500,000 rows):
 *
 * - CSV: `CsvExporter` (UTF-8 + BOM) · csv-stringify (its stream API, piped to the file) · a raw
 *   writer (values joined with commas, no quoting or checks);
 * - JSON: `JsonExporter` · a raw writer (`JSON.stringify` of each row object, the same document);
 * - HTML: `HtmlExporter` · a raw writer (the same table markup from template strings: text
 *   escaped, numbers through one cached `Intl.NumberFormat`, no checks);
 * - XLSX: `XlsxExporter` · bare exceljs streaming with the same styles.
 *
 * Raw writers write in 64 KiB chunks and wait for `drain`. Targets (issue 14): every exporter's
 * peak RSS ≤ 200 MB (the highest of the rounds' peaks); JSON and HTML ≥ 0.8× their raw writer.
 * The other ratios are printed for information; so is the CPU-time ratio. Run by `bench/run.ts`.
 */
import { spawnSync } from "node:child_process"
import { createWriteStream, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Readable, type Writable } from "node:stream"
import { finished, pipeline } from "node:stream/promises"
import { fileURLToPath } from "node:url"
import { getHeapSpaceStatistics } from "node:v8"
import { Report } from "@kitakami-juso/core"
import { agencies, caseRef, median, peakRssKb, statuses } from "./harness.ts"
import { emit, rounds } from "./report.ts"

const columns = [
  Report.column("case", "text", "ケース", "Case", { width: 20 }),
  Report.column("opened", "date", "開始日", "Opened"),
  Report.column("at", "datetime", "記録日時", "Recorded at"),
  Report.column("contacts", "integer", "接触回数", "Contacts"),
  Report.column("amount", "decimal", "金額", "Amount"),
  Report.column("rate", "percent", "達成率", "Rate"),
  Report.column("consent", "boolean", "同意", "Consent"),
  Report.column("status", "text", "状態", "Status"),
  Report.column("agency", "text", "機関", "Agency")
] as const
type Row = Report.RowOf<typeof columns>
const T0 = Date.UTC(2025, 3, 1)
const days = Array.from({ length: 365 }, (_, i) => new Date(T0 + i * 86_400_000).toISOString().slice(0, 10))

function* rows(n: number): Generator<Row> {
  for (let i = 0; i < n; i++) {
    yield {
      case: caseRef(i),
      opened: days[i % 365]!,
      at: new Date(T0 + i * 60_000),
      contacts: i % 97,
      amount: i % 7 === 0 ? null : (i % 1000) / 8,
      rate: (i % 1000) / 1000,
      consent: i % 3 !== 0,
      status: statuses[i % statuses.length]!,
      agency: agencies[i % agencies.length]!
    }
  }
}

const report = (n: number) =>
  Report.make({
    id: "bench",
    titleJa: "ケース台帳",
    titleEn: "Case register",
    metadata: { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date(), planRevision: "2025-04 (revised 2026-04)" },
    tables: [Report.table({ id: "cases", titleJa: "ケース台帳", titleEn: "Case register", kind: "register", columns, rows: () => rows(n) })]
  })

/** A 64 KiB chunked writer with back-pressure, for the raw baselines. */
const chunked = (out: Writable) => {
  let parts: Array<string> = []
  let size = 0
  return {
    add: async (s: string) => {
      parts.push(s)
      size += s.length
      if (size >= 65536) {
        const ok = out.write(parts.join(""))
        parts = []
        size = 0
        if (!ok) await new Promise<void>((res) => out.once("drain", () => res()))
      }
    },
    end: async () => {
      out.end(parts.join(""))
      await finished(out)
    }
  }
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!)
const nf = new Intl.NumberFormat("ja-JP", { maximumFractionDigits: 20 })
const pf = new Intl.NumberFormat("ja-JP", { maximumFractionDigits: 1 })
const p2 = (n: number) => (n < 10 ? `0${n}` : `${n}`)
const jst = (d: Date) => {
  const j = new Date(d.getTime() + 9 * 3600_000)
  return `${j.getUTCFullYear()}-${p2(j.getUTCMonth() + 1)}-${p2(j.getUTCDate())} ${p2(j.getUTCHours())}:${p2(j.getUTCMinutes())} JST`
}

/** Each contender: write `n` rows to `path`. */
const contenders: Record<string, (path: string, n: number) => Promise<unknown>> = {
  "csv:ours": async (path, n) => {
    const [{ CsvExporter }, { Effect }] = await Promise.all([import("@kitakami-juso/export-csv"), import("effect")])
    return Effect.runPromise(CsvExporter.make().export(report(n), path))
  },
  "csv:csv-stringify": async (path, n) => {
    const { stringify } = await import("csv-stringify")
    const header = columns.map((c) => c.labelJa)
    const source = Readable.from((function*() {
      for (const r of rows(n)) yield [r.case, r.opened, r.at!.toISOString(), r.contacts, r.amount, r.rate, r.consent, r.status, r.agency]
    })())
    await pipeline(source, stringify({ header: true, columns: header, bom: true, record_delimiter: "windows" }), createWriteStream(path))
  },
  "csv:raw": async (path, n) => {
    const w = chunked(createWriteStream(path))
    await w.add(columns.map((c) => c.labelJa).join(",") + "\r\n")
    for (const r of rows(n)) {
      await w.add(`${r.case},${r.opened},${jst(r.at!)},${r.contacts},${r.amount ?? ""},${r.rate},${r.consent ? "TRUE" : "FALSE"},${r.status},${r.agency}\r\n`)
    }
    await w.end()
  },
  "json:ours": async (path, n) => {
    const [{ JsonExporter }, { Effect }] = await Promise.all([import("@kitakami-juso/export-json"), import("effect")])
    return Effect.runPromise(JsonExporter.make().export(report(n), path))
  },
  "json:raw": async (path, n) => {
    const w = chunked(createWriteStream(path))
    await w.add(`{"format":"kitakami-juso/report","tables":[{"id":"cases","columns":${JSON.stringify(columns)},"rows":[`)
    let first = true
    for (const r of rows(n)) {
      await w.add((first ? "\n" : ",\n") + JSON.stringify(r))
      first = false
    }
    await w.add("\n]}]}\n")
    await w.end()
  },
  "html:ours": async (path, n) => {
    const [{ HtmlExporter }, { Effect }] = await Promise.all([import("@kitakami-juso/export-html"), import("effect")])
    return Effect.runPromise(HtmlExporter.make().export(report(n), path))
  },
  "html:raw": async (path, n) => {
    const w = chunked(createWriteStream(path))
    await w.add(`<!doctype html>\n<html lang="ja"><head><meta charset="utf-8"><title>ケース台帳</title></head><body><table><thead><tr>${columns.map((c) => `<th>${esc(c.labelJa)}</th>`).join("")}</tr></thead><tbody>\n`)
    for (const r of rows(n)) {
      const num = (v: number | null | undefined, f = nf) => (v == null ? `<td data-missing>—</td>` : `<td class="num"><data value="${v}">${f.format(v)}</data></td>`)
      await w.add(
        `<tr><td>${esc(r.case!)}</td><td><time datetime="${r.opened}">${r.opened}</time></td><td><time datetime="${r.at!.toISOString()}">${jst(r.at!)}</time></td>` +
          `${num(r.contacts)}${num(r.amount)}<td class="num"><data value="${r.rate}">${pf.format(r.rate! * 100)}%</data></td>` +
          `<td><data value="${r.consent}">${r.consent ? "✓ はい / yes" : "✗ いいえ / no"}</data></td><td>${esc(r.status!)}</td><td>${esc(r.agency!)}</td></tr>\n`
      )
    }
    await w.add("</tbody></table></body></html>\n")
    await w.end()
  },
  "xlsx:ours": async (path, n) => {
    const [{ XlsxExporter }, { Effect }] = await Promise.all([import("@kitakami-juso/export-xlsx"), import("effect")])
    return Effect.runPromise(XlsxExporter.make().export(report(n), path))
  },
  "xlsx:exceljs": async (path, n) => {
    const [{ default: Excel }, { XlsxExporter }] = await Promise.all([import("exceljs"), import("@kitakami-juso/export-xlsx")])
    const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false })
    const ws = wb.addWorksheet("ケース台帳", { views: [{ state: "frozen", ySplit: 2 }] })
    ws.columns = columns.map((c) => {
      const numFmt = XlsxExporter.NUM_FMT[c.kind]
      return { width: XlsxExporter.columnWidth(c), ...(numFmt === undefined ? {} : { style: { numFmt } }) }
    })
    const ja = ws.addRow(columns.map((c) => c.labelJa))
    ja.eachCell((cell) => {
      cell.font = { bold: true }
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E2F3" } }
    })
    ja.commit()
    ws.addRow(columns.map((c) => c.labelEn)).commit()
    let i = 0
    for (const r of rows(n)) {
      const [y, m, d] = r.opened!.split("-").map(Number)
      ws.addRow([r.case, new Date(Date.UTC(y!, m! - 1, d!)), new Date(r.at!.getTime() + 9 * 3600_000), r.contacts, r.amount, r.rate, r.consent, r.status, r.agency]).commit()
      if (++i % 1024 === 0) await new Promise<void>((res) => setImmediate(res))
    }
    ws.commit()
    await wb.commit()
  }
}

const args = process.argv.slice(2)
const arg = (name: string) => args[args.indexOf(name) + 1]!

/** What each contender imports, loaded before its clock starts (module loading is not export time). */
const preload: Record<string, ReadonlyArray<string>> = {
  "csv:ours": ["@kitakami-juso/export-csv", "effect"],
  "csv:csv-stringify": ["csv-stringify"],
  "json:ours": ["@kitakami-juso/export-json", "effect"],
  "html:ours": ["@kitakami-juso/export-html", "effect"],
  "xlsx:ours": ["@kitakami-juso/export-xlsx", "effect"],
  "xlsx:exceljs": ["exceljs", "@kitakami-juso/export-xlsx"]
}

if (args.includes("--child")) {
  const name = arg("--child")
  const n = Number(arg("--rows"))
  for (const m of preload[name] ?? []) await import(m)
  const dir = mkdtempSync(join(tmpdir(), "juso-bench-export-"))
  const t = performance.now()
  const c = process.cpuUsage()
  await contenders[name]!(join(dir, "out"), n)
  const used = process.cpuUsage(c)
  const ms = performance.now() - t
  rmSync(dir, { recursive: true, force: true })
  // V8's young generation at the end: when a peak is far above the others, this tells whether V8
  // grew its young generation in that run (the rare cause of such peaks seen so far).
  const young = getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0
  console.log(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, rssMB: peakRssKb() / 1024, youngMB: young / 1048576 }))
} else {
  const n = Number(process.env.JUSO_BENCH_EXPORT_ROWS ?? 200_000)
  const xlsxRows = 50_000 // bare exceljs is slow: its comparison runs on fewer rows
  const memRows = 500_000
  const self = fileURLToPath(import.meta.url)
  type Run = { ms: number; cpuMs: number; rssMB: number; youngMB: number }
  const child = (name: string, rows: number): Run => {
    const p = spawnSync(process.execPath, [self, "--child", name, "--rows", String(rows)], { encoding: "utf8" })
    if (p.status !== 0) throw new Error(`export ${name} failed:\n${p.stderr}`)
    return JSON.parse(p.stdout.trim().split("\n").pop()!) as Run
  }
  // Speed: every contender once per round, in turn, each in a fresh process.
  const speedCases: ReadonlyArray<[string, number]> = [
    ["csv:ours", n], ["csv:raw", n], ["csv:csv-stringify", n], ["json:ours", n], ["json:raw", n], ["html:ours", n], ["html:raw", n],
    ["xlsx:ours", xlsxRows], ["xlsx:exceljs", xlsxRows]
  ]
  const runs = new Map<string, Array<Run>>()
  const R = rounds(5)
  for (let r = 0; r < R; r++) {
    for (const [name, rows] of speedCases) runs.set(name, [...(runs.get(name) ?? []), child(name, rows)])
  }
  // Memory: each exporter on the 500,000-row register, three times, in turn; the highest peak counts.
  const mem = new Map<string, Array<Run>>()
  for (let r = 0; r < 3; r++) {
    for (const f of ["csv", "json", "html", "xlsx"]) mem.set(f, [...(mem.get(f) ?? []), child(`${f}:ours`, memRows)])
  }
  const rowsOf = (name: string) => speedCases.find(([k]) => k === name)![1]
  const rate = (name: string, by: "ms" | "cpuMs" = "ms") => rowsOf(name) / (median(runs.get(name)!.map((x) => x[by])) / 1000)
  const speed = (format: string, peer: string, label: string, target?: number) => ({
    workload: `${format.toUpperCase()} export, ${rowsOf(`${format}:ours`).toLocaleString("en-US")} rows`,
    ours: rate(`${format}:ours`),
    against: label,
    theirs: rate(`${format}:${peer}`),
    cpuRatio: rate(`${format}:ours`, "cpuMs") / rate(`${format}:${peer}`, "cpuMs"),
    unit: "rows/s",
    better: "higher" as const,
    target,
    note: `peak RSS ours ${Math.round(Math.max(...runs.get(`${format}:ours`)!.map((x) => x.rssMB)))} MB, theirs ${
      Math.round(Math.max(...runs.get(`${format}:${peer}`)!.map((x) => x.rssMB)))
    } MB`
  })
  emit([
    ...["csv", "json", "html", "xlsx"].map((f) => ({
      workload: `${f.toUpperCase()} export, ${memRows.toLocaleString("en-US")}-row register, peak RSS (highest of 3)`,
      ours: Math.max(...mem.get(f)!.map((x) => x.rssMB)),
      against: "limit",
      theirs: 200,
      unit: "MB",
      better: "lower" as const,
      target: 200,
      note: `runs: ${mem.get(f)!.map((x) => Math.round(x.rssMB)).join(", ")} MB (young generation at the end ${
        mem.get(f)!.map((x) => Math.round(x.youngMB)).join(", ")
      } MB); ${Math.round(memRows / (median(mem.get(f)!.map((x) => x.ms)) / 1000)).toLocaleString("en-US")} rows/s`
    })),
    speed("json", "raw", "raw writer (JSON.stringify per row)", 0.8),
    speed("html", "raw", "raw writer (same markup, template strings)", 0.8),
    speed("csv", "raw", "raw writer (values joined, no quoting or checks)"),
    speed("csv", "csv-stringify", "csv-stringify 6 (stream API)"),
    speed("xlsx", "exceljs", "bare exceljs streaming, same styles")
  ])
}
