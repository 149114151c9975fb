/**
 * Test support: Kitakami's catalog as mutable JSON-shaped data, and the refusal message a
 * mutated copy gets. Each test edits a fresh copy, so tests never share state.
 */
import { Effect } from "effect"
import { Catalog, Kitakami } from "@kitakami-juso/core"

type DeepMutable<T> = T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T

export type Draft = DeepMutable<typeof Catalog.Catalog.Encoded>
export type DraftAgency = Draft["directory"]["agencies"][number]

/** A fresh, editable copy of Kitakami's catalog in its encoded (JSON) form. */
export const draft = (): Draft => structuredClone(Catalog.encode(Kitakami.catalog)) as Draft

/** The agency with this id in a draft (throws if absent, so a typo fails the test). */
export const agencyIn = (d: Draft, id: string): DraftAgency => {
  const a = d.directory.agencies.find((x) => x.id === id)
  if (a === undefined) throw new Error(`no agency ${id} in draft`)
  return a
}

/** Decode a draft that must be refused; returns the InvalidCatalog message (throws if accepted). */
export const refusal = (input: unknown): string => {
  const error = Effect.runSync(Effect.flip(Catalog.decode(input)))
  if (error._tag !== "InvalidCatalog") throw new Error(`unexpected error ${String(error)}`)
  return error.message
}

/** Decode a draft that must be accepted. */
export const accepted = (input: unknown): Catalog.Catalog => Effect.runSync(Catalog.decode(input))
