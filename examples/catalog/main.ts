/**
 * Kitakami's plan catalog, printed for city staff (北上市重層的支援体制整備事業実施計画).
 *
 * Run with `pnpm start` from the repository root (Node ≥ 22.19 runs this `.ts` file directly).
 * Everything printed comes from `Catalog.kitakami`, the decoded, validated catalog
 * (PRG-1…5, ORG-1…4, KPI-0, KPI-10, TIME-2).
 */
import { Catalog, Directory, District, FiscalYear, Indicator, Program, WelfarePlan } from "@kitakami-juso/core"

const k = Catalog.kitakami
const dir = k.directory
const out: Array<string> = []
const line = (s = "") => out.push(s)
const heading = (ja: string, en: string) => {
  line()
  line(`■ ${ja} / ${en}`)
  line()
}

const sectionName = (id: string) => dir.sections.find((s) => s.id === id)?.name ?? id
const operatorOf = (a: Directory.Agency): string => {
  const form = Directory.operatorKindName[a.operator.kind]
  const org = Directory.organisationOf(dir, a)
  return `${form.ja} (${form.en})${org === undefined ? "" : `: ${Directory.organisationLabel(org)}`}`
}

line(`${k.plan.name}（${k.municipality.name} / ${k.municipality.nameEn ?? ""}）`)
line(
  `計画期間 Plan period: ${FiscalYear.label(k.plan.from)} – ${FiscalYear.label(k.plan.to)}; ` +
    `改訂 Revision ${k.revision.id} (effective ${k.revision.effectiveFrom}, Japan time)`
)
line(`設置形態 Form (PRG-3): ${Program.supportFormName[k.form]} (${k.form})`)

// PRG-1, PRG-2: the six components, with the field programs the bundling ones take in.
heading("6つの構成事業（社会福祉法第106条の4第2項）", "The six statutory components (Social Welfare Act Art. 106-4(2))")
for (const p of Program.all) {
  const kind = p.isNew ? "新規 new" : "既存事業を包括化 bundles existing programs"
  const withOther = p.runWith === undefined ? "" : `, ${Program.get(p.runWith).name}と一体的に実施 run with ${p.runWith}`
  line(`${p.item}. ${p.name} — ${p.nameEn} [${p.article}; ${kind}${withOther}]`)
  for (const f of Program.fieldProgramsOf(p.id)) line(`     ${f.mark} ${f.field}: ${f.name}（${f.legalBasis}）`)
}

// ORG-1: the agencies, grouped by component, with their operating form and sections in charge.
heading("実施機関（事業別）", "Implementing agencies by program, with operating form")
for (const p of Program.all) {
  line(`【${p.name} / ${p.nameEn}】`)
  for (const a of Directory.agenciesOf(dir, p.id)) {
    const field = a.fieldProgram === undefined ? "" : ` <${Program.getFieldProgram(a.fieldProgram).name}>`
    const area = a.coverage === "citywide" ? "全域 citywide" : `${a.coverage.districts.length} districts`
    const sites = a.sites === undefined ? "" : `, ${a.sites}箇所 sites`
    line(`  - ${a.name} [${a.id}]${field}`)
    line(`      ${operatorOf(a)}; ${area}${sites}; 担当課 ${a.sections.map(sectionName).join("・")}`)
  }
}
line()
line(`多機関協働事業者 Multi-agency collaboration operator (PRG-4): ${Catalog.multiAgencyOperator(k)}`)
line(`コアメンバー Core members (ORG-3): ${Catalog.coreMembers(k).join(", ")}`)

// ORG-2: district → community general support centre (and its branch or satellite).
heading("地区別の地域包括支援センター", "District routing for elderly consultation (ORG-2)")
for (const row of District.routingTable(k)) {
  const branches = row.branches.length === 0 ? "" : ` + ${row.branches.map((b) => b.name).join("・")}`
  line(`  ${row.district.name} (${row.district.id}) → ${row.centre.name}${branches}`)
}
const areas = District.dailyLivingAreaCount(k)
line(
  `  日常生活圏域 ${areas._tag === "Some" ? areas.value : "–"} (stated by the plan; which districts form each area is not in the plan)`
)
const misspelt = District.resolve(k, "黒沢尻")
line(`  「黒沢尻」 → ${misspelt._tag === "Failure" ? `${misspelt.failure._tag} (no default centre)` : "accepted?!"}`)

// KPI-0: the indicators, with the FY2025 point of each trajectory.
const fy2025 = FiscalYear.make(2025)
heading(
  `成果指標と目標（${FiscalYear.label(fy2025)}時点）`,
  "Indicators: baseline, FY2025 trajectory value, target (KPI-0)"
)
line(`  指標 | 現状値 ${FiscalYear.labelEn(FiscalYear.make(2023))} | FY2025 目安 (trajectory) | 目標値 FY2028 | 単位 | 方向`)
for (const i of k.indicators) {
  const expected = Indicator.expectedAt(i, fy2025, k.plan.from)
  const exp = expected._tag === "Success" ? Indicator.formatValue(i, Math.round(expected.success * 10) / 10) : "–"
  const unit = i.unit === "times" ? "回 times" : i.unit === "cases" ? "件 cases" : "% percent"
  const direction = i.direction === "higher" ? "高いほど良い higher is better" : "低いほど良い lower is better"
  line(`  ${i.id} ${i.name}`)
  line(`      (${i.nameEn})`)
  line(
    `      | ${Indicator.formatValue(i, i.baseline.value)} | ${exp} | ${Indicator.formatValue(i, i.target.value)} | ${unit} | ${direction}`
  )
}
line()
line(
  `評価 Evaluation (KPI-10): ${
    WelfarePlan.milestones(k.welfarePlan).map((m) => `${m.label} ${m.kind}`).join("; ")
  }`
)

console.log(out.join("\n"))
