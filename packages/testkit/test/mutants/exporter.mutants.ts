// The exporter mutants.
import { ExporterConformance } from "@kitakami-juso/testkit/exporter"
import { exporterMutants } from "./exporters.ts"

for (const m of exporterMutants) ExporterConformance.suite({ name: m.name, layer: m.layer, ...m.options })
