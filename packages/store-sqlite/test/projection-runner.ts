// The projection crash test's runner: rebuilds the read models in the SQLite file named on the command line until killed.
import { SqliteReadModels } from "@kitakami-juso/store-sqlite"
import * as ProjectionCrash from "@kitakami-juso/testkit/ProjectionCrash"

ProjectionCrash.run(SqliteReadModels.layer({ filename: process.argv[2]! }))
