/**
 * `juso`: the command line of kitakami-juso, on `effect/cli`. This module holds the command tree
 * (flags, arguments, help, examples) and the exit-code mapping only; each command's work lives
 * in a module imported when that command runs, so `--help` and usage errors never load the
 * stores, the exporters or the domain (issue 8: fast help).
 *
 * Exit codes (docs/cli.md): 0 done, 1 refused or invalid input (nothing changed), 2 usage,
 * 3 storage. Messages are Japanese first, then English; they carry ids, paths and rule IDs,
 * never personal data (AUD-2).
 *
 * @module
 */
import { createRequire } from "node:module"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Cause from "effect/Cause"
import { Argument, CliConfig, CliError, CliOutput, Command, Flag, GlobalFlag } from "effect/cli"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Failure from "./Failure.ts"
import * as HelpText from "./HelpText.ts"

/** The package version (`juso --version`). */
export const version: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version

// ---------------------------------------------------------------------------------------------
// Flags shared by several commands
// ---------------------------------------------------------------------------------------------

const storeFlags = {
  db: Flag.String("db").pipe(
    Flag.withMetavar("FILE"),
    Flag.withDescription("SQLite ファイル (既定 .juso/juso.sqlite; :memory: は一時ストア)。SQLite file (default .juso/juso.sqlite)"),
    Flag.optional
  ),
  pg: Flag.String("pg").pipe(
    Flag.withOptionalValue(""),
    Flag.withMetavar("URL"),
    Flag.withDescription("PostgreSQL を使う (--pg=URL、または JUSO_PG_URL)。Use PostgreSQL (--pg=URL, or JUSO_PG_URL)"),
    Flag.optional
  ),
  pgUrl: Flag.String("pg-url").pipe(
    Flag.withMetavar("URL"),
    Flag.withDescription("PostgreSQL の URL (PostgreSQL を選びます)。PostgreSQL URL (selects PostgreSQL)"),
    Flag.optional
  ),
  pgSchema: Flag.String("pg-schema").pipe(
    Flag.withMetavar("NAME"),
    Flag.withDescription("PostgreSQL のスキーマ (既定 public)。Schema holding the tables (default public)"),
    Flag.optional
  )
}

const json = Flag.Boolean("json").pipe(
  Flag.withDescription("機械可読の JSON を標準出力へ。Machine-readable JSON on stdout"),
  Flag.withDefault(false)
)

/** Import a command module only when its command runs. */
const lazy = <M, A, E>(load: () => Promise<M>, run: (m: M) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.flatMap(Effect.promise(load), run)

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

const apply = Command.make(
  "apply",
  {
    file: Argument.String("FILE").pipe(
      Argument.withDescription("コマンドの JSON 配列のファイル (- は標準入力)。A JSON array of commands (- reads stdin)")
    ),
    ...storeFlags,
    json
  },
  (input) => lazy(() => import("./Recording.ts"), (m) => m.apply(input))
).pipe(
  Command.withDescription(
    "記録: コマンドの一括を判定して記録します。一つでも拒否されれば何も記録しません (PLN-9)。Decide and record a batch of commands; nothing is recorded unless every command is accepted"
  ),
  Command.withExamples([
    { command: "juso apply commands.json", description: "ファイルから記録 Record from a file" },
    { command: "cat commands.json | juso apply - --pg=postgres://localhost/juso", description: "標準入力から PostgreSQL へ From stdin into PostgreSQL" }
  ])
)

const verify = Command.make(
  "verify",
  {
    since: Flag.String("since").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("前回のチェックポイント (verify --json の出力) 以降、履歴が増えただけか確かめる。Prove the history only grew since a kept checkpoint"),
      Flag.optional
    ),
    readOnly: Flag.Boolean("read-only").pipe(
      Flag.withDescription("SQLite を読み取り専用で開く (証拠のコピー用)。Open SQLite read-only (an evidence copy)"),
      Flag.withDefault(false)
    ),
    ...storeFlags,
    json
  },
  (input) => lazy(() => import("./Recording.ts"), (m) => m.verify(input))
).pipe(
  Command.withDescription(
    "検証: 履歴のハッシュチェーンを再計算し、チェックポイントを表示します (AUD-1)。ストアを作成しません。Recompute the hash chain and print a checkpoint to keep; never creates a store"
  ),
  Command.withExamples([
    { command: "juso verify", description: "既定の SQLite ストア The default SQLite store" },
    { command: "juso verify --json > checkpoint.json", description: "チェックポイントを保存 Keep the checkpoint" },
    { command: "juso verify --since checkpoint.json --db copy.sqlite --read-only", description: "保存したチェックポイント以降を証拠のコピーで検証 Check an evidence copy against it" },
    { command: "juso verify --pg --json", description: "PostgreSQL (JUSO_PG_URL)、JSON で As JSON, on PostgreSQL" }
  ])
)

