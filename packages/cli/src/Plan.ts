/**
 * `juso catalog` and `juso district`: the plan as data (ORG-1, ORG-2). No store is opened.
 *
 * @module
 */
import { Catalog, District } from "@kitakami-juso/core"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Failure from "./Failure.ts"
import * as Text from "./Text.ts"

/** `juso catalog [--json]`. */
export const catalog = (input: { readonly json: boolean }) =>
  Effect.gen(function*() {
    const k = Catalog.kitakami
    if (input.json) return yield* Console.log(JSON.stringify(Catalog.encode(k), null, 2))
    const sectionName = (id: string) => k.directory.sections.find((s) => s.id === id)?.name ?? id
    yield* Console.log(`${k.plan.name} — revision ${k.revision.id}\n`)
    yield* Console.log(Text.table(
      ["ID", "機関 Agency", "事業 Programs", "担当課 Section"],
      k.directory.agencies.map((a) => [a.id, a.name, a.programs.join(", "), a.sections.map(sectionName).join("・")])
    ))
    yield* Console.log("")
    yield* Console.log(Text.table(
      ["地区 District", "地域包括支援センター Centre", "ブランチ等 Branch/satellite"],
      District.routingTable(k).map((r) => [r.district.name, r.centre.name, r.branches.map((b) => b.name).join("・")])
    ))
  })

/** `juso district NAME [--json]` (ORG-2): an unknown district is refused input (exit 1). */
export const district = (input: { readonly name: string; readonly json: boolean }) =>
  District.route(Catalog.kitakami, input.name).pipe(
    Effect.mapError((e) => new Failure.InputError({ message: `地区が見つかりません district not found: ${e.message}` })),
    Effect.flatMap((a) =>
      Console.log(
        input.json
          ? JSON.stringify({ district: a.district.name, centre: a.centre.name, branches: a.branches.map((b) => b.name) })
          : `${a.district.name} → ${a.centre.name}${a.branches.length === 0 ? "" : ` (+ ${a.branches.map((b) => b.name).join("・")})`}`
      )
    )
  )
