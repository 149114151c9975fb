/**
 * Decoding stored events: `DomainEvent.decode` (Effect Schema, all errors collected) beside Zod 4
 * `safeParse` on an equivalent schema (`bench/peers/zod-domain-event.ts`), on the real event mix
 * of the demo households (`bench/workload.ts`).
 *
 * First the two must agree: on every real event and on mutations of each (a key removed, a value
 * of the wrong type, empty, too long, out of range, a malformed id or instant, an empty list, an
 * extra key, another `_tag`), both accept or both refuse. A disagreement stops the benchmark.
 * Target (issue 14): ours ≥ 1× Zod 4. Run by `bench/run.ts`.
 */
import { DomainEvent } from "@kitakami-juso/core"
import { emit, interleave, rounds } from "./report.ts"
import { DomainEvent as ZodDomainEvent } from "./peers/zod-domain-event.ts"
import { realEvents } from "./workload.ts"

const events = await realEvents(4)
const tags = [...new Set(events.map((e) => (e as { _tag: string })._tag))]
const ALL_TAGS = [
  "CaseReferred", "CoordinationJudged", "HouseholdMemberAdded", "ConsentRecorded", "ConsentDeclined", "ConsentWithdrawn", "InformationRecorded",
  "AssessmentRecorded", "PlanDrafted", "PlanRevised", "PlanReviewed", "PlanDecided", "SupportStarted", "FollowUpRecorded", "MonitoringRecorded",
  "SupporterSupportRecorded", "PlanEndEvaluated", "CaseClosed", "CaseReopened", "MeetingHeld", "CaseTabled", "DecisionRecorded",
  "TopicDiscussed", "RegisterEstablished", "MemberAppointed", "MemberRetired", "ContactRecorded", "SurveyResultRecorded"
]

type Json = null | boolean | number | string | Array<Json> | { [k: string]: Json }

/** Every path to a value inside `v` (object keys and array indexes). */
const paths = (v: Json, at: Array<string | number> = []): Array<Array<string | number>> => {
  if (Array.isArray(v)) return [...(at.length > 0 ? [at] : []), ...v.flatMap((x, i) => paths(x, [...at, i]))]
  if (v !== null && typeof v === "object") return [...(at.length > 0 ? [at] : []), ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))]
  return [at]
}
const get = (v: Json, path: ReadonlyArray<string | number>): Json => path.reduce<Json>((o, k) => (o as Record<string | number, Json>)[k]!, v)
const withAt = (v: Json, path: ReadonlyArray<string | number>, f: (x: Json) => Json | undefined): Json => {
  const copy: Json = structuredClone(v)
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, Json>
  const key = path[path.length - 1]!
  const next = f(parent[key]!)
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete parent[key]
  } else parent[key] = next
  return copy
}

/** Mutations of one event, each named by its path and kind (never by value: AUD-2). */
const mutations = (e: Json): Array<{ name: string; input: Json }> => {
  const out: Array<{ name: string; input: Json }> = [{ name: "extra key", input: { ...(e as object), extra: 1 } }]
  for (const t of ALL_TAGS) if (t !== (e as { _tag: string })._tag) out.push({ name: `_tag → ${t}`, input: { ...(e as object), _tag: t } })
  for (const p of paths(e)) {
    const name = p.join(".")
    const x = get(e, p)
    const m = (kind: string, f: (x: Json) => Json | undefined) => out.push({ name: `${name}: ${kind}`, input: withAt(e, p, f) })
    m("removed", () => undefined)
    m("null", () => null)
    if (typeof x === "string") {
      m("a number", () => 42)
      m("empty", () => "")
      m("with a space", (s) => `${s as string} x`)
      m("201 characters", () => "a".repeat(201))
      m("65 characters", () => "a".repeat(65))
      m("20,001 characters", () => "a".repeat(20_001))
      // Lengths count code points (TextLength): astral characters at and over the limits.
      m("200 astral characters", () => "𠮷".repeat(200))
      m("201 astral characters", () => "𠮷".repeat(201))
      m("20,000 astral characters", () => "𠮷".repeat(20_000))
      m("a day that does not exist", () => "2025-02-30T10:00:00+09:00")
      m("month 13", () => "2025-13-01T00:00:00Z")
      m("ISO without offset", () => "2025-04-01T09:00:00")
    } else if (typeof x === "number") {
      m("a string", (n) => String(n))
      m("a fraction", (n) => (n as number) + 0.5)
      m("-1", () => -1)
      m("0", () => 0)
      m("101", () => 101)
      m("3000", () => 3000)
    } else if (typeof x === "boolean") {
      m("a string", (b) => String(b))
    } else if (Array.isArray(x)) {
      m("empty list", () => [])
      m("an object", () => ({}))
      if (x.length > 0) m("first repeated", (xs) => [...(xs as Array<Json>), (xs as Array<Json>)[0]!])
    } else if (x !== null && typeof x === "object") {
      m("a list", () => [])
      m("extra key", (o) => ({ ...(o as object), extra: 1 }))
    }
  }
  return out
}

const effectAccepts = (input: unknown) => DomainEvent.decode(input)._tag === "Success"
const zodAccepts = (input: unknown) => ZodDomainEvent.safeParse(input).success

let checked = 0
let refused = 0
const disagreements: Array<string> = []
for (const e of events) {
  const tag = (e as { _tag: string })._tag
  if (!effectAccepts(e) || !zodAccepts(e)) disagreements.push(`${tag}: the real event (Effect ${effectAccepts(e)}, Zod ${zodAccepts(e)})`)
  checked++
  for (const { input, name } of mutations(e as Json)) {
    const a = effectAccepts(input)
    const b = zodAccepts(input)
    checked++
    if (!a) refused++
    if (a !== b) disagreements.push(`${tag} ${name}: Effect ${a ? "accepts" : "refuses"}, Zod ${b ? "accepts" : "refuses"}`)
  }
}
console.log(`decode: ${events.length} real events of ${tags.length} types; the schemas agree on ${checked - disagreements.length} of ${checked} inputs (${refused} refused by both or by Effect)`)
if (disagreements.length > 0) {
  console.error(`decode: the Zod schema is not equivalent to DomainEvent on ${disagreements.length} input(s):\n  ${[...new Set(disagreements)].slice(0, 15).join("\n  ")}`)
  process.exit(2)
}

const REPEAT = 400
const decodeAll = (f: (e: unknown) => unknown) => () => {
  for (let r = 0; r < REPEAT; r++) for (let i = 0; i < events.length; i++) f(events[i])
  return REPEAT * events.length
}
const contenders = { ours: decodeAll(DomainEvent.decode), zod: decodeAll((e) => ZodDomainEvent.safeParse(e)) }
await interleave(contenders, 2) // warm-up
const rates = await interleave(contenders, rounds(5))
emit([{
  workload: `decode DomainEvent, real mix (${events.length} events of ${tags.length} types)`,
  ours: rates.ours.wall,
  against: "Zod 4 safeParse, equivalent schema",
  theirs: rates.zod.wall,
  cpuRatio: rates.ours.cpu / rates.zod.cpu,
  unit: "events/s",
  better: "higher",
  target: 1,
  note: `schemas agree on ${checked} inputs`
}])
