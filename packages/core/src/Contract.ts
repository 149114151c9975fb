/**
 * The vendor contract: a JSON Schema (draft 2020-12) for every command and every event, generated
 * from the `effect/Schema` definitions of the registry (PLN-9, AUD-2), with a Japanese and English
 * description on every field and one valid example per command. The same documents ship as files
 * in the package (`@kitakami-juso/core/contract/commands/ReferCase.schema.json`, …) for tools in
 * other languages.
 *
 * The schemas are strict like the decoder: unknown keys are refused (`additionalProperties: false`),
 * ids and instants carry their patterns. The Effect decoder stays the final authority (a JSON Schema
 * cannot say that an agency is in the directory); a property test shows the two agree on valid and
 * mutated inputs.
 *
 * @module
 */
import { Schema } from "effect"
import * as Aggregates from "./Aggregates.ts"
import * as Examples from "./contract/examples.ts"
import * as Text from "./contract/text.ts"

/** The JSON Schema dialect of the contract. */
export const dialect = "https://json-schema.org/draft/2020-12/schema"

/** Whether a message is a command (asked for) or an event (recorded). */
export type Kind = "command" | "event"

/** A JSON Schema document, as plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown }

/** One message's schema: its `_tag`, whether it is a command or an event, and the document. */
export interface Entry {
  readonly tag: string
  readonly kind: Kind
  readonly schema: JsonSchema
}

/** The descriptions are both `description` (English) and `x-description-ja` (Japanese). */
export const JA = "x-description-ja"

type Mutable = { [key: string]: unknown }

const describe = (node: Mutable, text: Text.Text | undefined): void => {
  if (text === undefined) return
  node.description = text.en
  node[JA] = text.ja
}

/** Walk a generated schema, putting the field texts on every property (arrays as `[]`). */
const annotate = (tag: string, node: unknown, path: string): void => {
  if (node === null || typeof node !== "object") return
  const n = node as Mutable
  const properties = n.properties as Record<string, Mutable> | undefined
  if (properties !== undefined) {
    for (const [key, child] of Object.entries(properties)) {
      const childPath = path === "" ? key : `${path}.${key}`
      describe(child, Text.fieldText(tag, childPath))
      annotate(tag, child, childPath)
    }
  }
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const branches = n[key]
    if (Array.isArray(branches)) for (const b of branches) annotate(tag, b, path)
  }
  const element = path === "" ? "[]" : `${path}[]`
  if (Array.isArray(n.prefixItems)) for (const b of n.prefixItems) annotate(tag, b, element)
  if (n.items !== undefined && typeof n.items === "object") annotate(tag, n.items, element)
}

const tagOf = (member: Schema.Top): string => {
  const tag = (member as unknown as { readonly fields: { readonly _tag: { readonly schema: { readonly literal: string } } } }).fields._tag.schema.literal
  return tag
}

const generate = (member: Schema.Top, kind: Kind): Entry => {
  const tag = tagOf(member)
  const document = Schema.toJsonSchemaDocument(member, { onExcessProperty: "error" })
  if (Object.keys(document.definitions).length > 0) {
    throw new Error(`contract: ${tag} generated shared definitions; inline them or extend the contract generator`)
  }
  const schema = structuredClone(document.schema) as Mutable
  annotate(tag, schema, "")
  const text = Text.messages[tag]
  const example = kind === "command" ? Examples.commands[tag] : undefined
  return {
    tag,
    kind,
    schema: {
      $schema: dialect,
      $id: `urn:kitakami-juso:contract:${kind}:${tag}`,
      title: tag,
      ...(text === undefined ? {} : { description: text.en, [JA]: text.ja }),
      ...schema,
      ...(example === undefined ? {} : { examples: [example] })
    }
  }
}

let cache: ReadonlyArray<Entry> | undefined

/** Every command's and event's schema, commands first, in registry order. */
export const entries = (): ReadonlyArray<Entry> => {
  cache ??= [
    ...Aggregates.Command.members.map((m) => generate(m as Schema.Top, "command")),
    ...Aggregates.DomainEvent.members.map((m) => generate(m as Schema.Top, "event"))
  ]
  return cache
}

/** The schema of one command or event by its `_tag` (undefined when there is none). */
export const schemaOf = (tag: string): JsonSchema | undefined => entries().find((e) => e.tag === tag)?.schema

/**
 * One document for every message of a kind: each message under `$defs`, and the document itself
 * accepting exactly one of them (`oneOf` of `$ref`s).
 */
export const bundle = (kind: Kind): JsonSchema => {
  const members = entries().filter((e) => e.kind === kind)
  const title = kind === "command" ? "Command" : "DomainEvent"
  const text = kind === "command"
    ? { en: "Every command of @kitakami-juso/core.", ja: "@kitakami-juso/core のすべてのコマンド。" }
    : { en: "Every domain event of @kitakami-juso/core (the stored payloads).", ja: "@kitakami-juso/core のすべてのドメインイベント (保存される内容)。" }
  return {
    $schema: dialect,
    $id: `urn:kitakami-juso:contract:${kind}s`,
    title,
    description: text.en,
    [JA]: text.ja,
    oneOf: members.map((e) => ({ $ref: `#/$defs/${e.tag}` })),
    $defs: Object.fromEntries(members.map((e) => {
      const { $schema: _, ...rest } = e.schema
      return [e.tag, rest]
    }))
  }
}

/** The files the package ships: path under `contract/` → document. */
export const files = (): ReadonlyArray<readonly [string, JsonSchema]> => [
  ["commands.schema.json", bundle("command")],
  ["events.schema.json", bundle("event")],
  ...entries().map((e) => [`${e.kind === "command" ? "commands" : "events"}/${e.tag}.schema.json`, e.schema] as const)
]

/** The one valid example of each command, by `_tag` (its JSON form). */
export const examples: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Examples.commands
