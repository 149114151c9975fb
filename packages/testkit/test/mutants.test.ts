// The kit's own test (issue 15): run both kits against adapters with one injected bug each
// (test/mutants/) and require every mutant to be killed — at least one failing test, in the
// group meant to catch it — and every control to pass. A kit change that lets a mutant
// survive fails here.
import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { eventStoreMutants } from "./mutants/eventStores.ts"
import { exporterMutants } from "./mutants/exporters.ts"

interface Assertion {
  readonly ancestorTitles: ReadonlyArray<string>
  readonly title: string
  readonly status: string
}
interface Report {
  readonly testResults: ReadonlyArray<{ readonly name: string; readonly message?: string; readonly assertionResults: ReadonlyArray<Assertion> }>
}

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const vitestBin = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs")

/** Run the mutant suites in a child vitest; resolve with its JSON report. */
const runMutants = (): Promise<Report> => {
  const dir = mkdtempSync(join(tmpdir(), "juso-mutants-"))
  const output = join(dir, "report.json")
  // A clean environment: the child must not think it is a worker of this run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "TEST"))
  return new Promise<Report>((resolve, reject) => {
    const child = spawn(process.execPath, [vitestBin, "run", "--config", "test/mutants/vitest.config.ts", "--reporter=json", `--outputFile=${output}`], {
      cwd: packageDir,
      env,
      stdio: ["ignore", "ignore", "pipe"]
    })
    let stderr = ""
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000)
    })
    child.on("error", reject)
    child.on("exit", () => {
      try {
        resolve(JSON.parse(readFileSync(output, "utf8")) as Report)
      } catch (error) {
        reject(new Error(`the mutant run wrote no report: ${String(error)}\n${stderr}`))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}

const all = [
  ...eventStoreMutants.map((m) => ({ kind: m.kind, suite: m.name, killedBy: m.killedBy })),
  ...exporterMutants.map((m) => ({ kind: m.kind, suite: `ExporterConformance: ${m.name}`, killedBy: m.killedBy }))
]

describe("the kits against mutant adapters", () => {
  it("every mutant is killed by the test group meant to catch it; every control passes", async () => {
    expect(all.filter((m) => m.kind === "mutant").length).toBeGreaterThanOrEqual(25)
    const report = await runMutants()
    for (const file of report.testResults) expect(file.message ?? "", `${file.name} loaded`).toBe("")
    const results = report.testResults.flatMap((f) => f.assertionResults)
    const lines: Array<string> = []
    for (const m of all) {
      const tests = results.filter((r) => r.ancestorTitles[0] === m.suite)
      expect(tests.length, `${m.suite}: its suite ran`).toBeGreaterThan(10)
      const failed = tests.filter((r) => r.status === "failed").map((r) => [...r.ancestorTitles.slice(1), r.title].join(" > "))
      if (m.kind === "control") {
        expect(failed, `${m.suite} passes`).toEqual([])
      } else {
        expect(failed.length, `${m.suite} is killed`).toBeGreaterThan(0)
        expect(failed.filter((name) => m.killedBy!.test(name)), `${m.suite} is killed by ${m.killedBy}; failed: ${failed.join("; ")}`).not.toEqual([])
        lines.push(`killed ${m.suite} by ${failed.length} test(s)`)
      }
    }
    console.log(`${lines.length} mutants killed\n${lines.join("\n")}`)
  }, 900_000)
})
