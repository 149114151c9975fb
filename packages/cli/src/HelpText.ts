/**
 * Help text, Japanese first: `effect/cli`'s own layout, without colours (so the text is the same
 * on a terminal, in a pipe, in `bin/help.json` and in docs/cli.md), with bilingual headings.
 *
 * @module
 */
import { CliOutput, HelpDoc } from "effect/cli"

const formatter = CliOutput.defaultFormatter({ colors: false })

const headings: Readonly<Record<string, string>> = {
  DESCRIPTION: "説明 DESCRIPTION",
  USAGE: "使い方 USAGE",
  ARGUMENTS: "引数 ARGUMENTS",
  FLAGS: "フラグ FLAGS",
  "GLOBAL FLAGS": "共通フラグ GLOBAL FLAGS",
  SUBCOMMANDS: "コマンド COMMANDS",
  EXAMPLES: "例 EXAMPLES"
}

/** A command's help document as text. */
export const format = (doc: HelpDoc.HelpDoc): string =>
  formatter.formatHelpDoc(doc).split("\n").map((line) => headings[line] ?? line).join("\n")
