import { DomainEvent } from "@kitakami-juso/core"
import { Schema } from "effect"
import { SchemaJITCompiler } from "effect/schema"
import { realEvents } from "/work/main/bench/workload.ts"
import { DomainEvent as Z } from "./peers/zod-domain-event.ts"
const events = await realEvents(4)
const mode = process.argv[2]
if (mode.startsWith("jit")) for (const m of (DomainEvent.DomainEvent as any).members) SchemaJITCompiler.enable(m.ast)
const opts = mode.endsWith("strict") ? { errors: "all", onExcessProperty: "error" } as const : mode.endsWith("excess") ? { onExcessProperty: "error" } as const : {}
const dec = new Map<string, any>()
for (const m of (DomainEvent.DomainEvent as any).members) dec.set(m.fields._tag.schema.literal, Schema.decodeUnknownExit(m, opts))
const run = (f: (e: any) => unknown) => { const c0 = process.cpuUsage(); let n = 0
  for (let r = 0; r < 500; r++) for (const e of events) { f(e); n++ }
  const cpu = process.cpuUsage(c0); return n / ((cpu.user + cpu.system) / 1e6) }
const ours = (e: any) => dec.get(e._tag)(e), zod = (e: any) => Z.safeParse(e)
run(ours); run(zod); run(ours); run(zod)
const ratios: number[] = []
for (let i = 0; i < 7; i++) { const a = run(ours); const b = run(zod); ratios.push(a / b) }
ratios.sort(); console.log(mode, "median ratio ours/zod", ratios[3].toFixed(2), dec.get(events[3]._tag)(events[3])._tag)
