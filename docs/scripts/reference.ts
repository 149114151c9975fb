/**
 * The command and event reference, laid out like FHIR resource pages: one page per command and
 * per event with its fields (path, type, required, description ja/en) and a JSON example.
 *
 * Generated from core's `effect/Schema` definitions (`Command.Command`, `DomainEvent.DomainEvent`)
 * through `Schema.toJsonSchemaDocument`, so it follows the contract as it changes. Descriptions
 * are read where present (`description`, and `descriptionJa` or `x-description-ja` for Japanese)
 * and shown as "–" where not yet written. Examples are the "8050" story's commands and the
 * events core records for them; personal fields are masked (AUD-2). The JSON Schema documents
 * are also written to site/public/schema/ for download.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Command, DomainEvent } from "@kitakami-juso/core"
import { Schema } from "effect"
import { runAll } from "../site/playground/run.ts"
import { story } from "../site/playground/story.ts"

type Json = { readonly [k: string]: any }

interface Field {
  readonly path: string
  readonly type: string
  readonly required: boolean
  readonly en: string
  readonly ja: string
}

const jaKeys = ["descriptionJa", "x-description-ja"]
const toDocument = (schema: Schema.Top) =>
  Schema.toJsonSchemaDocument(schema, { includeAnnotationKey: (k) => jaKeys.includes(k) })

const deref = (s: Json, defs: Json): Json => (typeof s.$ref === "string" ? deref(defs[s.$ref.split("/").pop()!] ?? {}, defs) : s)
const tagOf = (s: Json): string | undefined => s.properties?._tag?.enum?.[0]

const typeOf = (raw: Json, defs: Json): string => {
  const s = deref(raw, defs)
  if (Array.isArray(s.enum)) return s.enum.map((v: unknown) => JSON.stringify(v)).join(" | ")
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    return (s.anyOf ?? s.oneOf).map((m: Json) => tagOf(deref(m, defs)) ?? typeOf(m, defs)).join(" | ")
  }
  if (s.type === "array") return `Array<${typeOf(s.items ?? s.prefixItems?.[0] ?? {}, defs)}>`
  if (s.type === "object") return tagOf(s) ?? "object"
  const limits = [s.minLength !== undefined ? `≥${s.minLength}` : "", s.maxLength !== undefined ? `≤${s.maxLength}` : ""].filter(Boolean).join(", ")
  return `${s.type ?? "any"}${s.format ? ` (${s.format})` : ""}${limits ? ` (${limits} chars)` : ""}`
}

/** Every field of an object schema, nested objects and array items flattened into dotted paths. */
const fieldsOf = (raw: Json, defs: Json, prefix = ""): ReadonlyArray<Field> => {
  const s = deref(raw, defs)
  const required = new Set<string>(s.required ?? [])
  return Object.entries<Json>(s.properties ?? {}).flatMap(([name, p]) => {
    const ps = deref(p, defs)
    const path = `${prefix}${name}`
    const own: Field = {
      path,
      type: typeOf(p, defs),
      required: required.has(name),
      en: ps.description ?? p.description ?? "",
      ja: jaKeys.map((k) => ps[k] ?? p[k]).find((v) => typeof v === "string") ?? ""
    }
    const item = ps.type === "array" ? deref(ps.items ?? ps.prefixItems?.[0] ?? {}, defs) : undefined
    const nested = ps.type === "object" && ps.properties
      ? fieldsOf(ps, defs, `${path}.`)
      : item?.type === "object" && item.properties
      ? fieldsOf(item, defs, `${path}[].`)
      : (ps.anyOf ?? []).flatMap((m: Json) => {
        const v = deref(m, defs)
        return v.type === "object" && tagOf(v) ? fieldsOf(v, defs, `${path}{${tagOf(v)}}.`).filter((f) => !f.path.endsWith("._tag")) : []
      })
    return name === "_tag" && prefix !== "" ? [] : [own, ...nested]
  })
}

const mask = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(mask)
  : v !== null && typeof v === "object"
  ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "name" ? "（氏名 name）" : k === "address" ? "（住所 address）" : k === "note" || k === "summary" ? "（記録 note）" : mask(x)]))
  : v

const kebab = (tag: string) => tag.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()
const cell = (s: string) => (s === "" ? "–" : s.replace(/\|/g, "\\|").replace(/\n/g, " "))

type Write = (path: string, text: string) => void

