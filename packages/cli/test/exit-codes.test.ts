/**
 * Every command's documented exit codes (docs/cli.md: 0 done, 1 refused or invalid input, 2 usage,
 * 3 storage), spawned through the bin against SQLite and PostgreSQL. Read-only commands never
 * create a store (issue 12).
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { afterAll, describe, expect, it } from "vitest"
import { demo, demoFile, dropSchema, inCi, juso, pgUrl, type Run, schemaName, tmp } from "./support/juso.ts"

interface Backend {
  readonly name: string
  /** Flags for a fresh store of this backend. */
  readonly store: (cwd: string) => ReadonlyArray<string>
  /** Flags naming a store that does not exist. */
  readonly missing: (cwd: string) => ReadonlyArray<string>
  readonly missingSays: RegExp
}

const schemas: Array<string> = []
afterAll(() => schemas.forEach(dropSchema))

const sqlite: Backend = {
  name: "SQLite",
  store: (cwd) => ["--db", join(cwd, "juso.sqlite")],
  missing: (cwd) => ["--db", join(cwd, "no", "such", "tyop.sqlite")],
  missingSays: /ストアがありません.*No store at/
}

const postgres: Backend = {
  name: "PostgreSQL",
  store: () => {
    const schema = schemaName("exit")
    schemas.push(schema)
    // `--pg-url` alone selects PostgreSQL (never a silent SQLite fallback).
    return ["--pg-url", pgUrl!, "--pg-schema", schema]
  },
  missing: () => {
    const u = new URL(pgUrl!)
    u.pathname = "/juso_no_such_database"
    return ["--pg-url", u.toString()]
  },
  missingSays: /データベースが存在しません.*MissingDatabase/
}

const expectExit = (r: Run, code: number) => expect(r.code, `exit ${r.code}\nstdout: ${r.out}\nstderr: ${r.err}`).toBe(code)

const backends = [sqlite, ...(pgUrl !== undefined || inCi ? [postgres] : [])]
if (pgUrl === undefined && !inCi) it.skip("PostgreSQL exit codes (skipped: set JUSO_PG_URL)", () => {})

