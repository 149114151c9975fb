// The crash test's writer: appends to the file named on the command line until killed.
import * as CrashWriter from "@kitakami-juso/testkit/CrashWriter"
import * as JsonLinesEventStore from "../src/JsonLinesEventStore.ts"

CrashWriter.run(JsonLinesEventStore.layer({ path: process.argv[2]! }))