/** The reports `juso report` knows. */
export const reportKinds = ["indicators", "period", "outreach", "meetings", "plans"] as const

const report = Command.make(
  "report",
  {
    kind: Argument.Literals("REPORT", reportKinds).pipe(
      Argument.withDescription(
        "indicators 年度の成果指標 (KPI-9) | period 計画期間の推移 FY2025–FY2028 (KPI-10) | outreach・meetings・plans 台帳 (JUSO_EXPORT_KEY が必要)"
      ),
      Argument.withDefault("indicators")
    ),
    fy: Flag.String("fy").pipe(
      Flag.withMetavar("YEAR"),
      Flag.withDescription("年度: 2025、FY2025、R7、令和7年度 (period では基準年度)。Fiscal year (for period: the as-of year)"),
      Flag.optional
    ),
    surveys: Flag.String("surveys").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("調査結果の JSON (KPI-5〜8)。Survey results as JSON"),
      Flag.optional
    ),
    format: Flag.Literals("format", ["table", "csv", "xlsx", "json", "html"]).pipe(
      Flag.withDescription("出力形式 (既定 table)。Output format"),
      Flag.withDefault("table")
    ),
    out: Flag.String("out").pipe(
      Flag.withMetavar("PATH"),
      Flag.withDescription("出力先 (- は標準出力; 既定 .juso/out/<id>.<形式>)。Output path (- for stdout)"),
      Flag.optional
    ),
    table: Flag.String("table").pipe(
      Flag.withMetavar("ID"),
      Flag.withDescription("CSV を標準出力・デバイスへ書くときの表 (既定は最初の表)。Which table a CSV stream gets (default: the first)"),
      Flag.optional
    ),
    encoding: Flag.Literals("encoding", ["utf8-bom", "utf8", "cp932"]).pipe(
      Flag.withDescription("CSV の文字コード (既定 utf8-bom; cp932 = Shift_JIS)。CSV encoding (default utf8-bom; cp932 is Shift_JIS)"),
      Flag.withDefault("utf8-bom")
    ),
    ...storeFlags,
    json
  },
  (input) => lazy(() => import("./Reporting.ts"), (m) => m.report(input))
).pipe(
  Command.withDescription(
    "報告: 成果指標の表、または台帳を表示・出力します。ストアを作成しません。Print or export the indicator report or a register; never creates a store"
  ),
  Command.withExamples([
    { command: "juso report --fy R7", description: "令和7年度の成果指標 FY2025 indicators" },
    { command: "juso report period --format xlsx --out 中間検証.xlsx", description: "計画期間の推移を Excel で The plan period as XLSX" },
    { command: "juso report --format csv --encoding cp932 --out -", description: "Shift_JIS の CSV を標準出力へ CSV in Shift_JIS to stdout" },
    { command: "JUSO_EXPORT_KEY=… juso report plans --format csv", description: "プラン台帳 (仮名化ID) The plan register, pseudonymous ids" }
  ])
)

const demo = Command.make(
  "demo",
  {
    out: Flag.String("out").pipe(
      Flag.withMetavar("DIR"),
      Flag.withDescription("出力フォルダ (既定 .juso/out)。Output folder"),
      Flag.withDefault(".juso/out")
    ),
    ...storeFlags,
    json
  },
  (input) => lazy(() => import("./Recording.ts"), (m) => m.demo(input))
).pipe(
  Command.withDescription(
    "記録例: 「8050」世帯の例を記録・検証し、令和7年度の成果指標を表示して CSV・XLSX・JSON・HTML で書き出します。Record the bundled story, verify, report and export"
  ),
  Command.withExamples([
    { command: "juso demo --db :memory:", description: "一時ストアで試す Try it on a throw-away store" },
    { command: "juso demo --pg --pg-schema demo", description: "PostgreSQL で On PostgreSQL" }
  ])
)

const catalog = Command.make("catalog", { json }, (input) => lazy(() => import("./Plan.ts"), (m) => m.catalog(input))).pipe(
  Command.withDescription("計画: 計画の機関と地区の割り当てを表示します。The plan's agencies and district routing"),
  Command.withExamples([{ command: "juso catalog --json", description: "JSON で As JSON" }])
)

