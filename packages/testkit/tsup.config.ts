import { packageConfig } from "../../tsup.base.ts"

export default packageConfig(["src/index.ts", "src/CrashWriter.ts", "src/EventHistory.ts", "src/ProjectionCrash.ts"])
