// The racing writers' script: records commands on one case in the SQLite file named first.
import * as RacingWriters from "@kitakami-juso/testkit/RacingWriters"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { chainKey } from "./chain-key.ts"

RacingWriters.run(SqliteEventStore.layer({ filename: process.argv[2]!, chainKey }))
