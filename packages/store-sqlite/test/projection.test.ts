// The SQLite read models against the projection conformance kit (AUD-1, read side): two
// connections to one file for the racing runners, a runner process killed with SIGKILL.
import { SqliteReadModels } from "@kitakami-juso/store-sqlite"
import { ProjectionConformance } from "@kitakami-juso/testkit"
import { tempFile } from "./fixtures.ts"

ProjectionConformance.suite("sqlite", {
  location: tempFile,
  open: (filename) => SqliteReadModels.layer({ filename })
}, {
  crash: { runner: new URL("./projection-runner.ts", import.meta.url), args: (filename) => [filename] }
})
