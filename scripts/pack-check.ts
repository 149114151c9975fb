/**
 * `./dev pack:check` (= `pnpm pack:check`): do the published packages work outside this
 * repository, the way a user gets them? (issue 8)
 *
 * 1. Builds every package from scratch (`pnpm build`, after removing each `dist/`).
 * 2. `pnpm pack`s every published (non-private) workspace package.
 * 3. For each Node version — the one running this script and the lowest one the packages declare
 *    in `engines` (installed from npm into the ignored `.cache/node-<version>/` when missing) — makes
 *    an app in a fresh temporary folder outside the workspace, `npm install`s the tarballs there
 *    (no workspace links) on that Node, and then:
 *    - imports every entry of every package's (packed) `exports` map, so new subpaths are covered;
 *    - checks the packed declarations: no renamed symbols (`Options$4`), a `.d.ts.map` beside every
 *      `.d.ts` whose sources are the package's own `src/` files (shipped), no bare builtin
 *      specifiers (`"sqlite"` for `"node:sqlite"`) in the JavaScript;
 *    - runs `smoke.ts` (scripts/pack-check/smoke.ts): a case, a consent and a meeting on SQLite,
 *      the FY2025 indicator table, CSV and XLSX;
 *    - type-checks `smoke.ts` and the ```ts blocks of the packed core README under `strict`;
 *    - runs the packed `juso --help` and `juso demo --db :memory:`.
 * 4. Removes every temporary folder (unless `--keep`) and exits non-zero naming what failed.
 *
 * Options: `--node <binary>` (repeatable) replaces the default Node list; `--keep` keeps the
 * temporary folders and prints where they are.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, delimiter, dirname, join, resolve } from "node:path"
import { parseArgs } from "node:util"
import * as Packed from "./pack-check/packed.ts"

const root = resolve(import.meta.dirname, "..")
const { values: flags } = parseArgs({ options: { node: { type: "string", multiple: true }, keep: { type: "boolean" } } })
const started = Date.now()
const temps: Array<string> = []
const failures: Array<string> = []

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`
const step = (what: string) => console.log(`\n== pack:check: ${what}`)

/** A step that failed: `why` is printed with the tail of the command's output. */
class Failed extends Error {}

/** Run a command; its output is returned, or printed (last 40 lines) when it fails. */
const run = (cmd: string, args: ReadonlyArray<string>, options: SpawnSyncOptions & { label: string }): string => {
  const t = Date.now()
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options })
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`
  if (r.status !== 0) {
    console.log(output.trimEnd().split("\n").slice(-40).map((l) => `    | ${l}`).join("\n"))
    throw new Failed(`${options.label} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`)
  }
  console.log(`  ✓ ${options.label} (${seconds(t)})`)
  return output
}

/** Run one check; a failure is recorded and the next check still runs. */
const attempt = (fn: () => void) => {
  try {
    fn()
  } catch (e) {
    if (!(e instanceof Failed)) throw e
    console.log(`  ✗ ${e.message}`)
    failures.push(e.message)
  }
}

const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `juso-pack-check-${name}-`))
  temps.push(dir)
  return dir
}

interface Workspace {
  readonly name: string
  readonly version: string
  readonly path: string
  readonly private?: boolean
}

/** Workspace packages from pnpm itself, so a new package is covered without editing this file. */
const published = (): ReadonlyArray<Workspace> =>
  (JSON.parse(run("pnpm", ["ls", "-r", "--depth", "-1", "--json"], { cwd: root, label: "list workspace packages" })) as ReadonlyArray<Workspace>)
    .filter((p) => p.private !== true && p.path !== root)

/** The lowest Node every published package accepts (`engines.node: ">=22.19"` → 22.19.0). */
const lowestNode = (packages: ReadonlyArray<Workspace>): string => {
  const versions = packages.map((p) => {
    const range = (JSON.parse(readFileSync(join(p.path, "package.json"), "utf8")) as { engines?: { node?: string } }).engines?.node
    const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range?.trim() ?? "")
    if (!m) throw new Failed(`${p.name}: engines.node must be ">=X.Y[.Z]" (is ${JSON.stringify(range)})`)
    return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] as const
  })
  const [a, b, c] = versions.reduce((x, y) => (x[0] - y[0] || x[1] - y[1] || x[2] - y[2]) >= 0 ? x : y)
  return `${a}.${b}.${c}`
}

/** A Node binary of exactly `version`, from npm into the ignored `.cache/` (never global). */
const nodeBinary = (version: string): string => {
  const bin = join(root, ".cache", `node-${version}`, "node_modules", ".bin", "node")
  if (!existsSync(bin)) {
    run("npm", ["i", "--prefix", dirname(dirname(dirname(bin))), "--no-audit", "--no-fund", "--no-save", "--loglevel=error", `node@${version}`], {
      cwd: root,
      label: `install node@${version} into .cache/ (once)`
    })
  }
  return bin
}

const nodeVersion = (bin: string) => spawnSync(bin, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim()

/** The workspace's own copy of a tool, so the outside app type-checks with the same version. */
const workspaceVersion = (pkg: string) => (JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version

/** Extract the ```ts blocks of a README into files, one per block. */
const readmeBlocks = (readme: string, dir: string, prefix: string): ReadonlyArray<string> => {
  mkdirSync(dir, { recursive: true })
  const blocks = [...readFileSync(readme, "utf8").matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]!)
  return blocks.map((code, i) => {
    const file = join(dir, `${prefix}-${i + 1}.ts`)
    writeFileSync(file, code.includes("import ") || code.includes("export ") ? code : `${code}\nexport {}\n`)
    return file
  })
}

