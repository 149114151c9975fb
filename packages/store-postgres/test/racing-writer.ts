// The racing writers' script: records commands on one case in the schema named first.
import * as RacingWriters from "@kitakami-juso/testkit/RacingWriters"
import { PgEventStore } from "@kitakami-juso/store-postgres"
import { chainKey } from "./chain-key.ts"

RacingWriters.run(PgEventStore.layer({ url: process.env.JUSO_PG_URL!, schema: process.argv[2]!, maxConnections: 2, chainKey }))
