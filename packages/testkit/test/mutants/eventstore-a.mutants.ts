// First half of the event-store mutants (two files, so the mutant run uses both workers).
import { eventStoreMutants } from "./eventStores.ts"

for (const m of eventStoreMutants.filter((_, i) => i % 2 === 0)) m.register()
