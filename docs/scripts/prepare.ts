/**
 * Writes the site's content folder (site/content/docs, generated and git-ignored) from:
 * - the authored pages, docs/pages/ja (the root locale) and docs/pages/en;
 * - the English design pages docs/*.md, which stay where they are as the source of truth: copied
 *   to en/guide/ and, with a note that the English text is the original, to guide/;
 * - docs/rules.json: one page per rule ID in both languages, with the plan's own words, where the
 *   rule lives in the code and the tests that show it (found by searching packages/ for the ID);
 * - the command and event reference (reference.ts).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { referencePages } from "./reference.ts"

const docs = join(import.meta.dirname, "..")
const root = join(docs, "..")
const out = join(docs, "site", "content", "docs")

interface Quote { readonly line: number; readonly text: string }
interface Rule {
  readonly id: string
  readonly tag: string
  readonly kinds: ReadonlyArray<"seed" | "act" | "design">
  readonly group: string
  readonly titleJa: string
  readonly statement: string
  readonly quotes: ReadonlyArray<Quote>
}
export const rules: ReadonlyArray<Rule> = JSON.parse(readFileSync(join(docs, "rules.json"), "utf8")).rules

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(out, path)), { recursive: true })
  writeFileSync(join(out, path), text)
}
const frontmatter = (fields: Record<string, string | number | boolean>) =>
  `---\n${Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === "string" ? JSON.stringify(v) : String(v)}`).join("\n")}\n---\n\n`

const walk = (dir: string): ReadonlyArray<string> =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((f) => {
      const p = join(dir, f)
      return f === "node_modules" || f === "dist" ? [] : statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : []
    })
    : []

/** Where each rule ID is cited in sources and test titles (the ID as a whole word: PLN-4 is not PLN-4a). */
const citations = () => {
  const packages = readdirSync(join(root, "packages")).map((p) => join(root, "packages", p))
  const sources = packages.flatMap((p) => walk(join(p, "src")))
  const tests = [...packages.flatMap((p) => walk(join(p, "test"))), ...walk(join(root, "examples"))]
  const texts = new Map([...sources, ...tests].map((f) => [f, readFileSync(f, "utf8")]))
  const testTitle = /\b(?:it|test|describe)(?:\.\w+)*\(\s*(["'`])(.*?)\1/
  return (id: string) => {
    const re = new RegExp(`(?<![\\w-])${id.replace("-", "\\-")}(?![\\w])`)
    const inSources = sources.filter((f) => re.test(texts.get(f)!)).map((f) => relative(root, f))
    const inTests: Array<string> = []
    for (const f of tests) {
      texts.get(f)!.split("\n").forEach((line, i) => {
        const m = testTitle.exec(line)
        if (m !== null && re.test(m[2]!)) inTests.push(`\`${relative(root, f)}:${i + 1}\` — ${m[2]!.replace(/[<>`|]/g, " ").slice(0, 160)}`)
      })
    }
    return { inSources, inTests }
  }
}

const kindJa = { seed: "計画に記載", act: "法令・国の指針（計画が前提とするもの）", design: "ライブラリの設計（計画に記載なし）" }
const kindEn = { seed: "stated in the plan", act: "stated by the Act or national guidance, assumed by the plan", design: "a design decision of this library (the plan is silent)" }
const playgroundRules = new Set(["CNS-3", "CNS-4", "CNS-5", "CNS-7", "MTG-1", "MTG-2", "ACC-1", "ACC-2", "PLN-1", "PLN-2", "PLN-3", "PLN-4a"])

const rulePages = () => {
  const cite = citations()
  const planJa = "北上市重層的支援体制整備事業実施計画（2025年4月、2026年4月改訂）"
  for (const [order, r] of rules.entries()) {
    const { inSources, inTests } = cite(r.id)
    const slug = r.id.toLowerCase()
    const seedOnly = r.kinds.includes("seed")
    const quotesJa = r.quotes.map((q) => `> ${q.text}\n>\n> — ${planJa} ${seedOnly ? r.tag.replace(/^.*?seed\s*/, "").split(";")[0] : ""}（本文 ${q.line} 行目）`).join("\n\n")
    const quotesEn = r.quotes.map((q) => `> ${q.text}\n>\n> — the plan (北上市重層的支援体制整備事業実施計画), seed line ${q.line}`).join("\n\n")
    const code = inSources.length ? inSources.map((f) => `- \`${f}\``).join("\n") : null
    const tests = inTests.length ? inTests.slice(0, 15).map((t) => `- ${t}`).join("\n") + (inTests.length > 15 ? `\n- …(+${inTests.length - 15})` : "") : null
    const firstSentence = r.statement.replace(/\*\*/g, "").split(/(?<=\.)\s/)[0]!.slice(0, 90)
    write(`rules/${slug}.md`, frontmatter({ title: `${r.id} ${r.titleJa}`, description: `${r.id}（${r.tag}）${r.titleJa}` }).replace(/^---\n/, `---\nsidebar:\n  order: ${order}\n`) + [
      `**ルールID** \`${r.id}\` ・ **区分** ${r.kinds.map((k) => kindJa[k]).join("／")}（${r.tag}）`,
      `## 計画の記述`,
      r.quotes.length ? (seedOnly ? quotesJa : `計画はこのルールを直接定めていません。関連する記述：\n\n${quotesJa}`) : "計画には対応する記述がありません。ライブラリの設計として定めたルールです（理由は下のルール本文）。",
      `## ルール本文（英文、ドメイン仕様 RULES.md より）`,
      r.statement,
      `## コードでの実装`,
      code ?? "このIDを引用しているソースファイルはまだありません。",
      `## このルールを示すテスト`,
      tests ?? "テスト名にこのIDを含むテストはまだありません。",
      playgroundRules.has(r.id) ? `## 試す\n\n[ルールを試す（プレイグラウンド）](/playground/) で、このルールが判定する場面を実行できます。` : "",
      `[ルール一覧へ](/rules/) ・ [用語集](/staff/glossary/)`
    ].join("\n\n") + "\n")
    write(`en/rules/${slug}.md`, frontmatter({ title: `${r.id} ${firstSentence}`, description: `${r.id} (${r.tag}) ${firstSentence}` }).replace(/^---\n/, `---\nsidebar:\n  order: ${order}\n`) + [
      `**Rule ID** \`${r.id}\` · **Kind** ${r.kinds.map((k) => kindEn[k]).join("; ")} (${r.tag}) · Japanese title: ${r.titleJa}`,
      `## The rule`,
      r.statement,
      `## The plan's own words`,
      r.quotes.length ? (seedOnly ? quotesEn : `The plan does not state this rule directly. Related text:\n\n${quotesEn}`) : "The plan has no text for this rule: it is a design decision of the library (the reason is in the rule above).",
      `## Where it lives in the code`,
      code ?? "No source file cites this ID yet.",
      `## Tests that show it`,
      tests ?? "No test title names this ID yet.",
      playgroundRules.has(r.id) ? `## Try it\n\nThe [rule playground](/en/playground/) runs a case where this rule decides.` : "",
      `[All rules](/en/rules/) · [Glossary](/en/staff/glossary/)`
    ].join("\n\n") + "\n")
  }
  const groups = [...new Set(rules.map((r) => r.group))]
  const list = (en: boolean) =>
    groups.map((g) => `## ${g}\n\n` + rules.filter((r) => r.group === g).map((r) => `- [${r.id}](${en ? "/en" : ""}/rules/${r.id.toLowerCase()}/) ${en ? r.statement.replace(/\*\*/g, "").split(/(?<=\.)\s/)[0] : r.titleJa}`).join("\n")).join("\n\n")
  write("rules/index.md", frontmatter({ title: "ルール一覧", description: `計画の${rules.length}のルールID` }).replace(/^---\n/, "---\nsidebar:\n  order: -1\n") +
    `計画から読み取ったルールは${rules.length}あり、それぞれにIDがあります。各ページに計画の記述（原文）、コードでの実装、テストを示します。\n\n${list(false)}\n`)
  write("en/rules/index.md", frontmatter({ title: "All rules", description: `The plan's ${rules.length} rule IDs` }).replace(/^---\n/, "---\nsidebar:\n  order: -1\n") +
    `The plan gives ${rules.length} rules, each with an ID. Each page quotes the plan, says where the rule lives in the code and which tests show it.\n\n${list(true)}\n`)
}

/** The English design pages: docs/*.md, first heading dropped (Starlight prints the title), links to sibling pages rewritten. */
const designPages = [
  ["ARCHITECTURE.md", "architecture", 0],
  ["catalog.md", "catalog", 1],
  ["case-rules.md", "case-rules", 2],
  ["storage.md", "storage", 3],
  ["exports.md", "exports", 4],
  ["cli.md", "cli", 5],
  ["design-rules.md", "design-rules", 6],
  ["projections.md", "projections", 7],
  ["contract.md", "contract", 8],
  ["performance.md", "performance", 9],
  ["performance-log.md", "performance-log", 10]
] as const
const guidePages = () => {
  const slugOf = new Map(designPages.map(([f, s]) => [f, s]))
  for (const [file, slug, order] of designPages) {
    const text = readFileSync(join(docs, file), "utf8")
    const m = /^---\n([\s\S]*?)\n---\n/.exec(text)
    const title = m ? /title:\s*(.*)/.exec(m[1]!)?.[1]?.trim().replace(/^["']|["']$/g, "") ?? slug : /^# (.*)$/m.exec(text)?.[1] ?? slug
    const body = (m ? text.slice(m[0].length) : text).replace(/^\s*# .*\n/, "")
    const link = (en: boolean) => (s: string) =>
      s.replace(/\]\((?:\.\/)?([\w-]+\.md)(#[^)]*)?\)/g, (all, f: string, hash: string | undefined) =>
        slugOf.has(f as never) ? `](${en ? "/en" : ""}/guide/${slugOf.get(f as never)}/${hash ?? ""})` : all)
    write(`en/guide/${slug}.md`, frontmatter({ title }).replace(/^---\n/, `---\nsidebar:\n  order: ${order}\n`) + link(true)(body))
    write(`guide/${slug}.md`, frontmatter({ title }).replace(/^---\n/, `---\nsidebar:\n  order: ${order}\n`) +
      `:::note[英語が原文です]\nこのページは設計資料で、英語版（docs/${file}）が原文です。職員向けの説明は[職員ガイド](/staff/)をご覧ください。\n:::\n\n` + link(false)(body))
  }
}

export const prepare = () => {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  cpSync(join(docs, "pages", "ja"), out, { recursive: true })
  cpSync(join(docs, "pages", "en"), join(out, "en"), { recursive: true })
  guidePages()
  rulePages()
  return referencePages(write)
}

if (import.meta.main) {
  await prepare()
  console.log(`docs: content written to ${relative(root, out)}`)
}
