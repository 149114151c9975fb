// The PostgreSQL read models against the projection conformance kit (AUD-1, read side): two
// pools on one schema for the racing runners, a runner process killed with SIGKILL.
import { PgReadModels } from "@kitakami-juso/store-postgres"
import { ProjectionConformance } from "@kitakami-juso/testkit"
import { schema, withPostgres } from "./fixtures.ts"

withPostgres("postgres read models", (url) =>
  ProjectionConformance.suite("postgres", {
    location: schema(url),
    open: (name) => PgReadModels.layer({ url, schema: name, maxConnections: 4 })
  }, {
    crash: { runner: new URL("./projection-runner.ts", import.meta.url), args: (name) => [name] }
  }))
