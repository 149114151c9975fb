/** Spawning the `juso` bin (the source bin: node packages/cli/bin/juso.mjs) in a scratch folder. */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll } from "vitest"

export const bin = resolve(import.meta.dirname, "..", "..", "bin", "juso.mjs")
export const demoFile = resolve(import.meta.dirname, "..", "..", "demo", "8050-household.json")
export const demo = JSON.parse(readFileSync(demoFile, "utf8")) as Array<Record<string, unknown>>

/** JUSO_PG_URL (the CI script sets it); PostgreSQL tests skip locally without it and fail in CI. */
export const pgUrl = process.env.JUSO_PG_URL
export const inCi = process.env.CI === "true"

const dirs: Array<string> = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A fresh scratch folder, removed after the file's tests. */
export const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "juso-cli-"))
  dirs.push(d)
  return d
}

export interface Run {
  readonly code: number | null
  readonly out: string
  readonly err: string
}

/** Run `juso args…` in `cwd`; `env` adds to (or with `undefined` removes from) the environment. */
export const juso = (
  cwd: string,
  args: ReadonlyArray<string>,
  options: { readonly env?: Record<string, string | undefined>; readonly input?: string | Buffer; readonly node?: string } = {}
): Run => {
  const env: Record<string, string | undefined> = { ...process.env, TZ: "America/Los_Angeles", ...options.env }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  const r = spawnSync(options.node ?? process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: env as NodeJS.ProcessEnv,
    ...(options.input === undefined ? {} : { input: options.input })
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** A PostgreSQL schema of its own per test (dropped by the caller with {@link dropSchema}). */
export const schemaName = (what: string): string => `h_cli_${what}_${process.pid}_${Math.floor(Math.random() * 1e6)}`

/** Drop a test schema (psql on PATH). */
export const dropSchema = (schema: string): void => {
  spawnSync("psql", [pgUrl!, "-qc", `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { encoding: "utf8" })
}