describe.each(backends)("juso exit codes on $name", (backend) => {
  it("demo: 0 done (JSON summary with --json); 3 when the store cannot be opened", () => {
    if (backend === postgres && pgUrl === undefined) throw new Error("CI is set but JUSO_PG_URL is not")
    const cwd = tmp()
    const r = juso(cwd, ["demo", ...backend.store(cwd), "--out", "out", "--json"])
    expectExit(r, 0)
    const summary = JSON.parse(r.out) as { ok: boolean; recorded: { recorded: number }; verified: { ok: boolean }; files: Array<string> }
    expect(summary).toMatchObject({ ok: true, recorded: { recorded: demo.length }, verified: { ok: true } })
    expect(new Set(summary.files.map((f) => f.split(".").at(-1)))).toEqual(new Set(["csv", "xlsx", "json", "html"]))
    const bad = backend === sqlite ? ["--db", cwd] : backend.missing(cwd)
    const broken = juso(cwd, ["demo", ...bad, "--out", "out2"])
    expectExit(broken, 3)
    expect(broken.err).toMatch(/retry/)
  })

  it("apply: 0 from a file and from stdin (-); 1 refused, malformed, missing or reused id with other content; 2 without FILE", () => {
    const cwd = tmp()
    const store = backend.store(cwd)
    writeFileSync(join(cwd, "first.json"), JSON.stringify(demo.slice(0, 2)))
    expectExit(juso(cwd, ["apply", "first.json", ...store]), 0)
    const piped = juso(cwd, ["apply", "-", ...store, "--json"], { input: JSON.stringify(demo.slice(2, 4)) })
    expectExit(piped, 0)
    expect(JSON.parse(piped.out)).toMatchObject({ ok: true, total: 2, recorded: 2 })
    const draft = demo.find((c) => c._tag === "DraftPlan")!
    writeFileSync(join(cwd, "refused.json"), JSON.stringify([{ ...draft, commandId: "early-draft" }]))
    const refused = juso(cwd, ["apply", "refused.json", ...store, "--json"])
    expectExit(refused, 1)
    expect(JSON.parse(refused.out)).toMatchObject({ ok: false, exitCode: 1, error: { tag: "Refused", rule: "CNS-2" } })
    writeFileSync(join(cwd, "broken.json"), "[{")
    expectExit(juso(cwd, ["apply", "broken.json", ...store]), 1)
    // AUD-2: a CSV of names passed as JSON: line and column, never the text.
    writeFileSync(join(cwd, "people.csv"), "山田 太郎,北上市本通り1-2-3\n北上 花子,北上市本通り\n")
    const csv = juso(cwd, ["apply", "people.csv", ...store])
    expectExit(csv, 1)
    expect(csv.err).toContain("line 1, column 1")
    expect(csv.out + csv.err).not.toMatch(/山田|本通り/)
    // A misspelt key is refused and named (PLN-9), not dropped.
    writeFileSync(join(cwd, "misspelt.json"), JSON.stringify([{ ...demo[0], notes: "x" }]))
    const misspelt = juso(cwd, ["apply", "misspelt.json", ...store])
    expectExit(misspelt, 1)
    expect(misspelt.err).toContain("notes")
    expectExit(juso(cwd, ["apply", "nope.json", ...store]), 1)
    // The same command id with other content is the caller's mistake (exit 1), not a storage failure.
    writeFileSync(join(cwd, "reused.json"), JSON.stringify([{ ...demo[1], at: "2025-04-11T10:00:00+09:00" }]))
    const reused = juso(cwd, ["apply", "reused.json", ...store])
    expectExit(reused, 1)
    expect(reused.err).not.toMatch(/storage|ストアエラー/i)
    expectExit(juso(cwd, ["apply", ...store]), 2)
  })

  it("cases and rebuild (AUD-1, AUD-2): 0 listing cases from the read models, ids only; 1 unknown district; 2 bad limit; 3 missing store", () => {
    const cwd = tmp()
    const store = backend.store(cwd)
    writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
    expectExit(juso(cwd, ["apply", "demo.json", ...store]), 0)
    const listed = juso(cwd, ["cases", ...store, "--json"])
    expectExit(listed, 0)
    const page = JSON.parse(listed.out) as { cases: Array<{ caseId: string; status: string }> }
    expect(page.cases.map((c) => c.caseId)).toEqual(["c8050"])
    expect(listed.out).not.toMatch(/北上 |本通り[0-9一二三]/)
    expect(JSON.parse(juso(cwd, ["cases", ...store, "--json", "--status", "open"]).out).cases).toEqual([])
    expect(JSON.parse(juso(cwd, ["cases", ...store, "--json", "--district", "黒沢尻北"]).out).cases).toHaveLength(1)
    expectExit(juso(cwd, ["cases", ...store, "--district", "北上駅前"]), 1)
    expectExit(juso(cwd, ["cases", ...store, "--limit", "0"]), 2)
    const rebuilt = juso(cwd, ["rebuild", ...store, "--json"])
    expectExit(rebuilt, 0)
    expect(JSON.parse(rebuilt.out)).toMatchObject({ ok: true })
    expect(JSON.parse(juso(cwd, ["cases", ...store, "--json"]).out).cases).toHaveLength(1)
    expectExit(juso(cwd, ["cases", ...backend.missing(cwd)]), 3)
    expectExit(juso(cwd, ["rebuild", ...backend.missing(cwd)]), 3)
  })

  it("verify: 0 intact; 3 on a missing store, which is not created", () => {
    const cwd = tmp()
    const store = backend.store(cwd)
    writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
    expectExit(juso(cwd, ["apply", "demo.json", ...store]), 0)
    const ok = juso(cwd, ["verify", ...store, "--json"])
    expectExit(ok, 0)
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true })
    const missing = juso(cwd, ["verify", ...backend.missing(cwd)])
    expectExit(missing, 3)
    expect(missing.err).toMatch(backend.missingSays)
    expect(missing.err).toContain("再試行しても解決しません")
    expect(existsSync(join(cwd, "no"))).toBe(false)
  })

  it("report: 0 table, CSV to stdout and JSON; 1 bad --fy or no export key; 2 unknown format; 3 missing store (not created)", () => {
    const cwd = tmp()
    const store = backend.store(cwd)
    writeFileSync(join(cwd, "demo.json"), JSON.stringify(demo))
    expectExit(juso(cwd, ["apply", "demo.json", ...store]), 0)
    const table = juso(cwd, ["report", ...store, "--fy", "R7"])
    expectExit(table, 0)
    expect(table.out).toMatch(/KPI-2\s+支援会議実施回数\s+回\s+–\s+2\s+12/)
    const csv = juso(cwd, ["report", ...store, "--fy", "令和7年度", "--format", "csv", "--out", "-"])
    expectExit(csv, 0)
    expect(csv.out).toContain("16.7%")
    expect(csv.out).not.toContain("16.666")
    const json = juso(cwd, ["report", ...store, "--fy=FY2025", "--json"])
    expectExit(json, 0)
    expect(JSON.parse(json.out)).toMatchObject({ id: "indicators-FY2025" })
    const fy = juso(cwd, ["report", ...store, "--fy", "20x5"])
    expectExit(fy, 1)
    expect(fy.err).toContain("--fy must be a fiscal year")
    expectExit(juso(cwd, ["report", "plans", ...store], { env: { JUSO_EXPORT_KEY: undefined } }), 1)
    expectExit(juso(cwd, ["report", ...store, "--format", "pdf"]), 2)
    const missing = juso(cwd, ["report", ...backend.missing(cwd)])
    expectExit(missing, 3)
    expect(missing.out).toBe("")
    expect(existsSync(join(cwd, "no"))).toBe(false)
  })
})