const district = Command.make(
  "district",
  {
    name: Argument.String("NAME").pipe(Argument.withDescription("地区名 (例: 相去)。District name")),
    json
  },
  (input) => lazy(() => import("./Plan.ts"), (m) => m.district(input))
).pipe(
  Command.withDescription("地区: その地区を担当する地域包括支援センター (ORG-2)。Which community general support centre serves a district"),
  Command.withExamples([{ command: "juso district 相去", description: "相去の担当 Who serves 相去" }])
)

const cases = Command.make(
  "cases",
  {
    status: Flag.Literals("status", ["open", "closed"]).pipe(Flag.withDescription("状態で絞り込む。Only open or closed cases"), Flag.optional),
    district: Flag.String("district").pipe(
      Flag.withMetavar("NAME"),
      Flag.withDescription("地区で絞り込む (複数可、例 相去)。Only cases of a district (repeatable)"),
      Flag.atLeast(0)
    ),
    fy: Flag.String("fy").pipe(Flag.withMetavar("YEAR"), Flag.withDescription("つなぎの年度 (2025、R7、令和7年度)。Fiscal year of referral"), Flag.optional),
    limit: Flag.Int("limit").pipe(Flag.withDescription("1ページの件数 (1〜1000、既定 100)。Page size"), Flag.withDefault(100)),
    after: Flag.String("after").pipe(Flag.withMetavar("CASE"), Flag.withDescription("この事例IDの次から (前ページの next)。Page after this case id"), Flag.optional),
    ...storeFlags,
    json
  },
  (input) => lazy(() => import("./ReadModels.ts"), (m) => m.cases(input))
).pipe(
  Command.withDescription(
    "事例一覧: 状態・地区・年度で絞り込んだ事例 (ID と区分のみ、氏名は出ません)。List cases by status, district and fiscal year: ids and codes only, never names"
  ),
  Command.withExamples([
    { command: "juso cases --status open", description: "継続中の事例 Open cases" },
    { command: "juso cases --district 相去 --fy R7 --json", description: "相去、令和7年度につないだ事例を JSON で Cases of 相去 referred in FY2025, as JSON" }
  ])
)

const rebuild = Command.make("rebuild", { ...storeFlags, json }, (input) => lazy(() => import("./ReadModels.ts"), (m) => m.rebuild(input))).pipe(
  Command.withDescription(
    "再構築: 集計表 (事例一覧・成果指標の件数など) を履歴から作り直します。ストアは作成しません。Rebuild the read models from the history; never creates a store"
  ),
  Command.withExamples([{ command: "juso rebuild --db .juso/juso.sqlite", description: "SQLite のストアで On a SQLite store" }])
)

/** The `juso` command tree. */
export const juso = Command.make("juso").pipe(
  Command.withDescription("北上市重層的支援体制整備事業 (Kitakami multi-layered support system): 記録・検証・報告 record, verify, report"),
  Command.withSubcommands([demo, apply, report, cases, verify, rebuild, catalog, district])
)

/** The names of the subcommands (for the help cache and docs). */
export const commandNames = ["demo", "apply", "report", "cases", "verify", "rebuild", "catalog", "district"] as const

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

/**
 * `--pg URL` (a space, as the old CLI took it) becomes `--pg=URL`: the flag's value is optional,
 * so a bare `--pg` never swallows the next word unless that word is a PostgreSQL URL.
 */
export const normalizeArgs = (argv: ReadonlyArray<string>): Array<string> => {
  const out: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const next = argv[i + 1]
    if (a === "--pg" && next !== undefined && /^postgres(ql)?:\/\//.test(next)) {
      out.push(`--pg=${next}`)
      i++
    } else out.push(a)
  }
  return out
}

/** The built-in flags, described in Japanese first: help, version and shell completions. */
const builtIns = [
  GlobalFlag.Action({ flag: GlobalFlag.Help.flag.pipe(Flag.withDescription("使い方を表示 Show help")), run: GlobalFlag.Help.run }),
  GlobalFlag.Action({ flag: GlobalFlag.Version.flag.pipe(Flag.withDescription("版を表示 Show the version")), run: GlobalFlag.Version.run }),
  GlobalFlag.Action({
    flag: GlobalFlag.Completions.flag.pipe(Flag.withDescription("シェル補完スクリプトを出力 Print a shell completion script")),
    run: GlobalFlag.Completions.run
  })
]

