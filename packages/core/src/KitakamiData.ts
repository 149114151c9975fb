/**
 * Kitakami City's plan as JSON-shaped data, before decoding (PRG-1…PRG-5, ORG-1…ORG-4, KPI-0,
 * KPI-10; seed §1(2), §3, §4, §5, §6, §7). Internal: `Catalog` decodes it at load into
 * `Catalog.kitakami`, so it obeys every rule another municipality's catalog must obey. It only
 * imports types, so `Catalog` can load it without an import cycle.
 *
 * Ids are the stable ids the rest of the project codes against: city sections `city-…`, the
 * Social Welfare Council's multi-agency collaboration agency `shakyo` and its other agencies
 * `shakyo-…`, consultation sites `hokatsu-…`, `shogai-…`, `kosodate-…`, community-building sites
 * and activities `chiiki-…`, and organisations (法人) `hojin-…`.
 *
 * @module
 */
import type * as Catalog from "./Catalog.ts"

type Encoded = typeof Catalog.Catalog.Encoded
type Agency = Encoded["directory"]["agencies"][number]

const centreAreas = {
  hondori: ["kurosawajiri-kita", "kurosawajiri-nishi"],
  chuo: ["kurosawajiri-higashi", "aisari", "oniyanagi"],
  tenshochi: ["iitoyo", "futago", "saraki", "kuroiwa", "tachibana", "kuchinai", "inase"],
  wakko: ["etsuriko", "waga"]
} as const

const elderlyCentre = (id: string, name: string, organisation: string, districts: ReadonlyArray<string>, parent?: string): Agency => ({
  id,
  name,
  programs: ["comprehensive-consultation"],
  fieldProgram: "consultation-elderly",
  operator: { kind: "commissioned", organisation },
  coverage: { districts: [districts[0]!, ...districts.slice(1)] },
  sections: ["city-choju-kaigo"],
  ...(parent === undefined ? {} : { parent })
})

const livingSupportLayer2 = (organisation: string, orgName: string): Agency => ({
  id: `chiiki-seikatsu-shien-2-${organisation.replace(/^hojin-/, "")}`,
  name: `第2層生活支援コーディネーター（${orgName}）`,
  programs: ["community-building"],
  fieldProgram: "community-elderly-living-support",
  operator: { kind: "commissioned", organisation },
  coverage: "citywide",
  sections: ["city-choju-kaigo"],
  note: "各地域包括支援センターに配置; 圏域/箇所数は市内全域 (seed §4(3)イ②, L292)"
})

