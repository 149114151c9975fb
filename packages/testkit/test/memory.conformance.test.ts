// The kit tests itself against the reference adapter (AUD-1), described the way an adapter
// package describes itself: name, factory and the capabilities it declares.
import { MemoryEventStore } from "@kitakami-juso/core"
import { EventStoreConformance } from "@kitakami-juso/testkit/event-store"
import { raw } from "./support/memoryRaw.ts"

const memory: EventStoreConformance.Description<MemoryEventStore.Raw, never> = {
  name: "memory",
  factory: MemoryEventStore.layerWithRaw(),
  capabilities: { raw }
}

EventStoreConformance.suite(memory)
