// The crash test's writer: appends to the schema named on the command line until killed.
import * as CrashWriter from "@kitakami-juso/testkit/CrashWriter"
import { PgEventStore } from "@kitakami-juso/store-postgres"
import { chainKey } from "./chain-key.ts"

CrashWriter.run(PgEventStore.layer({ url: process.env.JUSO_PG_URL!, schema: process.argv[2]!, maxConnections: 2, chainKey }))