/** The optional peer dependencies of the published packages (not themselves workspace packages), with their ranges. */
const optionalPeers = (packages: ReadonlyArray<Workspace>): Record<string, string> => {
  const names = new Set(packages.map((p) => p.name))
  const out: Record<string, string> = {}
  for (const p of packages) {
    const pkg = JSON.parse(readFileSync(join(p.path, "package.json"), "utf8")) as {
      peerDependencies?: Record<string, string>
      peerDependenciesMeta?: Record<string, { optional?: boolean }>
    }
    for (const [name, meta] of Object.entries(pkg.peerDependenciesMeta ?? {})) {
      const range = pkg.peerDependencies?.[name]
      if (meta.optional === true && range !== undefined && !names.has(name)) out[name] = range
    }
  }
  return out
}

/** Everything the check does in one outside app on one Node. */
const checkOn = (node: string, tarballs: ReadonlyArray<string>, packages: ReadonlyArray<Workspace>) => {
  const version = nodeVersion(node)
  step(`Node ${version} (${node})`)
  const app = tempDir(`node${version.split(".")[0]}`)
  // npm, tsc and the `juso` bin run on this Node: it comes first on PATH.
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ""}`, npm_config_update_notifier: "false" }
  const corePeers = (JSON.parse(readFileSync(join(root, "packages/core/package.json"), "utf8")) as { peerDependencies: Record<string, string> }).peerDependencies
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({
      name: "juso-outside-app",
      private: true,
      type: "module",
      // The packages, effect, and the optional peers a user of every entry installs (e.g. the
      // exporter kit's csv-parse, exceljs and iconv-lite), at the ranges the packages declare.
      dependencies: { ...optionalPeers(packages), ...Object.fromEntries(packages.map((p, i) => [p.name, `file:${tarballs[i]}`])), effect: corePeers.effect },
      devDependencies: { typescript: workspaceVersion("typescript"), "@types/node": workspaceVersion("@types/node") }
    }, null, 2)
  )
  run("npm", ["install", "--no-audit", "--no-fund", "--engine-strict", "--loglevel=error"], { cwd: app, env, label: `npm install ${tarballs.length} tarballs into ${app}` })

  attempt(() => {
    const entries = packages.flatMap((p) => Packed.entries(join(app, "node_modules", p.name)).map((e) => ({ ...e, pkg: p.name })))
    writeFileSync(join(app, "imports.mjs"), Packed.importScript(entries))
    const out = run(node, ["imports.mjs"], { cwd: app, env, label: `import ${entries.length} export entries of ${packages.length} packages` })
    process.stdout.write(out.split("\n").filter(Boolean).map((l) => `      ${l}\n`).join(""))
    const missing = entries.flatMap((e) => e.types !== undefined && !existsSync(join(app, "node_modules", e.pkg, e.types)) ? [`${e.specifier} → ${e.types}`] : [])
    if (missing.length > 0) throw new Failed(`declarations named in exports are missing: ${missing.join(", ")}`)
  })
  attempt(() => {
    const problems = packages.flatMap((p) => Packed.problems(join(app, "node_modules", p.name)).map((m) => `${p.name}: ${m}`))
    if (problems.length > 0) {
      console.log(problems.slice(0, 30).map((m) => `    | ${m}`).join("\n"))
      throw new Failed(`${problems.length} problem(s) in the packed dist/ (renamed symbols, declaration maps, node: specifiers)`)
    }
    console.log("  ✓ declarations: no renamed symbols; every .d.ts has a map into the shipped src/; every builtin import keeps node:")
  })
  attempt(() => {
    copyFileSync(join(import.meta.dirname, "pack-check", "smoke.ts"), join(app, "smoke.ts"))
    const out = run(node, ["--disable-warning=ExperimentalWarning", "smoke.ts", app], { cwd: app, env, label: "smoke.ts: case, consent and meeting on SQLite; FY2025 table; CSV and XLSX" })
    process.stdout.write(out.split("\n").filter(Boolean).map((l) => `      ${l}\n`).join(""))
  })
  attempt(() => {
    const readme = readmeBlocks(join(app, "node_modules", "@kitakami-juso/core", "README.md"), join(app, "readme"), "core")
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "ES2023", module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], noEmit: true, skipLibCheck: false },
        include: ["smoke.ts", "readme"]
      }, null, 2)
    )
    run(node, [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], {
      cwd: app,
      env,
      label: `tsc --strict (skipLibCheck off): smoke.ts and ${readme.length} example(s) from the core README`
    })
  })
  attempt(() => {
    const juso = join(app, "node_modules", ".bin", "juso")
    const help = run(juso, ["--help"], { cwd: app, env, label: "juso --help" })
    if (!/\bdemo\b/.test(help)) throw new Failed("juso --help does not mention the demo command")
    run(juso, ["demo", "--db", ":memory:"], { cwd: app, env, label: "juso demo --db :memory:" })
  })
}

const main = () => {
  step("build from scratch")
  const packages = published()
  console.log(`  published packages: ${packages.map((p) => `${p.name}@${p.version}`).join(", ")}`)
  for (const p of packages) rmSync(join(p.path, "dist"), { recursive: true, force: true })
  run("pnpm", ["run", "build"], { cwd: root, label: "pnpm build" })
  const unbuilt = packages.filter((p) => !existsSync(join(p.path, "dist")))
  if (unbuilt.length > 0) {
    throw new Failed(`pnpm build made no dist/ for ${unbuilt.map((p) => p.name).join(", ")} (each package needs a tsconfig.build.json, see docs/ARCHITECTURE.md)`)
  }

  step("pnpm pack")
  const dest = tempDir("tarballs")
  const tarballs = packages.map((p) => {
    const before = new Set(readdirSync(dest))
    run("pnpm", ["pack", "--pack-destination", dest], { cwd: p.path, label: `pack ${p.name}` })
    const made = readdirSync(dest).filter((f) => !before.has(f))
    if (made.length !== 1) throw new Failed(`pnpm pack of ${p.name} made ${made.length} tarballs`)
    return join(dest, made[0]!)
  })
  console.log(`  tarballs in ${dest}: ${tarballs.map((t) => basename(t)).join(", ")}`)

  const nodes = flags.node ?? [process.execPath, nodeBinary(lowestNode(packages))]
  const seen = new Set<string>()
  for (const node of nodes) {
    const v = nodeVersion(node)
    if (seen.has(v)) continue
    seen.add(v)
    attempt(() => checkOn(node, tarballs, packages))
  }
}

try {
  main()
} catch (e) {
  if (!(e instanceof Failed)) throw e
  failures.push(e.message)
} finally {
  if (flags.keep) console.log(`\nkept: ${temps.join(", ")}`)
  else for (const dir of temps) rmSync(dir, { recursive: true, force: true })
}

if (failures.length > 0) {
  console.error(`\npack:check FAILED after ${seconds(started)}:\n${failures.map((f) => `  - ${f}`).join("\n")}`)
  process.exit(1)
}
console.log(`\npack:check passed in ${seconds(started)}`)