describe("juso exit codes of the plan commands and usage", () => {
  it("catalog: 0 (JSON with --json); 2 with an extra argument", () => {
    const cwd = tmp()
    const r = juso(cwd, ["catalog", "--json"])
    expectExit(r, 0)
    expect(JSON.parse(r.out)).toHaveProperty("directory")
    expectExit(juso(cwd, ["catalog", "extra"]), 2)
  })

  it("ORG-2 district: 0 routed (JSON with --json); 1 unknown district (names the valid ones); 2 without NAME", () => {
    const cwd = tmp()
    const ok = juso(cwd, ["district", "相去", "--json"])
    expectExit(ok, 0)
    expect(JSON.parse(ok.out)).toMatchObject({ district: "相去", centre: expect.stringContaining("北上中央") })
    const bad = juso(cwd, ["district", "黒沢尻"])
    expectExit(bad, 1)
    expect(bad.err).toContain("黒沢尻北")
    expectExit(juso(cwd, ["district"]), 2)
  })

  it("usage: 2 for an unknown command or flag (with did-you-mean), conflicting store flags, --pg without a URL", () => {
    const cwd = tmp()
    const cmd = juso(cwd, ["reprot"])
    expectExit(cmd, 2)
    expect(cmd.err).toMatch(/もしかして Did you mean this\?\s+report/)
    const flag = juso(cwd, ["report", "--formt", "csv"])
    expectExit(flag, 2)
    expect(flag.err).toMatch(/--format/)
    const both = juso(cwd, ["verify", "--db", "x.sqlite", "--pg-url", "postgres://localhost/x", "--json"])
    expectExit(both, 2)
    expect(JSON.parse(both.out)).toMatchObject({ ok: false, exitCode: 2, error: { tag: "UsageError" } })
    expectExit(juso(cwd, ["verify", "--pg"], { env: { JUSO_PG_URL: undefined } }), 2)
    expect(existsSync(join(cwd, ".juso"))).toBe(false)
  })
})

