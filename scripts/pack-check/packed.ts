/**
 * What `pack:check` reads from an installed (packed) package: its export entries, from its own
 * `package.json`, and the problems in its shipped files.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { dirname, join, relative, resolve, sep } from "node:path"

/** One entry of a package's `exports` map, as a user imports it. */
export interface Entry {
  /** e.g. `@kitakami-juso/testkit/CrashWriter`. */
  readonly specifier: string
  /** The `types` target, relative to the package folder, when the entry names one. */
  readonly types?: string | undefined
  readonly json: boolean
}

type Target = string | null | { readonly [condition: string]: Target } | ReadonlyArray<Target>

/** The first string target under the given conditions (depth first, in the map's order). */
const pick = (target: Target, conditions: ReadonlyArray<string>): string | undefined => {
  if (typeof target === "string") return target
  if (target === null) return undefined
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = pick(t, conditions)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const [condition, t] of Object.entries(target as { readonly [c: string]: Target })) {
    if (conditions.includes(condition)) {
      const found = pick(t, conditions)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** The `types` condition's target, wherever it is nested (a plain string target names none). */
const typesOf = (target: Target): string | undefined => {
  if (typeof target === "string" || target === null) return undefined
  const branches: ReadonlyArray<Target> = Array.isArray(target) ? target : Object.values(target as { readonly [c: string]: Target })
  if (!Array.isArray(target) && typeof (target as { readonly types?: Target }).types === "string") {
    return (target as { readonly types: string }).types
  }
  for (const t of branches) {
    const found = typesOf(t)
    if (found !== undefined) return found
  }
  return undefined
}

const filesUnder = (dir: string): ReadonlyArray<string> =>
  !existsSync(dir)
    ? []
    : readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name))

/** Every entry of the package's `exports` (a `*` pattern expands to the files it matches). */
export const entries = (pkgDir: string): ReadonlyArray<Entry> => {
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { name: string; exports?: Target }
  const raw = manifest.exports
  if (raw === undefined) return [{ specifier: manifest.name, json: false }]
  const map: Record<string, Target> = typeof raw === "string" || Array.isArray(raw) || raw === null || !Object.keys(raw).every((k) => k.startsWith("."))
    ? { ".": raw }
    : { ...(raw as Record<string, Target>) }
  const importConditions = ["node", "import", "default"]
  return Object.entries(map).flatMap(([subpath, target]): ReadonlyArray<Entry> => {
    const entry = (sub: string, t: Target, star?: string): Entry => {
      const types = typesOf(t)
      return {
        specifier: sub === "." ? manifest.name : `${manifest.name}/${sub.slice(2)}`,
        types: types === undefined || star === undefined ? types : types.replace("*", star),
        json: sub.endsWith(".json")
      }
    }
    if (!subpath.includes("*")) return [entry(subpath, target)]
    // "./x/*": "./dist/x/*.js" — one entry per shipped file the pattern matches.
    const pattern = pick(target, importConditions)
    if (pattern === undefined || target === null) return []
    const [prefix, suffix] = pattern.split("*") as [string, string]
    return filesUnder(dirname(join(pkgDir, prefix)))
      .map((f) => `./${relative(pkgDir, f).split(sep).join("/")}`)
      .filter((f) => f.startsWith(prefix) && f.endsWith(suffix) && f.length > prefix.length + suffix.length)
      .map((f) => {
        const star = f.slice(prefix.length, f.length - suffix.length)
        return entry(subpath.replace("*", star), target, star)
      })
  })
}

/** An ES module that imports every entry and prints one line each; exit code 1 if any fails. */
export const importScript = (list: ReadonlyArray<Entry>): string =>
  `const entries = ${JSON.stringify(list.map((e) => ({ specifier: e.specifier, json: e.json })))}
let failed = 0
for (const e of entries) {
  try {
    const m = await import(e.specifier, e.json ? { with: { type: "json" } } : undefined)
    console.log(\`ok    \${e.specifier} (\${Object.keys(m).length} exports)\`)
  } catch (error) {
    failed++
    console.log(\`FAIL  \${e.specifier}: \${error?.code ?? ""} \${String(error?.message ?? error).split("\\n")[0]}\`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
`

/** Builtins that exist only with the `node:` prefix, in case this Node does not list them. */
const prefixOnly = ["sea", "sqlite", "test", "test/reporters"]
const builtins = new Set([...builtinModules.map((m) => m.replace(/^node:/, "")), ...prefixOnly])
const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g
/** `Options$4`, `make$6`: what a declaration bundler does to clashing names. */
const renamed = /(?<![\w$])[A-Za-z_][\w]*\$\d+\b/g

/**
 * Problems in a packed package's files: renamed symbols in a `.d.ts`; a `.d.ts` without a
 * `.d.ts.map`, or whose map's sources are not the package's own shipped `src/` files; a builtin
 * imported without `node:` in a `.js` (a bundler's "sqlite" for "node:sqlite" cannot load).
 */
export const problems = (pkgDir: string): ReadonlyArray<string> => {
  const files = filesUnder(pkgDir).filter((f) => !relative(pkgDir, f).split(sep).includes("node_modules"))
  const src = join(pkgDir, "src") + sep
  const out: Array<string> = []
  const rel = (f: string) => relative(pkgDir, f)
  let declarations = 0
  for (const file of files) {
    if (file.endsWith(".d.ts")) {
      declarations++
      const names = [...new Set([...readFileSync(file, "utf8").matchAll(renamed)].map((m) => m[0]))]
      if (names.length > 0) out.push(`${rel(file)}: renamed symbols ${names.slice(0, 5).join(", ")}`)
      const mapFile = `${file}.map`
      if (!existsSync(mapFile)) {
        out.push(`${rel(file)}: no declaration map`)
        continue
      }
      const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources?: ReadonlyArray<string>; sourceRoot?: string }
      const sources = (map.sources ?? []).map((s) => resolve(dirname(mapFile), map.sourceRoot ?? "", s))
      if (sources.length === 0) out.push(`${rel(mapFile)}: no sources`)
      for (const s of sources) {
        if (!s.startsWith(src)) out.push(`${rel(mapFile)}: source ${relative(pkgDir, s)} is not under src/`)
        else if (!existsSync(s)) out.push(`${rel(mapFile)}: source ${rel(s)} is not in the package`)
      }
    } else if (/\.[cm]?js$/.test(file)) {
      for (const [, spec] of readFileSync(file, "utf8").matchAll(specifiers)) {
        if (spec !== undefined && builtins.has(spec)) out.push(`${rel(file)}: imports "${spec}" (must be "node:${spec}")`)
      }
    }
  }
  if (declarations === 0) out.push("ships no .d.ts")
  return out
}
