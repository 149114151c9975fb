/**
 * The project's statutory components and the existing field programs they bundle
 * (PRG-1, PRG-2, PRG-3; seed §1(2), §4(1)イ).
 *
 * This is what the Social Welfare Act fixes for every municipality. Which agencies run each
 * program in a given municipality is data: see {@link Directory} and {@link Catalog}.
 *
 * @module
 */
import { Schema } from "effect"

/** PRG-1: the six components of Art. 106-4(2), in the Act's order. */
export const ProgramId = Schema.Literals([
  "comprehensive-consultation",
  "participation-support",
  "community-building",
  "outreach",
  "multi-agency-collaboration",
  "support-plan-creation"
])
/** The type of {@link ProgramId}. */
export type ProgramId = typeof ProgramId.Type

/** PRG-2: the four fields whose existing programs the project bundles. */
export const Field = Schema.Literals(["elderly", "disability", "child-rearing", "livelihood-hardship"])
/** The type of {@link Field}. */
export type Field = typeof Field.Type

/** One statutory component of the project (PRG-1). */
export interface Program {
  readonly id: ProgramId
  /** Item number in Art. 106-4(2) (法第106条の4第2項第n号). */
  readonly item: 1 | 2 | 3 | 4 | 5 | 6
  readonly name: string
  readonly nameEn: string
  /** The article as the plan prints it. */
  readonly article: string
  /** PRG-2: true for the components the Act created; false for those that bundle existing field programs. */
  readonly isNew: boolean
  /** PRG-1: a component that is run together with another (plan creation with multi-agency collaboration). */
  readonly runWith?: ProgramId
}

const article = (item: number) => `法第106条の4第2項第${item}号`

/** PRG-1: the six components in the Act's order; the project runs them as one (seed §1(2)). */
export const all: ReadonlyArray<Program> = [
  {
    id: "comprehensive-consultation",
    item: 1,
    name: "包括的相談支援事業",
    nameEn: "comprehensive consultation support",
    article: article(1),
    isNew: false
  },
  { id: "participation-support", item: 2, name: "参加支援事業", nameEn: "participation support", article: article(2), isNew: true },
  { id: "community-building", item: 3, name: "地域づくり事業", nameEn: "community building", article: article(3), isNew: false },
  {
    id: "outreach",
    item: 4,
    name: "アウトリーチ等を通じた継続的支援事業",
    nameEn: "continuous support through outreach",
    article: article(4),
    isNew: true
  },
  {
    id: "multi-agency-collaboration",
    item: 5,
    name: "多機関協働事業",
    nameEn: "multi-agency collaboration",
    article: article(5),
    isNew: true
  },
  {
    id: "support-plan-creation",
    item: 6,
    name: "支援プランの作成",
    nameEn: "support plan creation",
    article: article(6),
    isNew: true,
    runWith: "multi-agency-collaboration"
  }
]

/** PRG-1: the component with this id. */
export const get = (id: ProgramId): Program => all.find((p) => p.id === id)!

/** PRG-2: an existing field program bundled into comprehensive consultation or community building. */
export const FieldProgramId = Schema.Literals([
  "consultation-elderly",
  "consultation-disability",
  "consultation-child-rearing",
  "consultation-livelihood-hardship",
  "community-elderly-prevention",
  "community-elderly-living-support",
  "community-disability",
  "community-child-rearing",
  "community-livelihood-hardship"
])
/** The type of {@link FieldProgramId}. */
export type FieldProgramId = typeof FieldProgramId.Type

/** PRG-2: one row of the table in seed §1(2). */
export interface FieldProgram {
  readonly id: FieldProgramId
  /** The bundling component. */
  readonly program: "comprehensive-consultation" | "community-building"
  /** The table's row mark (イ, ロ, ハ, ニ, ホ). */
  readonly mark: string
  readonly field: Field
  readonly name: string
  /** Law and article the existing program rests on. */
  readonly legalBasis: string
}

/**
 * PRG-2: the nine bundled field programs, in the order of the table in seed §1(2).
 *
 * The seed's table gives the living-support framework as 介護保険法第115条第2項第5号; §4(3)イ② and
 * the Act say 第115条の45第2項第5号, which is used here. Likewise the disability consultation
 * basis is 第77条第1項第3号 (the table), which §4(1)ア② shortens to 第77条第3号.
 */
export const fieldPrograms: ReadonlyArray<FieldProgram> = [
  {
    id: "consultation-elderly",
    program: "comprehensive-consultation",
    mark: "イ",
    field: "elderly",
    name: "地域包括支援センターの運営",
    legalBasis: "介護保険法第115条の45第2項第1号から第3号"
  },
  {
    id: "consultation-disability",
    program: "comprehensive-consultation",
    mark: "ロ",
    field: "disability",
    name: "障害者相談支援事業",
    legalBasis: "障害者総合支援法第77条第1項第3号"
  },
  {
    id: "consultation-child-rearing",
    program: "comprehensive-consultation",
    mark: "ハ",
    field: "child-rearing",
    name: "利用者支援事業",
    legalBasis: "子ども・子育て支援法第59条第1号"
  },
  {
    id: "consultation-livelihood-hardship",
    program: "comprehensive-consultation",
    mark: "ニ",
    field: "livelihood-hardship",
    name: "生活困窮者自立相談支援事業",
    legalBasis: "生活困窮者自立支援法第3条第2項"
  },
  {
    id: "community-elderly-prevention",
    program: "community-building",
    mark: "イ",
    field: "elderly",
    name: "地域介護予防活動支援事業",
    legalBasis: "介護保険法第115条の45第1項第2号"
  },
  {
    id: "community-elderly-living-support",
    program: "community-building",
    mark: "ロ",
    field: "elderly",
    name: "生活支援体制整備事業",
    legalBasis: "介護保険法第115条の45第2項第5号"
  },
  {
    id: "community-disability",
    program: "community-building",
    mark: "ハ",
    field: "disability",
    name: "地域活動支援センター機能強化事業",
    legalBasis: "障害者総合支援法第77条第1項第9号"
  },
  {
    id: "community-child-rearing",
    program: "community-building",
    mark: "ニ",
    field: "child-rearing",
    name: "地域子育て支援拠点事業",
    legalBasis: "子ども・子育て支援法第59条第9号"
  },
  {
    id: "community-livelihood-hardship",
    program: "community-building",
    mark: "ホ",
    field: "livelihood-hardship",
    name: "生活困窮者支援等のための地域づくり事業",
    legalBasis: "生活困窮者自立相談支援事業等実施要綱（平成27年7月27日社援発0727第2号）"
  }
]

/** PRG-2: the bundled field program with this id. */
export const getFieldProgram = (id: FieldProgramId): FieldProgram => fieldPrograms.find((f) => f.id === id)!

/** PRG-2: the field programs a component bundles (empty for the new components). */
export const fieldProgramsOf = (program: ProgramId): ReadonlyArray<FieldProgram> =>
  fieldPrograms.filter((f) => f.program === program)

/**
 * PRG-3: how consultation sites are set up (設置形態, seed §4(1)イ): 基本型 `basic` keeps the
 * existing sites and adds the multi-agency function on top; 統合型 `integrated` merges them;
 * 地域型 `area` sets them up per area.
 */
export const SupportForm = Schema.Literals(["basic", "integrated", "area"])
/** The type of {@link SupportForm}. */
export type SupportForm = typeof SupportForm.Type

/** PRG-3: the Japanese names of the forms. */
export const supportFormName: Readonly<Record<SupportForm, string>> = {
  basic: "基本型",
  integrated: "統合型",
  area: "地域型"
}
