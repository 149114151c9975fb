// The read side in a small app (docs/projections.md): record a few commands in one SQLite
// database, catch the read models up (read-your-writes), list the cases — ids and codes only —
// and ask "may this agency see this member's information here, now?" without loading a stream.
//
// Run: pnpm --filter @kitakami-juso/examples-read-side start [database file, default in memory]
import { CommandHandler, Disclosure, Instant, Kitakami, ProjectionRunner, ReadSide } from "@kitakami-juso/core"
import { SqliteReadModels } from "@kitakami-juso/store-sqlite"
import { Effect, Layer } from "effect"

const CITY = "city-chiiki-fukushi"
const OP = "shakyo"
const HOKATSU = "hokatsu-hondori"
const KIKAN = "shogai-kikan-sodan" // 基幹相談支援センター
const CORE = ["city-choju-kaigo", "city-shogai-fukushi", "city-kosodate-shien", "city-chiiki-fukushi", "city-hoken", "shakyo"]
const jst = (local: string) => `${local}:00+09:00`

const commands = [
  { _tag: "EstablishRegister", commandId: "ex-1", at: jst("2025-04-01T09:00"), by: CITY, members: CORE },
  {
    _tag: "ReferCase",
    commandId: "ex-2",
    caseId: "c8050",
    at: jst("2025-04-10T10:00"),
    by: HOKATSU,
    members: [
      { memberId: "p1", role: "person", relation: "self", name: "北上 太郎" },
      { memberId: "p2", role: "household-member", relation: "parent", name: "北上 花子" }
    ]
  },
  // MTG-3: the operator's own judgement after the referral opens multi-agency intake.
  { _tag: "JudgeCoordination", commandId: "ex-2b", caseId: "c8050", needed: true, at: jst("2025-04-11T10:00"), by: OP },
  {
    _tag: "RecordConsent",
    commandId: "ex-3",
    caseId: "c8050",
    consentId: "cn-p2",
    memberId: "p2",
    grantor: { _tag: "Self" },
    purposes: ["multi-agency-collaboration", "information-sharing"],
    agencies: [OP, CITY, HOKATSU, KIKAN],
    method: "written",
    validFrom: jst("2025-05-01T10:00"),
    at: jst("2025-05-01T10:00"),
    by: OP
  },
  { _tag: "WithdrawConsent", commandId: "ex-4", caseId: "c8050", consentId: "cn-p2", at: jst("2025-09-01T10:00"), by: OP }
]

const program = Effect.gen(function*() {
  const handler = yield* CommandHandler.CommandHandler
  const read = yield* ReadSide.ReadSide
  for (const c of commands) {
    yield* handler.handleUnknown(c)
    // Read-your-writes: catch the read models up right after the command.
    yield* ProjectionRunner.catchUpAll(ReadSide.projections(Kitakami.catalog))
  }

  console.log("事例一覧 Cases (ids and codes only)")
  const page = yield* read.cases({ statuses: ["open"], limit: 20 })
  for (const c of page.cases) {
    console.log(`  ${c.caseId} ${c.status} referred ${c.referredAt} by ${c.referredBy} centre ${c.centre ?? "-"} districts ${c.districts.join(",")} members ${c.memberIds.join(",")}`)
  }

  const ask = (agency: string, setting: Disclosure.Setting, at: string) =>
    Effect.map(
      read.disclosure({ caseId: "c8050", memberId: "p2", agency, setting, at: Instant.make(jst(at)) }),
      (a) => console.log(`  ${agency} / ${setting} / ${at}: ${a.allowed ? "allowed" : "denied"} [${a.because.rule}] ${a.because.explanation}`)
    )
  console.log("\n開示の問い合わせ Disclosure questions about member p2")
  yield* ask(KIKAN, "individual-case-meeting", "2025-06-10T14:00")
  yield* ask(KIKAN, "individual-case-meeting", "2025-10-10T14:00")
  yield* ask("city-hoken", "support-meeting", "2025-06-10T14:00")
  yield* ask(KIKAN, "support-meeting", "2025-06-10T14:00")

  const consents = yield* read.consents("c8050", "p2", Instant.make(jst("2025-10-10T14:00")))
  console.log(`\n同意 Consents of p2 on 2025-10-10: in force ${consents.inForce.length}; history ${consents.history.map((c) => `${c.consentId} ${c.status}`).join(", ")}`)
})

const filename = process.argv[2] ?? ":memory:"
const stores = SqliteReadModels.layer({ filename })
const layer = Layer.mergeAll(CommandHandler.layer({ revisions: Kitakami.revisions }), ReadSide.layer(Kitakami.catalog)).pipe(Layer.provideMerge(stores))
Effect.runPromise(Effect.provide(program, layer)).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
