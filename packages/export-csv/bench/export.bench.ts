/**
 * CSV export speed beside a plain string join of the same rows (same process, best of 3).
 *
 *   node bench/export.bench.ts [--rows 200000]
 *
 * Prints a table; never run as a unit test. Target (docs/exports.md): the UTF-8 export ≥ 0.5× the
 * plain string join, printed beside the figure; the script exits non-zero when it is missed.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { finished } from "node:stream/promises"
import { Report } from "@kitakami-juso/core"
import { CsvExporter } from "@kitakami-juso/export-csv"
import { Effect } from "effect"
import { agencies, caseRef, mark, statuses } from "../../../bench/harness.ts"

const columns = [
  Report.column("case", "text", "ケース", "Case"),
  Report.column("opened", "date", "開始日", "Opened"),
  Report.column("contacts", "integer", "接触回数", "Contacts"),
  Report.column("amount", "decimal", "値", "Value"),
  Report.column("consent", "boolean", "同意", "Consent"),
  Report.column("status", "text", "状態", "Status"),
  Report.column("agency", "text", "機関", "Agency")
] as const
const days = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2025, 3, 1) + i * 86_400_000).toISOString().slice(0, 10))

function* rows(n: number): Generator<Report.RowOf<typeof columns>> {
  for (let i = 0; i < n; i++) {
    yield {
      case: caseRef(i),
      opened: days[i % 365]!,
      contacts: i % 97,
      amount: (i % 1000) / 8,
      consent: i % 3 !== 0,
      status: statuses[i % statuses.length]!,
      agency: agencies[i % agencies.length]!
    }
  }
}

const report = (n: number) =>
  Report.make({
    id: "bench",
    titleJa: "台帳",
    titleEn: "Register",
    metadata: { fiscalYearLabel: "令和7年度 (FY2025)", generatedAt: new Date(), planRevision: "2025-04" },
    tables: [Report.table({ id: "t", titleJa: "台帳", titleEn: "Register", kind: "register", columns, rows: () => rows(n) })]
  })

/** The raw baseline: join each row's values with commas, CRLF, UTF-8, 64 KiB writes, no quoting, checks or encoding rules. */
const raw = async (path: string, n: number) => {
  const out = createWriteStream(path)
  let buf: Array<string> = [columns.map((c) => c.labelJa).join(",") + "\r\n"]
  let size = 0
  for (const r of rows(n)) {
    const line = [r.case, r.opened, r.contacts, r.amount, r.consent ? "TRUE" : "FALSE", r.status, r.agency].join(",") + "\r\n"
    buf.push(line)
    size += line.length
    if (size > 65536) {
      if (!out.write(buf.join(""))) await new Promise<void>((res) => out.once("drain", () => res()))
      buf = []
      size = 0
    }
  }
  out.end(buf.join(""))
  await finished(out)
}

const args = process.argv.slice(2)
const n = args.includes("--rows") ? Number(args[args.indexOf("--rows") + 1]) : 200_000
const dir = mkdtempSync(join(tmpdir(), "csv-bench-"))
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now()
  await f()
  return performance.now() - t
}
const cases: Array<[string, () => Promise<unknown>]> = [
  ["plain string join (raw)", () => raw(join(dir, "raw.csv"), n)],
  ["CsvExporter UTF-8 + BOM", () => Effect.runPromise(CsvExporter.make().export(report(n), join(dir, "bom.csv")))],
  ["CsvExporter Shift_JIS (CP932)", () => Effect.runPromise(CsvExporter.make({ encoding: "cp932" }).export(report(n), join(dir, "sjis.csv")))]
]
const best = new Map<string, number>()
for (let round = 0; round < 3; round++) {
  for (const [name, f] of cases) {
    const ms = await time(f)
    best.set(name, Math.min(best.get(name) ?? Infinity, ms))
  }
}
rmSync(dir, { recursive: true, force: true })
const rawRate = n / (best.get(cases[0]![0])! / 1000)
const TARGET = 0.5
/** The case the target applies to: UTF-8, the default encoding. */
const targetCase = cases[1]![0]
console.log(`CSV export of ${n} rows × ${columns.length} columns, Node ${process.version}, ${new Date().toISOString().slice(0, 10)} (best of 3)`)
console.table(cases.map(([name], i) => {
  const rate = n / (best.get(name)! / 1000)
  const ratio = rate / rawRate
  return {
    case: name,
    "rows/s": Math.round(rate),
    "× raw": +ratio.toFixed(2),
    target: i === 0 ? "baseline" : name === targetCase ? `≥ ${TARGET}× ${mark(ratio >= TARGET)}` : "–"
  }
}))
const ours = n / (best.get(targetCase)! / 1000)
if (ours >= TARGET * rawRate) {
  console.log(`target met: UTF-8 CSV ${(ours / rawRate).toFixed(2)}× ≥ ${TARGET}× the plain string join`)
} else {
  console.error(`TARGET MISSED: UTF-8 CSV ${(ours / rawRate).toFixed(2)}× < ${TARGET}× the plain string join`)
  process.exitCode = 1
}