const presenter: CliOutput.Presenter = {
  present: (event) => {
    switch (event._tag) {
      case "Help":
        return Console.log(HelpText.format(event.helpDoc))
      case "Version":
        return Console.log(`${event.name} ${event.version}`)
      case "InvalidInvocation":
        return Console.error(
          `${event.errors.map((e) => `juso: ${e.message.replace("Did you mean this?", "もしかして Did you mean this?")}`).join("\n")}\n` +
            `使い方は ${event.commandPath.join(" ")} --help (see ${event.commandPath.join(" ")} --help)`
        )
    }
  }
}

/**
 * Japanese for the libraries' log messages staff see, keyed by the English text (a test checks
 * the keys against the libraries' constants): printed Japanese first, then English, as every
 * other message. Kept here, not imported, so `--help` and usage errors never load the libraries.
 */
export const logMessagesInJapanese: Readonly<Record<string, string>> = {
  // @kitakami-juso/core EventHash.UNKEYED_WARNING (AUD-1)
  "event store: no chain key (JUSO_CHAIN_KEY): the hash chain is plain SHA-256, so anyone who can write the store can rewrite history and recompute it undetected":
    "チェーン鍵 (JUSO_CHAIN_KEY) が設定されていません。ハッシュチェーンは鍵なしの SHA-256 のため、ストアに書き込める人は履歴を書き換えて計算し直せば気づかれません。"
}

/** Log lines for people, on stderr: `juso: 注意 warning: …` (stdout carries the output and --json). */
const stderrLogger = Logger.make<unknown, void>(({ logLevel, message }) => {
  const text = (Array.isArray(message) ? message : [message]).map((m) => (typeof m === "string" ? m : String(m))).join(" ")
  const level = logLevel === "Warn" ? "注意 warning" : logLevel === "Error" || logLevel === "Fatal" ? "エラー error" : String(logLevel).toLowerCase()
  const japanese = logMessagesInJapanese[text]
  process.stderr.write(`juso: ${level}: ${japanese === undefined ? text : `${japanese} ${text}`}\n`)
})

/** Run the CLI with these arguments; resolves to the exit code. */
export const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const args = normalizeArgs(argv)
  const asJson = args.includes("--json")
  const program = Command.runWith(juso, { version })(args).pipe(
    Effect.provide(CliOutput.layerPresenter(presenter)),
    Effect.provide(CliConfig.layer({ builtIns })),
    // Logs (e.g. the store's warning without a chain key) go to stderr: stdout carries the output and --json.
    Effect.provide(Logger.layer([stderrLogger])),
    Effect.provide(NodeServices.layer)
  )
  const exit = await Effect.runPromiseExit(program)
  if (Exit.isSuccess(exit)) return 0
  const error = Option.getOrUndefined(Cause.findErrorOption(exit.cause))
  let failure: Failure.Failure
  if (error !== undefined && CliError.isCliError(error)) {
    // Help asked for (or a group with no command) has been printed already.
    if (error._tag === "ShowHelp" && error.errors.length === 0) return args.length === 0 ? 2 : 0
    failure = new Failure.UsageError({ message: error._tag === "ShowHelp" ? error.errors.map((e) => e.message).join("; ") : error.message })
    if (!asJson) return 2
  } else if (error !== undefined) {
    failure = error as Failure.Failure
  } else {
    // A defect: its message could quote data, so only its name unless JUSO_DEBUG is set (AUD-2).
    const squashed = Cause.squash(exit.cause)
    const detail = process.env.JUSO_DEBUG ? `\n${squashed instanceof Error ? squashed.stack : String(squashed)}` : " (JUSO_DEBUG=1 で詳細 set JUSO_DEBUG=1 for details)"
    failure = new Failure.StorageError({
      message: `予期しない障害 unexpected failure: ${squashed instanceof Error ? squashed.name : typeof squashed}${detail}`,
      reason: "Defect",
      retryable: false
    })
  }
  if (asJson) process.stdout.write(`${JSON.stringify(Failure.toJson(failure))}\n`)
  process.stderr.write(`juso: ${Failure.render(failure)}\n`)
  return Failure.exitCode(failure)
}

/** Compile-time check: every command fails only with a typed {@link Failure.Failure} (no `unknown`). */
export type CommandError = Command.Error<typeof juso>
const typedFailures: [CommandError] extends [Failure.Failure] ? (unknown extends CommandError ? never : true) : never = true
void typedFailures
