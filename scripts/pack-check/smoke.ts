/**
 * The small program `pnpm pack:check` runs in an app outside the workspace, against the packed
 * and npm-installed packages, the way a user writes it: only the public entry points. It records
 * a case, a consent and a meeting in a SQLite file (PLN-1, CNS-2, MTG-4), reads the FY2025
 * indicator table back from the stored events (KPI-9), and exports it as CSV and XLSX. It exits
 * non-zero with a one-line reason when anything is off. Type-checked there under `strict`.
 *
 * Usage (inside that app): `node smoke.ts <output-folder>`.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Catalog, Command, CommandHandler, FiscalYear, IndicatorReport, Kitakami } from "@kitakami-juso/core"
import { CsvExporter } from "@kitakami-juso/export-csv"
import { XlsxExporter } from "@kitakami-juso/export-xlsx"
import { SqliteEventStore } from "@kitakami-juso/store-sqlite"
import { Effect, Layer, Result } from "effect"

const out = process.argv[2] ?? "."
const catalog = Kitakami.catalog
const OPERATOR = Catalog.multiAgencyOperator(catalog)
const CITY = "city-chiiki-fukushi"
const HOKATSU = "hokatsu-hondori"
const son = { memberId: "son", role: "person", relation: "self", name: "北上 一郎", address: "北上市本通り" }

/** What a city tool would receive as JSON: decoded by the public schema, refused when invalid. */
const inputs: ReadonlyArray<unknown> = [
  { _tag: "ReferCase", commandId: "pc-1", caseId: "c1", at: "2025-04-10T10:00:00+09:00", by: HOKATSU, members: [son], note: "相談" },
  // MTG-3: the operator's own judgement after a referral opens multi-agency intake.
  { _tag: "JudgeCoordination", commandId: "pc-1b", caseId: "c1", needed: true, at: "2025-04-11T10:00:00+09:00", by: OPERATOR },
  {
    _tag: "RecordConsent",
    commandId: "pc-2",
    caseId: "c1",
    consentId: "cn-1",
    memberId: "son",
    grantor: { _tag: "Self" },
    purposes: ["multi-agency-collaboration", "information-sharing"],
    agencies: [OPERATOR, CITY, HOKATSU],
    method: "written",
    validFrom: "2025-05-23T10:00:00+09:00",
    at: "2025-05-23T10:00:00+09:00",
    by: OPERATOR
  },
  {
    _tag: "HoldMeeting",
    commandId: "pc-3",
    meetingId: "icm-1",
    at: "2025-06-12T14:00:00+09:00",
    by: OPERATOR,
    meetingType: "multi-layered-support-meeting",
    kind: "individual-case",
    attendees: [OPERATOR, CITY, HOKATSU]
  }
]

const fail = (why: string): never => {
  console.error(`smoke: ${why}`)
  process.exit(1)
}

const program = Effect.gen(function*() {
  const handler = yield* CommandHandler.CommandHandler
  for (const input of inputs) {
    const decoded = Command.decode(input)
    if (Result.isFailure(decoded)) return fail(`a valid command did not decode: ${decoded.failure.message}`)
    const handled = yield* handler.handle(decoded.success)
    console.log(`  recorded ${decoded.success._tag} → ${handled.events.map((e) => e._tag).join(", ")}`)
  }
  if (Result.isSuccess(Command.decode({ _tag: "ReferCase" }))) fail("an incomplete command decoded")

  const events = yield* handler.events
  const fy = FiscalYear.make(2025)
  const report = IndicatorReport.forYear({ catalog, events, surveys: [], generatedAt: new Date(), fiscalYear: fy })
  for (const exporter of [CsvExporter.make(), XlsxExporter.make()]) {
    const summary = yield* exporter.export(report, join(out, `indicators${exporter.format.extension}`))
    const rows = summary.tables.reduce((n, t) => n + t.rows, 0)
    if (rows === 0) fail(`the ${FiscalYear.label(fy)} indicator table exported as ${exporter.format.id} has no rows`)
    for (const file of summary.files) {
      if (!existsSync(file)) fail(`${exporter.format.id} export wrote no ${file}`)
      console.log(`  ${FiscalYear.label(fy)}: ${rows} indicator rows → ${file}`)
    }
  }
  return events.length
})

const store = SqliteEventStore.layer({ filename: join(out, "juso.sqlite") })
const count = await Effect.runPromise(
  program.pipe(Effect.provide(CommandHandler.layer({ revisions: Kitakami.revisions }).pipe(Layer.provideMerge(store))))
)
// A report with several tables is written as one CSV per table: `<name>.<table id>.csv`.
const csv = readFileSync(join(out, "indicators.indicators.csv"), "utf8")
if (!csv.includes("KPI-1")) fail("the CSV export has no KPI-1 row")
if (readFileSync(join(out, "indicators.xlsx")).subarray(0, 2).toString() !== "PK") fail("the XLSX export is not a zip")
console.log(`  ok: ${count} events on SQLite, CSV and XLSX written`)
