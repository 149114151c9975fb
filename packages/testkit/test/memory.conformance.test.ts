// The kit tests itself against the reference adapter (AUD-1), described the way an adapter
// package describes itself: name, factory and the capabilities it declares. The chain unkeyed
// (plain SHA-256) and keyed with HMAC: the kit runs the attacks on both.
import { MemoryEventStore } from "@kitakami-juso/core"
import { EventStoreConformance } from "@kitakami-juso/testkit/event-store"
import { raw } from "./support/memoryRaw.ts"

EventStoreConformance.suite({ name: "memory", factory: MemoryEventStore.layerWithRaw(), capabilities: { raw, appendMany: true, typeHint: true } })

const chainKey = "memory-conformance-chain-key"
EventStoreConformance.suite({ name: "memory (keyed)", factory: MemoryEventStore.layerWithRaw({ chainKey }), capabilities: { raw, chainKey, appendMany: true, typeHint: true } })
