// The crash test's writer for the mutant suite's file store: appends to the file named on the command line until killed.
import * as CrashWriter from "@kitakami-juso/testkit/CrashWriter"
import * as FileStore from "./FileStore.ts"

CrashWriter.run(FileStore.layer(process.argv[2]!))
