// The crash test's writer: appends to the SQLite file named on the command line until killed.
import * as CrashWriter from "@kitakami-juso/testkit/CrashWriter"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { chainKey } from "./chain-key.ts"

CrashWriter.run(SqliteEventStore.layer({ filename: process.argv[2]!, chainKey }))
