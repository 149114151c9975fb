// The reference read-model store (memory, in core) against the projection conformance kit.
import { EventStore, MemoryEventStore, ReadModelStore } from "@kitakami-juso/core"
import { ProjectionConformance } from "@kitakami-juso/testkit"
import { Effect, Layer } from "effect"

ProjectionConformance.suite("memory", {
  location: Effect.sync(() => ({ events: MemoryEventStore.make(), models: ReadModelStore.makeMemory() })),
  open: (l) => Layer.merge(Layer.succeed(EventStore.EventStore, l.events), Layer.succeed(ReadModelStore.ReadModelStore, l.models))
})
