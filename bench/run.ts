/**
 * `pnpm bench`: the project beside its peers, in one run (issue 14).
 *
 *   pnpm bench                      # build + pack ours, install peers, run every workload
 *   pnpm bench --skip-install       # reuse bench/.peers as it is (after a first run)
 *   pnpm bench --only decode,export # some workloads (decode, sqlite, postgres, export, projection)
 *
 * Installs the project's packed packages and the peers into `bench/.peers/` (see
 * `bench/peers/install.ts`; never part of the workspace install or CI), then runs each workload
 * in its own process: `bench/decode.bench.ts`, `sqlite.bench.ts`, `postgres.bench.ts`,
 * `export.bench.ts`, `projection.bench.ts` (issue 10: the indicator projection against a plain
 * node:sqlite loop on a generated 1,000,000-event store, kept in the temp directory). Prints every figure with its ratio, target, the load average around it
 * and the share of the machine's CPU time the hypervisor stole during its workload (Linux),
 * and exits 1 when a target is missed or could not be measured. A missed target that has a floor
 * measured in the same run (SQLite batches and whole commands, the PostgreSQL append against raw)
 * says where that floor stood against the same baseline. JUSO_BENCH_ROUNDS sets the
 * rounds (default 5 for timings, 3 for the exports); JUSO_PG_URL the PostgreSQL server.
 */
import { spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { availableParallelism, loadavg } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { install } from "./peers/install.ts"
import type { Figure } from "./report.ts"

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const only = args.includes("--only") ? args[args.indexOf("--only") + 1]!.split(",") : undefined

/** Every workload, and the targets it must report (a target not reported is a miss). */
const workloads: ReadonlyArray<{ readonly name: string; readonly targets: number }> = [
  { name: "decode", targets: 1 },
  { name: "sqlite", targets: 3 },
  { name: "postgres", targets: 2 },
  { name: "export", targets: 6 },
  { name: "projection", targets: 4 }
]

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
/** The machine's CPU time so far, all of it and the part the hypervisor stole (in clock ticks). */
interface CpuTimes {
  readonly total: number
  readonly steal: number
}
/**
 * {@link CpuTimes} from Linux `/proc/stat` (its first line); `undefined` off Linux. Load average
 * does not show steal, yet on these shared virtual machines it is what slows one run three-fold
 * beside another at the same load; the share stolen during each workload is printed beside its
 * figures.
 */
const cpuTimes = (): CpuTimes | undefined => {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 }
  } catch {
    return undefined
  }
}
const stolen = (before: CpuTimes | undefined, after: CpuTimes | undefined): string =>
  before === undefined || after === undefined || after.total === before.total
    ? "n/a"
    : `${((100 * (after.steal - before.steal)) / (after.total - before.total)).toFixed(1)}%`
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1))

if (!args.includes("--skip-install") || !existsSync(join(here, "node_modules"))) {
  install({ build: !args.includes("--skip-build") })
}

console.log(`\nkitakami-juso beside its peers — Node ${process.version}, ${availableParallelism()} CPUs, ${new Date().toISOString()}`)
console.log(`load average at start (1/5/15 min): ${load()}`)
const cpuAtStart = cpuTimes()

const run = (name: string) =>
  new Promise<{ figures: Array<Figure>; code: number; loadBefore: string; loadAfter: string; steal: string }>((resolve) => {
    const loadBefore = load()
    const cpuBefore = cpuTimes()
    console.log(`\n── ${name} (load ${loadBefore}) ──`)
    const child = spawn(process.execPath, [join(here, `${name}.bench.ts`)], { stdio: ["ignore", "pipe", "inherit"], env: process.env })
    const figures: Array<Figure> = []
    let buffer = ""
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      const lines = buffer.split("\n")
      buffer = lines.pop()!
      for (const line of lines) {
        if (line.startsWith("BENCH-RESULT ")) figures.push(JSON.parse(line.slice("BENCH-RESULT ".length)) as Figure)
        else console.log(line)
      }
    })
    child.on("close", (code) => resolve({ figures, code: code ?? 1, loadBefore, loadAfter: load(), steal: stolen(cpuBefore, cpuTimes()) }))
  })

// Where a missed target's floor (measured in the same run) stood against the same baseline.
const floorNote = (f: Figure): string => {
  if (f.floor === undefined || f.target === undefined) return ""
  const ratio = f.floor.figure / f.theirs
  return `; ${f.floor.name} reached ${ratio.toFixed(2)}× in this run (${ratio >= f.target ? "at or above" : "BELOW"} the target), ours is ${(f.ours / f.floor.figure).toFixed(2)}× that floor`
}

const rows: Array<string> = []
const missed: Array<string> = []
for (const w of workloads) {
  if (only !== undefined && !only.includes(w.name)) continue
  const r = await run(w.name)
  const withTarget = r.figures.filter((f) => f.target !== undefined)
  if (r.code !== 0) missed.push(`${w.name}: the benchmark failed (exit ${r.code}); its targets are not measured`)
  else if (withTarget.length < w.targets) missed.push(`${w.name}: ${w.targets - withTarget.length} target(s) not measured (see above)`)
  for (const f of r.figures) {
    const ratio = f.ours / f.theirs
    const ok = f.target === undefined ? undefined : f.better === "higher" ? ratio >= f.target : f.ours <= f.target
    const target = f.target === undefined ? "(information)" : f.better === "higher" ? `≥ ${+f.target.toFixed(2)}×` : `≤ ${f.target} ${f.unit}`
    const shown = f.better === "higher" ? `${ratio.toFixed(2)}×` : `${fmt(f.ours)} ${f.unit}`
    const cpu = f.cpuRatio === undefined ? "" : `${f.cpuRatio.toFixed(2)}×`
    rows.push(`| ${f.workload} | ${fmt(f.ours)} | ${f.against} | ${fmt(f.theirs)} | ${f.unit} | ${shown} | ${target} ${ok === undefined ? "" : ok ? "✓" : "✗"} | ${cpu} | ${r.loadBefore} → ${r.loadAfter} | ${r.steal} |${f.note === undefined ? "" : ` ${f.note}`}`)
    if (ok === false) missed.push(`${f.workload} vs ${f.against}: ${shown}, target ${target}${floorNote(f)} (CPU stolen during the workload: ${r.steal})`)
  }
}

console.log(`\n| workload | ours | against | theirs | unit | ratio / figure | target | CPU-time ratio | load (1/5/15 min) before → after | CPU stolen | note`)
console.log("|---|---:|---|---:|---|---:|---|---:|---|---:|---")
for (const r of rows) console.log(r)
console.log(`\nload average at end: ${load()}; CPU time stolen by the hypervisor over the whole run: ${stolen(cpuAtStart, cpuTimes())}`)
if (missed.length > 0) {
  console.error(`\n${missed.length} target(s) MISSED or not measured:\n${missed.map((m) => `  ✗ ${m}`).join("\n")}`)
  process.exitCode = 1
} else {
  console.log("\nall targets met")
}
