// The projection crash test's runner: rebuilds the read models in the schema named on the command line until killed.
import { PgReadModels } from "@kitakami-juso/store-postgres"
import * as ProjectionCrash from "@kitakami-juso/testkit/ProjectionCrash"

ProjectionCrash.run(PgReadModels.layer({ url: process.env.JUSO_PG_URL!, schema: process.argv[2]!, maxConnections: 2 }))
