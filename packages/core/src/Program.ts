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

/**
 * The plan's own legal basis (seed §1(1) L55, §2 L84/L86): it is the plan of 社会福祉法第106条の5,
 * adjusting across the field plans under its paragraph 3.
 */
export const planBasis = {
  article: "社会福祉法第106条の5",
  articleEn: "Social Welfare Act Art. 106-5",
  crossFieldAdjustment: "法第106条の5第3項"
} as const

/**
 * The grant the project is funded by (seed §1(2) L63): 重層的支援体制整備事業交付金 under
 * 法第106条の8 and 法第106条の9, adding to the existing field subsidies.
 */
export const grantBasis = {
  name: "重層的支援体制整備事業交付金",
  nameEn: "grant for the multi-layered support system project",
  articles: ["法第106条の8", "法第106条の9"]
} as const

/**
 * ORG-1 (seed §4): what each program's table states: its main target group (主な対象者), what it
 * does (事業内容) and its area or number of sites (圏域/箇所数), quoted from the plan. A row the
 * plan leaves without a target group has none (`undefined`, never guessed). 利用者支援事業 has two
 * tables (基本型, こども家庭センター型).
 */
export interface Profile {
  readonly program: ProgramId
  readonly fieldProgram?: FieldProgramId
  /** The table's variant, where one program has two (利用者支援事業). */
  readonly variant?: string
  readonly targetGroup?: string
  readonly content?: string
  /** 圏域/箇所数 as printed. */
  readonly area: string
  /** The number of sites, where the plan gives one. */
  readonly sites?: number
  /** What else the table says (e.g. 間接補助, 基礎的事業の実施のみ). */
  readonly remarks?: string
  /** The seed lines of the table. */
  readonly seedLines: string
}

/** ORG-1: the program tables of seed §4, in the plan's order. */
export const profiles: ReadonlyArray<Profile> = [
  {
    program: "comprehensive-consultation",
    fieldProgram: "consultation-elderly",
    targetGroup: "高齢者及びその家族等",
    content: "総合相談支援、権利擁護、包括的・継続的ケアマネジメント、介護予防ケアマネジメント",
    area: "日常生活圏域：8圏域 / 地域包括支援センター：4箇所",
    sites: 4,
    seedLines: "L135–147"
  },
  {
    program: "comprehensive-consultation",
    fieldProgram: "consultation-disability",
    targetGroup: "障がい児・障がい者",
    content: "福祉サービスの利用援助（情報提供、相談等）、社会資源を活用するための支援、社会生活力を高めるための支援、権利擁護のために必要な援助、専門機関の紹介",
    area: "5箇所",
    sites: 5,
    seedLines: "L156–167"
  },
  {
    program: "comprehensive-consultation",
    fieldProgram: "consultation-child-rearing",
    variant: "基本型",
    targetGroup: "こども及びその保護者等",
    content: "教育・保育施設や地域の子育て支援事業等を円滑に利用できるよう情報提供し、必要に応じて案内やサポートを行う子育て支援コンシェルジュを配置",
    area: "1箇所",
    sites: 1,
    seedLines: "L173–179"
  },
  {
    program: "comprehensive-consultation",
    fieldProgram: "consultation-child-rearing",
    variant: "こども家庭センター型",
    targetGroup: "こども及び子育て世帯、妊婦",
    content: "母子保健・子育てに関する相談、サービス等の情報提供、支援プランの策定等",
    area: "1箇所",
    sites: 1,
    seedLines: "L181–187"
  },
  {
    program: "comprehensive-consultation",
    fieldProgram: "consultation-livelihood-hardship",
    targetGroup: "生活困窮者（生活に困窮している、又は生活困窮に陥る恐れのある人）",
    content: "困窮者が抱える多様な問題への包括的かつ計画的な相談支援、自立の促進",
    area: "1箇所",
    sites: 1,
    seedLines: "L193–200"
  },
  { program: "participation-support", area: "全域/1箇所", sites: 1, seedLines: "L238–242" },
  {
    program: "community-building",
    fieldProgram: "community-elderly-prevention",
    targetGroup: "65歳以上の高齢者",
    content: "高齢者の自立の保持を目的として、住民主体の健康づくり活動を支援するもの。（きたかみいきいき体操の指導、DVD・重り・ウォーキングポールの貸出、体力測定、グループ活動の支援等）",
    area: "市内全域",
    seedLines: "L278–284"
  },
  {
    program: "community-building",
    fieldProgram: "community-elderly-living-support",
    targetGroup: "65歳以上の高齢者を中心とした市民",
    content: "地域内の組織・機関・団体や住民などが連携し、高齢者の多様な日常生活上の支援体制の充実・強化や社会参加の推進を一体的に図る。生活支援コーディネーターを配置し、社会資源の発掘・開発、人材育成、ネットワーク形成を実施する。",
    area: "市内全域",
    seedLines: "L288–301"
  },
  {
    program: "community-building",
    fieldProgram: "community-disability",
    targetGroup: "身体障がい者、知的障がい者、精神障がい者、難病患者、発達障がい者、障がい児又は障がいの疑いがある者",
    content: "障がい者等に対して、創作的活動又は生産活動の機会の提供、社会との交流づくりを行う（基礎的事業の実施のみ）。",
    area: "全5箇所（市内3箇所）",
    sites: 5,
    remarks: "間接補助; 基礎的事業の実施のみ",
    seedLines: "L305–311"
  },
  {
    program: "community-building",
    fieldProgram: "community-child-rearing",
    targetGroup: "子ども及び子育て世帯",
    content: "子育て中の保護者が利用する交流や育児相談の拠点を運営するもの。",
    area: "4箇所",
    sites: 4,
    seedLines: "L315–326"
  },
  {
    program: "community-building",
    fieldProgram: "community-livelihood-hardship",
    targetGroup: "市民、行政、民間事業所、市民団体等",
    content: "地域共生社会の実現という目標に向けて、多機関・多分野が参集し、社会課題に対してお互いどのように取り組んでいるか、またはできるかを知り、共に学び、対話をする機会を創出し、地域づくりの基盤を形成していくもの。テーマを設定し、それに関係・関心のある団体や機関が集まり、勉強会や意見交換会などを実施する。",
    area: "全域",
    seedLines: "L330–336"
  },
  { program: "outreach", area: "全域/1箇所", sites: 1, seedLines: "L356–360" },
  { program: "multi-agency-collaboration", area: "全域", seedLines: "L396–400" }
]