describe.skipIf(pgUrl === undefined && !inCi)("read-only commands on PostgreSQL", () => {
  it("report and verify on a schema without a store: exit 3, and no schema or table is created", () => {
    if (pgUrl === undefined) throw new Error("CI is set but JUSO_PG_URL is not")
    const schema = schemaName("empty")
    schemas.push(schema)
    for (const command of ["report", "verify"]) {
      const r = juso(tmp(), [command, "--pg-url", pgUrl, "--pg-schema", schema])
      expectExit(r, 3)
      expect(r.err).toContain(`No store in schema ${schema}`)
    }
    const exists = spawnSync("psql", [pgUrl, "-Atc", `SELECT count(*) FROM information_schema.schemata WHERE schema_name = '${schema}'`], { encoding: "utf8" })
    expect(exists.stdout.trim()).toBe("0")
  })

  it("an unreachable server is a storage failure that retrying may fix", () => {
    const u = new URL(pgUrl ?? "postgres://postgres@127.0.0.1:5432/test")
    u.port = "1"
    const r = juso(tmp(), ["verify", "--pg-url", u.toString()])
    expectExit(r, 3)
    expect(r.err).toContain("retrying may help")
  })
})

describe("AUD-1 verify on a tampered SQLite history", () => {
  it("exits 1 and names the stream and the problem", () => {
    const cwd = tmp()
    expectExit(juso(cwd, ["apply", demoFile, "--db", "t.sqlite"]), 0)
    const db = new DatabaseSync(join(cwd, "t.sqlite"))
    // Tamper as an attacker with file access would: remove the append-only triggers, edit a row.
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()) db.exec(`DROP TRIGGER "${String(t.name)}"`)
    db.exec(`UPDATE event_store_events SET payload = replace(payload, '2025', '2024') WHERE position = 2`)
    db.close()
    const r = juso(cwd, ["verify", "--db", "t.sqlite"])
    expectExit(r, 1)
    expect(r.err).toMatch(/改ざんの疑い.*hash-mismatch/s)
    const json = juso(cwd, ["verify", "--db", "t.sqlite", "--json"])
    expectExit(json, 1)
    // One JSON document: the failure, naming the rule and where the chain breaks.
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, exitCode: 1, error: { tag: "Refused", rule: "AUD-1", message: expect.stringContaining("hash-mismatch") } })
  })
})

describe("AUD-1 verify checkpoints", () => {
  it("verify prints a checkpoint to keep; --since proves the history only grew, and a rolled-back copy is refused (read-only)", () => {
    const cwd = tmp()
    writeFileSync(join(cwd, "first.json"), JSON.stringify(demo.slice(0, 3)))
    expectExit(juso(cwd, ["apply", "first.json", "--db", "t.sqlite"]), 0)
    const first = juso(cwd, ["verify", "--db", "t.sqlite", "--json"])
    expectExit(first, 0)
    expect(JSON.parse(first.out).checkpoint).toMatchObject({ count: 3 })
    writeFileSync(join(cwd, "cp1.json"), first.out)
    copyFileSync(join(cwd, "t.sqlite"), join(cwd, "old.sqlite"))
    expectExit(juso(cwd, ["apply", demoFile, "--db", "t.sqlite"]), 0)
    expectExit(juso(cwd, ["verify", "--db", "t.sqlite", "--since", "cp1.json"]), 0)
    writeFileSync(join(cwd, "cp2.json"), juso(cwd, ["verify", "--db", "t.sqlite", "--json"]).out)
    const rolledBack = juso(cwd, ["verify", "--db", "old.sqlite", "--since", "cp2.json", "--read-only"])
    expectExit(rolledBack, 1)
    expect(rolledBack.err).toContain("history-shrunk")
    writeFileSync(join(cwd, "junk.json"), "{}")
    expectExit(juso(cwd, ["verify", "--db", "t.sqlite", "--since", "junk.json"]), 1)
  })
})

describe("open failures name what is wrong", () => {
  it("a directory, a file that is not SQLite, and a missing folder are storage failures (3) that retrying will not fix", () => {
    const cwd = tmp()
    mkdirSync(join(cwd, "dir.sqlite"))
    writeFileSync(join(cwd, "text.sqlite"), "not a database")
    const dir = juso(cwd, ["verify", "--db", "dir.sqlite"])
    expectExit(dir, 3)
    expect(dir.err).toContain("is a directory")
    const text = juso(cwd, ["report", "--db", "text.sqlite"])
    expectExit(text, 3)
    expect(text.err).toContain("is not an SQLite database")
    for (const r of [dir, text]) expect(r.err).toContain("retrying will not help")
  })
})
