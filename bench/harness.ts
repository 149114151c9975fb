/**
 * Shared helpers of the packages' benchmark scripts (`packages/*\/bench/*.bench.ts`): figures,
 * target marks and the closing summary, a process's own peak memory, and the sample data the
 * export and store benchmarks both use. Not part of any package; imported by relative path.
 * Node built-ins only, so it type-checks under every package's tsconfig that includes its
 * `bench` folder.
 */
import { readFileSync } from "node:fs"

/** The median of some figures (the upper one of an even count). */
export const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The `q` quantile of some figures (nearest rank, from below). */
export const quantile = (xs: ReadonlyArray<number>, q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!

/** A rate as a whole number with thousands separators. */
export const fmt = (n: number): string => Math.round(n).toLocaleString("en-US")

/** The mark printed beside a figure: target met or missed. */
export const mark = (ok: boolean): string => (ok ? "✓" : "✗")

/**
 * One row of a store-vs-raw markdown table: the median ratio over the rounds, with the round it
 * came from; a missed target is added to `missed`.
 */
export const ratioRow = <R>(
  rounds: ReadonlyArray<R>,
  missed: Array<string>,
  name: string,
  pick: (r: R) => { readonly store: number; readonly raw: number },
  target: number
): string => {
  const ratios = rounds.map((r) => pick(r).store / pick(r).raw)
  const ratio = median(ratios)
  const at = rounds[ratios.indexOf(ratio)]!
  if (!(ratio >= target)) missed.push(`${name}: ${ratio.toFixed(2)}× raw, target ≥ ${target}×`)
  return `| ${name} | ${fmt(pick(at).store)} | ${fmt(pick(at).raw)} | ${ratio.toFixed(2)}× | ≥ ${target}× ${mark(ratio >= target)} |`
}

/** The closing summary: the targets missed (exit code 1), or all met. */
export const summarize = (label: string, missed: ReadonlyArray<string>): void => {
  if (missed.length > 0) {
    console.error(`\n${label} benchmark: ${missed.length} target(s) MISSED:\n${missed.map((m) => `  ✗ ${m}`).join("\n")}`)
    process.exitCode = 1
  } else {
    console.log(`\n${label} benchmark: all targets met.`)
  }
}

/**
 * This process's own peak resident memory, in KiB. On Linux it is `VmHWM` of `/proc/self/status`:
 * the high-water mark of this process's memory since it started. Not `getrusage`'s `ru_maxrss`
 * (`process.resourceUsage().maxRSS`): Linux carries that across `exec`, so a child reads about
 * what its spawning process held (a `node -e` whose own peak was 42 MB read 405 MB as the child
 * of a 445 MB process). Elsewhere, `maxRSS`, as the best there is.
 */
export const peakRssKb = (): number => {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))
    if (hwm !== null) return Number(hwm[1])
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS
}

/** A realistic event payload for the store benchmarks: a consent record's worth of fields. */
export const consentPayload = (n: number) => ({
  caseId: `case-${n % 500}`,
  consentId: `consent-${n}`,
  grantor: { kind: "person", memberId: `member-${n % 3}` },
  scope: { purpose: "multi-agency-collaboration", agencies: ["city-fukushi", "shakyo", "houkatsu-honcho"] },
  method: "written",
  from: "2026-04-01T09:00:00.000+09:00"
})

/** Case statuses of the export benchmarks' register rows. */
export const statuses: ReadonlyArray<string> = ["相談受付", "アセスメント", "プラン作成", "支援中", "終結", "中断"]
/** Agencies of the export benchmarks' register rows. */
export const agencies: ReadonlyArray<string> = ["本通り地域包括支援センター", "北上市社会福祉協議会", "障がい福祉課", "子育て支援課"]
/** The pseudonymous case reference of register row `i`. */
export const caseRef = (i: number): string => `p-${(i * 2654435761 >>> 0).toString(16).padStart(16, "0")}`
