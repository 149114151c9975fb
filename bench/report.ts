/**
 * What every peer benchmark (`bench/*.bench.ts`) hands back to `bench/run.ts`: one line per
 * figure, printed as `BENCH-RESULT <json>` on stdout; and the timing helpers they share
 * (contenders interleaved A B A B …, medians over rounds).
 */
import { median } from "./harness.ts"

/** One compared figure: ours against a peer or a raw baseline, with its target (if any). */
export interface Figure {
  readonly workload: string
  /** Ours, in `unit`. */
  readonly ours: number
  /** What it is compared with, and its figure in `unit`. */
  readonly against: string
  readonly theirs: number
  readonly unit: string
  /** `higher`: ours/theirs must be ≥ target; `lower`: ours must be ≤ target (absolute, e.g. MB). */
  readonly better: "higher" | "lower"
  readonly target?: number | undefined
  /**
   * ours/theirs measured in CPU time (user + system, all threads) instead of wall-clock time:
   * for work that runs on this process's CPU, the same ratio without the preemption a loaded
   * machine adds to whichever slice it falls on. Information; targets are judged on wall-clock.
   */
  readonly cpuRatio?: number | undefined
  readonly note?: string | undefined
  /**
   * For a target that has a floor measured in the same run (the least any implementation keeping
   * the plan's guarantees spends, as the bench defines it): that floor's figure in `unit`, against
   * the same `theirs`. A missed target then says whether this run's floor reached it.
   */
  readonly floor?: { readonly name: string; readonly figure: number } | undefined
}

/** Print figures for the runner. */
export const emit = (figures: ReadonlyArray<Figure>): void => {
  for (const f of figures) console.log(`BENCH-RESULT ${JSON.stringify(f)}`)
}

/** Rounds from the environment (`JUSO_BENCH_ROUNDS`, default 5, at least 3). */
export const rounds = (dflt = 5): number => Math.max(3, Number(process.env.JUSO_BENCH_ROUNDS ?? dflt))

/** Median rates of each contender: by wall-clock time, and by the CPU time this process used. */
export interface Rates {
  readonly wall: number
  readonly cpu: number
}

/**
 * Run each contender once per round, in turn (A B C A B C …), and return each one's median
 * rates. `run` returns the units of work done; its wall-clock and CPU time are measured here.
 */
export const interleave = async <K extends string>(
  contenders: Readonly<Record<K, () => Promise<number> | number>>,
  n: number
): Promise<Record<K, Rates>> => {
  const keys = Object.keys(contenders) as Array<K>
  const wall = new Map<K, Array<number>>(keys.map((k) => [k, []]))
  const cpu = new Map<K, Array<number>>(keys.map((k) => [k, []]))
  for (let r = 0; r < n; r++) {
    for (const k of keys) {
      const t = performance.now()
      const c = process.cpuUsage()
      const units = await contenders[k]()
      const used = process.cpuUsage(c)
      wall.get(k)!.push(units / ((performance.now() - t) / 1000))
      cpu.get(k)!.push(units / ((used.user + used.system) / 1e6))
    }
  }
  return Object.fromEntries(keys.map((k) => [k, { wall: median(wall.get(k)!), cpu: median(cpu.get(k)!) }])) as Record<K, Rates>
}
