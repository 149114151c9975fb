// Second half of the event-store mutants.
import { eventStoreMutants } from "./eventStores.ts"

for (const m of eventStoreMutants.filter((_, i) => i % 2 === 1)) m.register()