export const referencePages = async (write: Write): Promise<{ readonly commands: number; readonly events: number }> => {
  const outcomes = await runAll(story)
  const commandExamples = new Map<string, unknown>()
  const eventExamples = new Map<string, unknown>()
  const encodeEvent = Schema.encodeUnknownSync(DomainEvent.DomainEvent)
  story.forEach((step, i) => {
    const o = outcomes[i]!
    if (step.kind !== "act") return
    const tag = String(step.command._tag)
    if (!commandExamples.has(tag)) commandExamples.set(tag, { commandId: `example-${kebab(tag)}`, ...step.command })
    if (o.kind === "accepted") for (const e of o.events) if (!eventExamples.has(e._tag)) eventExamples.set(e._tag, encodeEvent(e))
  })

  const publicDir = join(import.meta.dirname, "..", "site", "public", "schema")
  mkdirSync(publicDir, { recursive: true })
  const count = { commands: 0, events: 0 }
  for (const [kind, schema, examples] of [["commands", Command.Command, commandExamples], ["events", DomainEvent.DomainEvent, eventExamples]] as const) {
    const doc = toDocument(schema as Schema.Top)
    writeFileSync(join(publicDir, `${kind === "commands" ? "command" : "domain-event"}.json`), JSON.stringify(doc, null, 2))
    const defs: Json = doc.definitions ?? {}
    const members = ((doc.schema as Json).anyOf ?? (doc.schema as Json).oneOf ?? [doc.schema]).map((m: Json) => deref(m, defs))
    const rows: Array<[string, string, string]> = []
    for (const [order, m] of members.entries()) {
      const tag = tagOf(m) ?? `${kind}-${order}`
      const fields = fieldsOf(m, defs)
      const example = examples.get(tag)
      const table = (en: boolean) =>
        [
          en ? "| Field | Type | Required | Description (en) | 説明 (ja) |" : "| 項目 | 型 | 必須 | 説明 (ja) | Description (en) |",
          "|---|---|---|---|---|",
          ...fields.map((f) => `| \`${f.path}\` | ${cell(f.type)} | ${f.required ? (en ? "yes" : "必須") : (en ? "no" : "任意")} | ${en ? `${cell(f.en)} | ${cell(f.ja)}` : `${cell(f.ja)} | ${cell(f.en)}`} |`)
        ].join("\n")
      const json = example === undefined ? null : "```json\n" + JSON.stringify(mask(example), null, 2) + "\n```"
      const description = { en: m.description ?? "", ja: jaKeys.map((k) => m[k]).find((v) => typeof v === "string") ?? "" }
      const fm = (title: string, desc: string) => `---\ntitle: ${JSON.stringify(title)}\ndescription: ${JSON.stringify(desc)}\nsidebar:\n  order: ${order}\n---\n\n`
      const slug = `reference/${kind}/${kebab(tag)}`
      write(`${slug}.md`, fm(tag, `${kind === "commands" ? "コマンド" : "イベント"} ${tag} の項目と例`) + [
        description.ja || description.en ? `${description.ja}${description.ja && description.en ? "\n\n" : ""}${description.en}` : "",
        `**種類** ${kind === "commands" ? "コマンド（依頼）" : "ドメインイベント（記録された事実）"} ・ **\`_tag\`** \`"${tag}"\` ・ [JSON Schema](/schema/${kind === "commands" ? "command" : "domain-event"}.json)`,
        "## 項目",
        table(false),
        "## 例",
        json ?? "8050世帯のストーリーにはこの種類の例がありません。"
      ].filter(Boolean).join("\n\n") + "\n")
      write(`en/${slug}.md`, fm(tag, `The ${kind === "commands" ? "command" : "event"} ${tag}: fields and an example`) + [
        description.en || description.ja ? `${description.en}${description.ja && description.en ? "\n\n" : ""}${description.ja}` : "",
        `**Kind** ${kind === "commands" ? "command (a request)" : "domain event (a recorded fact)"} · **\`_tag\`** \`"${tag}"\` · [JSON Schema](/schema/${kind === "commands" ? "command" : "domain-event"}.json)`,
        "## Fields",
        table(true),
        "## Example",
        json ?? "The \"8050\" story has no example of this kind."
      ].filter(Boolean).join("\n\n") + "\n")
      rows.push([tag, `${kind}/${kebab(tag)}`, String(fields.filter((f) => f.required).length)])
      count[kind]++
    }
    const list = (en: boolean) => rows.map(([tag, path]) => `- [${tag}](${en ? "/en" : ""}/reference/${path}/)`).join("\n")
    write(`reference/${kind}/index.md`, `---\ntitle: ${kind === "commands" ? "コマンド一覧" : "イベント一覧"}\nsidebar:\n  order: -1\n---\n\n${kind === "commands" ? "コマンドは、記録を依頼するJSONです。コマンドハンドラーがルールに照らして受け付けるか拒否します（PLN-9）。" : "イベントは、受け付けられたコマンドが記録した事実です。履歴は追記のみです（AUD-1）。"}\n\n${list(false)}\n`)
    write(`en/reference/${kind}/index.md`, `---\ntitle: ${kind === "commands" ? "All commands" : "All events"}\nsidebar:\n  order: -1\n---\n\n${kind === "commands" ? "A command is JSON asking for something to be recorded; the command handler accepts or refuses it by the rules (PLN-9)." : "An event is a fact recorded by an accepted command; history is append-only (AUD-1)."}\n\n${list(true)}\n`)
  }
  return count
}