/** Seed revision 2026-04 as JSON-shaped data, before decoding. */
export const revision202604: Encoded = {
  municipality: { name: "北上市", nameEn: "Kitakami City" },
  plan: { name: "北上市重層的支援体制整備事業実施計画", from: 2025, to: 2028 },
  revision: { id: "2026-04", effectiveFrom: "2026-04-01", revises: { id: "2025-04", effectiveFrom: "2025-04-01" } },
  form: "basic",
  directory: {
    organisations: [
      { id: "hojin-shakyo", name: "北上市社会福祉協議会", nameEn: "Kitakami City Social Welfare Council", kind: "social-welfare-corporation" },
      { id: "hojin-birakukai", name: "美楽会", kind: "social-welfare-corporation" },
      { id: "hojin-risshokai", name: "立正会", kind: "social-welfare-corporation" },
      { id: "hojin-hakuaikai", name: "博愛会", kind: "social-welfare-corporation" },
      { id: "hojin-keiwakai", name: "敬和会", kind: "medical-corporation" },
      { id: "hojin-hokokai", name: "方光会", kind: "social-welfare-corporation" },
      { id: "hojin-iwate-jigyodan", name: "岩手県社会福祉事業団", kind: "social-welfare-corporation" },
      { id: "hojin-shirayuri-kyoseikai", name: "白ゆり共生会", kind: "social-welfare-corporation" },
      { id: "hojin-friendship-iwate", name: "フレンドシップいわて", kind: "social-welfare-corporation" },
      { id: "hojin-heiwakai", name: "平和会", kind: "social-welfare-corporation" }
    ],
    sections: [
      { id: "city-choju-kaigo", name: "福祉部長寿介護課" },
      { id: "city-shogai-fukushi", name: "福祉部障がい福祉課" },
      { id: "city-chiiki-fukushi", name: "福祉部地域福祉課" },
      { id: "city-kosodate-shien", name: "健康こども部子育て支援課" },
      { id: "city-kodomo-katei-center", name: "健康こども部こども家庭センター" },
      {
        id: "city-hoken",
        name: "保健分野の関係課",
        note: "The plan names the health field among the core members (§5ア, §6) but not its section."
      }
    ],
    districts: [
      { id: "kurosawajiri-kita", name: "黒沢尻北" },
      { id: "kurosawajiri-nishi", name: "黒沢尻西" },
      { id: "kurosawajiri-higashi", name: "黒沢尻東" },
      { id: "aisari", name: "相去" },
      { id: "oniyanagi", name: "鬼柳" },
      { id: "iitoyo", name: "飯豊" },
      { id: "futago", name: "二子" },
      { id: "saraki", name: "更木" },
      { id: "kuroiwa", name: "黒岩" },
      { id: "tachibana", name: "立花" },
      { id: "kuchinai", name: "口内" },
      { id: "inase", name: "稲瀬" },
      { id: "etsuriko", name: "江釣子" },
      { id: "waga", name: "和賀" }
    ],
    dailyLivingAreas: 8,
    agencies: [
      // §4(1)ア① 地域包括支援センターの運営: 4 centres + 2 satellite/branch sites.
      elderlyCentre("hokatsu-hondori", "地域包括支援センター本通り", "hojin-birakukai", centreAreas.hondori),
      elderlyCentre("hokatsu-kitakami-chuo", "地域包括支援センター北上中央", "hojin-risshokai", centreAreas.chuo),
      elderlyCentre("hokatsu-tenshochi", "地域包括支援センター展勝地", "hojin-hakuaikai", centreAreas.tenshochi),
      elderlyCentre(
        "hokatsu-tenshochi-satellite",
        "地域包括支援センター展勝地サテライト",
        "hojin-hakuaikai",
        centreAreas.tenshochi,
        "hokatsu-tenshochi"
      ),
      elderlyCentre("hokatsu-wakko", "地域包括支援センターわっこ", "hojin-keiwakai", centreAreas.wakko),
      elderlyCentre("hokatsu-wakkonowa", "地域包括支援センターわっこのわ", "hojin-keiwakai", centreAreas.wakko, "hokatsu-wakko"),
      // §4(1)ア② 障害者相談支援事業: 5 sites.
      ...([
        ["shogai-kikan-sodan", "基幹相談支援センター", undefined],
        ["shogai-haginoe", "相談支援事業所 萩の江", "hojin-hokokai"],
        ["shogai-sakura", "相談支援センター さくら", "hojin-iwate-jigyodan"],
        ["shogai-jiritsu-kitakami", "自立生活支援センター北上", "hojin-shirayuri-kyoseikai"],
        ["shogai-niji", "サポートにじ", "hojin-friendship-iwate"]
      ] as const).map(([id, name, organisation]): Agency => ({
        id,
        name,
        programs: ["comprehensive-consultation"],
        fieldProgram: "consultation-disability",
        operator: organisation === undefined ? { kind: "direct" } : { kind: "commissioned", organisation },
        coverage: "citywide",
        sections: ["city-shogai-fukushi"]
      })),
      // §4(1)ア③ 利用者支援事業: 基本型 and こども家庭センター型, both run directly.
      {
        id: "kosodate-riyosha-kihon",
        name: "利用者支援事業（基本型・子育て支援コンシェルジュ）",
        programs: ["comprehensive-consultation"],
        fieldProgram: "consultation-child-rearing",
        operator: { kind: "direct" },
        coverage: "citywide",
        sections: ["city-kosodate-shien"]
      },
      {
        id: "kosodate-kodomo-katei",
        name: "利用者支援事業（こども家庭センター型）",
        programs: ["comprehensive-consultation"],
        fieldProgram: "consultation-child-rearing",
        operator: { kind: "direct" },
        coverage: "citywide",
        sections: ["city-kodomo-katei-center"]
      },
      // §4(1)ア④ 生活困窮者自立相談支援事業.
      {
        id: "shakyo-kurashi-jiritsu",
        name: "暮らしの自立支援センターきたかみ",
        programs: ["comprehensive-consultation"],
        fieldProgram: "consultation-livelihood-hardship",
        operator: { kind: "commissioned", organisation: "hojin-shakyo" },
        coverage: "citywide",
        sections: ["city-chiiki-fukushi"]
      },
      // §4(2)イ 参加支援事業.
      {
        id: "shakyo-sanka-shien",
        name: "参加支援事業（北上市社会福祉協議会）",
        nameEn: "participation support (Kitakami City Social Welfare Council)",
        programs: ["participation-support"],
        operator: { kind: "commissioned", organisation: "hojin-shakyo" },
        coverage: "citywide",
        sections: ["city-chiiki-fukushi"]
      },
      // §4(3)イ① 地域介護予防活動支援事業.
      {
        id: "chiiki-kaigo-yobo",
        name: "地域介護予防活動支援事業",
        programs: ["community-building"],
        fieldProgram: "community-elderly-prevention",
        operator: { kind: "direct" },
        coverage: "citywide",
        sections: ["city-choju-kaigo"]
      },
      // §4(3)イ② 生活支援体制整備事業: 1st-layer coordinators (city, council), 2nd layer at each centre.
      {
        id: "chiiki-seikatsu-shien-1-city",
        name: "第1層生活支援コーディネーター（長寿介護課）",
        programs: ["community-building"],
        fieldProgram: "community-elderly-living-support",
        operator: { kind: "direct" },
        coverage: "citywide",
        sections: ["city-choju-kaigo"]
      },
      {
        id: "chiiki-seikatsu-shien-1-shakyo",
        name: "第1層生活支援コーディネーター（北上市社会福祉協議会）",
        programs: ["community-building"],
        fieldProgram: "community-elderly-living-support",
        operator: { kind: "commissioned", organisation: "hojin-shakyo" },
        coverage: "citywide",
        sections: ["city-choju-kaigo"]
      },
      livingSupportLayer2("hojin-risshokai", "立正会"),
      livingSupportLayer2("hojin-hakuaikai", "博愛会"),
      livingSupportLayer2("hojin-birakukai", "美楽会"),
      livingSupportLayer2("hojin-keiwakai", "敬和会"),
      // §4(3)イ③ 地域活動支援センター機能強化事業: subsidised, operators not named.
      {
        id: "chiiki-katsudo-shien",
        name: "地域活動支援センター（地域活動支援センター事業費補助金）",
        programs: ["community-building"],
        fieldProgram: "community-disability",
        operator: { kind: "subsidised" },
        coverage: "citywide",
        sections: ["city-shogai-fukushi"],
        sites: 5,
        note: "全5箇所（市内3箇所）【間接補助】; 基礎的事業の実施のみ (seed §4(3)イ③, L309–310)"
      },
      // §4(3)イ④ 地域子育て支援拠点事業 (地域子育て支援センター事業): 4 sites.
      ...([
        ["chiiki-kosodate-hokko", "北上市保健・子育て支援複合施設 hoKko", undefined],
        ["chiiki-kosodate-etsuriko", "江釣子保育園", undefined],
        ["chiiki-kosodate-oniyanagi", "おにやなぎ保育園", "hojin-heiwakai"],
        ["chiiki-kosodate-tokiwadai", "ときわだい保育園", null]
      ] as const).map(([id, name, organisation]): Agency => ({
        id,
        name,
        programs: ["community-building"],
        fieldProgram: "community-child-rearing",
        // ORG-1: the plan's table leaves ときわだい保育園's operator cell empty (L325): unknown, not guessed.
        operator: organisation === null ? { kind: "unknown" } : organisation === undefined ? { kind: "direct" } : { kind: "commissioned", organisation },
        coverage: "citywide",
        sections: ["city-kosodate-shien"],
        ...(organisation === null ? { note: "実施主体の欄が空欄 (seed L325): 不明" } : {})
      })),
      // §4(3)イ⑤ 生活困窮者支援等のための地域づくり事業.
      {
        id: "chiiki-hublab-kitakami",
        name: "ハブラボきたかみ",
        programs: ["community-building"],
        fieldProgram: "community-livelihood-hardship",
        operator: { kind: "direct" },
        coverage: "citywide",
        sections: ["city-chiiki-fukushi"]
      },
      // §4(4)イ アウトリーチ等を通じた継続的支援事業 (CSW): two sections in charge.
      {
        id: "shakyo-outreach",
        name: "アウトリーチ等を通じた継続的支援事業（北上市社会福祉協議会）",
        nameEn: "continuous support through outreach (community social workers)",
        programs: ["outreach"],
        operator: { kind: "commissioned", organisation: "hojin-shakyo" },
        coverage: "citywide",
        sections: ["city-chiiki-fukushi", "city-shogai-fukushi"]
      },
      // §4(5)イ 多機関協働事業及び支援プランの作成: partly commissioned.
      {
        id: "shakyo",
        name: "多機関協働事業（北上市社会福祉協議会）",
        nameEn: "multi-agency collaboration (Kitakami City Social Welfare Council)",
        programs: ["multi-agency-collaboration", "support-plan-creation"],
        operator: { kind: "partly-commissioned", organisation: "hojin-shakyo" },
        coverage: "citywide",
        sections: ["city-chiiki-fukushi"]
      }
    ],
    // §5ア, §6 重層事業コアメンバー.
    coreMembers: [
      { role: "elderly", member: "city-choju-kaigo" },
      { role: "disability", member: "city-shogai-fukushi" },
      { role: "child-rearing", member: "city-kosodate-shien" },
      { role: "livelihood-hardship", member: "city-chiiki-fukushi" },
      { role: "health", member: "city-hoken" },
      { role: "multi-agency-operator", member: "shakyo" }
    ]
  },
  // §3, §7(1)-(2) 第4次北上市地域福祉計画.
  welfarePlan: {
    name: "第4次北上市地域福祉計画",
    from: 2024,
    to: 2028,
    goals: [
      {
        number: 1,
        name: "地域福祉を担う人づくり",
        directions: ["市民ひとりひとりの健康意識向上", "地域福祉への意識向上", "学び・行動する環境の整備", "諸活動の担い手となるステップアップ"],
        policies: [
          { number: 1, name: "福祉教育の推進" },
          { number: 2, name: "地域福祉を担う人材の育成" },
          { number: 3, name: "市民参加の促進と広報活動の充実" }
        ]
      },
      {
        number: 2,
        name: "地域福祉を支えるネットワークづくり",
        directions: [
          "地域の特性を生かした取り組み",
          "制度外福祉（インフォーマルサービス）の充実",
          "CSW（コミュニティソーシャルワーカー）の活動促進",
          "多種多様な担い手や居場所の創出"
        ],
        policies: [
          { number: 4, name: "地域住民の支え合い体制づくり" },
          { number: 5, name: "地域づくり活動・市民活動の充実" },
          { number: 6, name: "多様な主体の連携による支援基盤づくり" }
        ]
      },
      {
        number: 3,
        name: "充実した福祉サービスの仕組みづくり",
        directions: ["市域での地域福祉向上の取り組み", "制度福祉の充実", "専門職と地域との連携", "多分野・多機関での連携", "課題とビジョンの共有"],
        policies: [
          { number: 7, name: "包括的な相談支援体制の構築" },
          { number: 8, name: "権利擁護の推進" },
          { number: 9, name: "多様で適切な福祉サービスの確保・創出" }
        ]
      },
      {
        number: 4,
        name: "暮らしやすい地域環境づくり",
        directions: ["「暮らし」を軸として、自助、共助・互助、公助を総合的に活かした取り組み"],
        policies: [
          { number: 10, name: "災害時の対策の強化" },
          { number: 11, name: "住みなれた地域での暮らしを支える取り組み" }
        ]
      }
    ],
    evaluation: { interimReview: 2026, nextPlan: 2029 }
  },
  // §7(3) 事業の実施目標及び成果指標: baseline R5/2023, target R10/2028.
  indicators: [
    {
      id: "KPI-1",
      name: "CSWによるアウトリーチ件数（個別支援・関係機関）",
      nameEn: "CSW outreach contacts (individuals and agencies)",
      source: "project-records",
      unit: "times",
      direction: "higher",
      baseline: { fiscalYear: 2023, value: null },
      target: { fiscalYear: 2028, value: 400 }
    },
    {
      id: "KPI-2",
      name: "支援会議実施回数",
      nameEn: "support meetings held",
      source: "project-records",
      unit: "times",
      direction: "higher",
      baseline: { fiscalYear: 2023, value: null },
      target: { fiscalYear: 2028, value: 12 }
    },
    {
      id: "KPI-3",
      name: "多機関協働による支援プランの検討件数",
      nameEn: "plans reviewed through multi-agency collaboration",
      source: "project-records",
      unit: "cases",
      direction: "higher",
      baseline: { fiscalYear: 2023, value: null },
      target: { fiscalYear: 2028, value: 20 }
    },
    {
      id: "KPI-4",
      name: "支援プランの決定件数",
      nameEn: "plans decided",
      source: "project-records",
      unit: "cases",
      direction: "higher",
      baseline: { fiscalYear: 2023, value: null },
      target: { fiscalYear: 2028, value: 7 }
    },
    {
      id: "KPI-5",
      name: "身近に頼れる人や機関があると思う市民の割合",
      nameEn: "residents who feel they have people or agencies to rely on nearby",
      source: "resident-survey",
      unit: "percent",
      direction: "higher",
      baseline: { fiscalYear: 2023, value: 52.2 },
      target: { fiscalYear: 2028, value: 60 }
    },
    {
      id: "KPI-6",
      name: "家庭や職場、学校、地域などで自分の居場所や役割があると感じる市民の割合",
      nameEn: "residents who feel they have a place or role at home, work, school or community",
      source: "resident-survey",
      unit: "percent",
      direction: "higher",
      baseline: { fiscalYear: 2023, value: 69.5 },
      target: { fiscalYear: 2028, value: 75 }
    },
    {
      id: "KPI-7",
      name: "孤独や孤立を感じる事が「あまりない」または「ない」と答えた市民の割合",
      nameEn: "residents answering \"rarely\" or \"never\" to feeling lonely or isolated",
      source: "resident-survey",
      unit: "percent",
      direction: "higher",
      baseline: { fiscalYear: 2023, value: 58.0 },
      target: { fiscalYear: 2028, value: 65 }
    },
    {
      id: "KPI-8",
      name: "困りごとの相談について、「どこに相談すればいいかわからない」「相談相手はいない」と答える市民の割合",
      nameEn: "residents answering \"don't know where to consult\" or \"no one to consult\"",
      source: "community-welfare-questionnaire",
      unit: "percent",
      direction: "lower",
      baseline: { fiscalYear: 2023, value: 14.3 },
      target: { fiscalYear: 2028, value: 10 }
    }
  ]
}

/**
 * ORG-4, AUD-3: the original plan (2025-04). Its text is not in the repository (the seed is the
 * 2026-04 revision), so its content repeats the 2026-04 data; only the revision record differs.
 */
export const revision202504: Encoded = {
  ...revision202604,
  revision: {
    id: "2025-04",
    effectiveFrom: "2025-04-01",
    note: "Original plan. Its text is not in the repository; the content repeats the 2026-04 revision."
  }
}
