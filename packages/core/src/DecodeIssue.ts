/**
 * Decoding untrusted JSON as one member of a tagged union, with errors written for people
 * (PLN-9, AUD-2): the `_tag` picks the member, so a problem is reported against that member only
 * (never against every branch of the union); a mistyped `_tag` names the closest valid one
 * ("did you mean ReferCase?"); unknown keys are refused and named; each issue is a field path and
 * what was expected there — never the value found, so no personal data reaches a message.
 *
 * @module
 */
import { Cause, Exit, Schema, SchemaIssue } from "effect"
import * as SchemaFastPath from "./SchemaFastPath.ts"

/** One problem found while decoding: where, and what was expected (never the value found, AUD-2). */
export interface Issue {
  readonly path: string
  readonly message: string
}

/** At most this many issues are reported for one input. */
export const MAX_ISSUES = 10

/** The edit distance of two short strings, case-insensitive (for "did you mean"). */
export const distance = (a: string, b: string): number => {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[t.length]!
}

/** The closest of `candidates` to `input`, when it is close enough to be a typo. */
export const closest = (input: string, candidates: ReadonlyArray<string>): string | undefined => {
  // Only a short input can be a typo of a name; a long one is not compared (and costs nothing).
  if (input.length > 64) return undefined
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    const d = distance(input, c)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined
}

// Input reporting is off (the default), so messages carry expectations only, never the input.
const formatter = SchemaIssue.makeFormatterStandardSchemaV1({
  leafHook: (issue) => {
    switch (issue._tag) {
      case "MissingKey":
        return "missing key (必須の項目がありません)"
      case "UnexpectedKey":
        return "unknown key (未知の項目です)"
      default:
        return SchemaIssue.defaultLeafHook(issue)
    }
  }
})

/**
 * A path segment as shown: schema keys and indices as they are; a key that came from the input and
 * does not look like a field name (it could be a name or an address) as `<key>` (AUD-2).
 */
const segment = (k: unknown): string => {
  const key = typeof k === "object" && k !== null && "key" in k ? (k as { readonly key: unknown }).key : k
  if (typeof key === "number") return String(key)
  const s = String(key)
  return /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/.test(s) ? s : "<key>"
}

const pathOf = (path: ReadonlyArray<unknown> | undefined): string => (path ?? []).map(segment).join(".")

/** The issues of a schema failure as paths and expectations, at most {@link MAX_ISSUES}. */
export const issuesOf = (cause: Cause.Cause<Schema.SchemaError>): ReadonlyArray<Issue> => {
  const error = Cause.squash(cause)
  if (!Schema.isSchemaError(error)) return [{ path: "", message: "undecodable input" }]
  return formatter(error.issue).issues.slice(0, MAX_ISSUES).map((i) => ({ path: pathOf(i.path), message: i.message }))
}

/** The outcome of {@link decoderFor}: the value, or the issues (and a one-line summary). */
export type Outcome<A> =
  | { readonly _tag: "Success"; readonly value: A }
  | { readonly _tag: "Failure"; readonly summary: string; readonly issues: ReadonlyArray<Issue> }

const fail = (summary: string, issues: ReadonlyArray<Issue>) => ({ _tag: "Failure", summary, issues }) as const

/**
 * A decoder for a tagged union given as its members: the `_tag` picks the member, unknown keys
 * are refused, and every failure is an {@link Outcome} of paths and expectations. `noun` names
 * what is decoded in messages ("command", "event"). Never throws, even on hostile input.
 */
export const decoderFor = <M extends Schema.Top>(members: ReadonlyArray<M>, noun: string) => {
  const byTag = new Map<string, (u: unknown) => Exit.Exit<M["Type"], Schema.SchemaError>>()
  const fastByTag = new Map<string, SchemaFastPath.Decoder>()
  for (const m of members) {
    const tag = (m as unknown as { readonly fields: { readonly _tag: { readonly schema: { readonly literal: string } } } }).fields._tag.schema.literal
    byTag.set(tag, Schema.decodeUnknownExit(m as unknown as Schema.Codec<M["Type"], unknown>, { errors: "all", onExcessProperty: "error" }))
    const fast = SchemaFastPath.compile(m)
    if (fast !== undefined) fastByTag.set(tag, fast)
  }
  const tags = [...byTag.keys()]
  return (input: unknown): Outcome<M["Type"]> => {
    try {
      if (input === null || typeof input !== "object" || Array.isArray(input)) {
        return fail(`not a ${noun}: expected a JSON object`, [{ path: "", message: `expected a JSON object (${noun})` }])
      }
      const tag: unknown = (input as { readonly _tag?: unknown })._tag
      if (typeof tag !== "string") {
        return fail(`not a ${noun}: _tag is missing`, [{ path: "_tag", message: `missing key: the kind of ${noun} (必須の項目がありません)` }])
      }
      const decode = byTag.get(tag)
      if (decode === undefined) {
        const suggestion = closest(tag, tags)
        const hint = suggestion === undefined ? `see the contract for the ${tags.length} kinds` : `did you mean ${suggestion}?`
        return fail(`unknown ${noun} _tag (${hint})`, [{ path: "_tag", message: `unknown ${noun}; ${hint}` }])
      }
      // Valid input takes the fast path; anything it does not accept, the interpreter decides.
      const fast = fastByTag.get(tag)
      if (fast !== undefined) {
        const value = fast(input)
        if (value !== SchemaFastPath.NO) return { _tag: "Success", value: value as M["Type"] }
      }
      const exit = decode(input)
      if (Exit.isSuccess(exit)) return { _tag: "Success", value: exit.value }
      const issues = issuesOf(exit.cause)
      const first = issues[0]
      const where = first === undefined ? "" : `: ${first.path === "" ? "" : `${first.path}: `}${first.message}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ""}`
      return fail(`not a valid ${tag}${where}`, issues)
    } catch {
      // A hostile input (a throwing getter or proxy) is refused like any other bad input.
      return fail(`input could not be read as a ${noun}`, [])
    }
  }
}
