/**
 * The event-store conformance suite (AUD-1): the tests every `EventStore` adapter runs — ours
 * (memory, SQLite, PostgreSQL) and vendors' — in one line:
 *
 * ```ts
 * EventStoreConformance.suite("my-store", MyStore.layer(), { raw: …, crashSafety: … })
 * ```
 *
 * Built on `@effect/vitest`. Which tests run is decided by the capabilities the adapter
 * declares, not by skipping tests by name. Tests that share a store use fresh stream and
 * event ids; tests that need a pristine store (tamper, model, concurrency, crash) build a
 * fresh instance. The package README lists what each test proves.
 *
 * @module
 */
import { describe } from "@effect/vitest"
import { appendManyTests } from "./internal/appendMany.ts"
import { tamperTests } from "./internal/tamper.ts"
import * as Chain from "./eventstore/chain.ts"
import * as Concurrency from "./eventstore/concurrency.ts"
import * as Contract from "./eventstore/contract.ts"
import * as CrashSafety from "./eventstore/crashSafety.ts"
import * as FileStoreTests from "./eventstore/fileStore.ts"
import * as ModelBased from "./eventstore/modelBased.ts"
import * as Ordering from "./eventstore/ordering.ts"
import * as PayloadFidelity from "./eventstore/payloadFidelity.ts"
import * as Privacy from "./eventstore/privacy.ts"
import * as SizeLimit from "./eventstore/sizeLimit.ts"
import * as SlowWriter from "./eventstore/slowWriter.ts"
import * as StaleCache from "./eventstore/staleCache.ts"
import * as SuiteContext from "./eventstore/SuiteContext.ts"
import type { Capabilities, Description, Factory } from "./eventstore/capabilities.ts"

// ---------------------------------------------------------------------------------------------
// What an adapter hands the suite
// ---------------------------------------------------------------------------------------------

export type { Capabilities, CrashSafety, Description, Durable, Factory, FileStore } from "./eventstore/capabilities.ts"

/**
 * Register the conformance tests for one adapter under `describe(name)`: `suite(description)`
 * with the adapter's own {@link Description}, or `suite(name, factory, capabilities)`.
 *
 * @param name the adapter's name in the test report
 * @param factory a layer whose every build is a fresh empty store, or a {@link Durable}
 * @param capabilities what the adapter supports (turns test groups on)
 */
export function suite<R = never, L = never>(description: Description<R, L>): void
export function suite<R = never, L = never>(name: string, factory: Factory<R, L>, capabilities?: Capabilities<R, L>): void
export function suite<R = never, L = never>(
  nameOrDescription: string | Description<R, L>,
  factoryArg?: Factory<R, L>,
  capabilitiesArg?: Capabilities<R, L>
): void {
  const { capabilities = {}, factory, name } = typeof nameOrDescription === "string"
    ? { name: nameOrDescription, factory: factoryArg!, capabilities: capabilitiesArg }
    : nameOrDescription
  const ctx = SuiteContext.make(name, factory, capabilities)
  const { withFresh } = ctx
  const raw = capabilities.raw

  describe(name, () => {
    Contract.register(ctx)

    // ---------------------------------------------------------------------------------------
    // Tamper evidence (AUD-1), on fresh stores, through the raw backdoor
    // ---------------------------------------------------------------------------------------

    if (raw?.update !== undefined && raw.delete !== undefined) tamperTests(raw, withFresh, capabilities.chainKey)
    if (capabilities.appendMany === true) appendManyTests(raw, withFresh)

    ModelBased.register(ctx)
    Concurrency.register(ctx)
    SlowWriter.register(ctx)

    // Capability groups, one file each (src/eventstore/).
    PayloadFidelity.register(ctx)
    SizeLimit.register(ctx)
    Privacy.register(ctx)
    Ordering.register(ctx)
    Chain.register(ctx)
    StaleCache.register(ctx)
    FileStoreTests.register(ctx)
    CrashSafety.register(ctx)
  })
}
