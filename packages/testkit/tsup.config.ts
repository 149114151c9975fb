import { packageConfig } from "../../tsup.base.ts"

export default packageConfig(["src/index.ts", "src/event-store.ts", "src/exporter.ts", "src/CrashWriter.ts"])
