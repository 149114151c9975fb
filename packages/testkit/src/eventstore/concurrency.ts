/**
 * Concurrent writers (`concurrentWriters`, default on): on overlapping streams, optionally over
 * several connections to one `Durable` location. @internal
 */
import { describe, it } from "@effect/vitest"
import { EventStore } from "@kitakami-juso/core"
import { Context, Effect, Layer } from "effect"
import { concurrencyRun } from "../internal/concurrency.ts"
import { isDurable } from "../internal/helpers.ts"
import type { SuiteContext } from "./SuiteContext.ts"

export const register = <R, L>(ctx: SuiteContext<R, L>): void => {
  const { capabilities, factory, freshContext } = ctx
  const concurrency = capabilities.concurrentWriters === false
    ? undefined
    : capabilities.concurrentWriters === true || capabilities.concurrentWriters === undefined
    ? { writers: 20, connections: 1 }
    : { writers: capabilities.concurrentWriters.writers ?? 20, connections: capabilities.concurrentWriters.connections ?? 1 }

  if (concurrency !== undefined) {
    describe("concurrency", () => {
      it.live(`${concurrency.writers} writers on overlapping streams${concurrency.connections > 1 ? ` over ${concurrency.connections} connections` : ""}: each expected version wins once, nothing lost or duplicated, the feed read meanwhile sees every event once`, () =>
        Effect.scoped(Effect.gen(function*() {
          const stores: Array<EventStore.EventStoreShape> = []
          if (concurrency.connections > 1) {
            if (!isDurable(factory)) return yield* Effect.die(new Error("concurrentWriters.connections needs a Durable factory"))
            const location = yield* factory.location
            for (let c = 0; c < concurrency.connections; c++) {
              stores.push(Context.get(yield* Layer.build(Layer.fresh(factory.open(location))), EventStore.EventStore))
            }
          } else {
            stores.push(Context.get(yield* freshContext, EventStore.EventStore))
          }
          yield* concurrencyRun(stores, concurrency.writers)
        })), 120_000)
    })
  }
}
