/**
 * The directory of implementing agencies, as data (ORG-1…ORG-3, PRG-1, PRG-2, PRG-4; seed §4, §5ア, §6).
 *
 * A directory lists the organisations that run programs (法人), the city sections in charge
 * (担当課), the districts (地区) of the municipality and the agencies (機関: one site or office
 * running one program), plus the core members of the support meeting. Decoding with
 * {@link Directory} checks every cross-reference and the rules below; a directory that breaks one
 * is refused with a message naming the rule. Kitakami's own directory is in {@link Kitakami}.
 *
 * Ids are one namespace: an organisation, section, district and agency never share an id, so a
 * meeting attendee or a consent grantee can be named by id alone.
 *
 * @module
 */
import { Effect, Option, Schema } from "effect"
import * as Districts from "./District.ts"
import * as Program from "./Program.ts"

/** A stable id: lower-case letters, digits and hyphens (`shakyo`, `hokatsu-hondori`). */
export const Id = Schema.String.check(Schema.isPattern(/^[a-z0-9][a-z0-9-]{0,63}$/u, { expected: "a directory id: 1–64 lower-case letters, digits or '-'" }))
/** The type of {@link Id}. */
export type Id = typeof Id.Type

const Name = Schema.NonEmptyString

/** The legal form of an operating organisation. */
export const OrganisationKind = Schema.Literals([
  "social-welfare-corporation",
  "medical-corporation",
  "other"
])
/** The type of {@link OrganisationKind}. */
export type OrganisationKind = typeof OrganisationKind.Type

/** An organisation commissioned or subsidised to run a program (委託法人等). */
export const Organisation = Schema.Struct({
  id: Id,
  name: Name,
  nameEn: Schema.optionalKey(Name),
  kind: OrganisationKind
})
/** The type of {@link Organisation}. */
export type Organisation = typeof Organisation.Type

/** ORG-1: an organisation as the plan prints it, with its legal-form prefix: `(福)美楽会`, `(医)敬和会`. */
export const organisationLabel = (o: Organisation): string =>
  `${o.kind === "social-welfare-corporation" ? "(福)" : o.kind === "medical-corporation" ? "(医)" : ""}${o.name}`

/** A city section (担当課), e.g. 福祉部地域福祉課. */
export const Section = Schema.Struct({
  id: Id,
  name: Name,
  nameEn: Schema.optionalKey(Name),
  /** Why the entry reads as it does, when the plan leaves something unsaid. */
  note: Schema.optionalKey(Schema.String)
})
/** The type of {@link Section}. */
export type Section = typeof Section.Type

/** A district (地区) of the municipality; residents are assigned to agencies by district (ORG-2). */
export const District = Schema.Struct({
  id: Id,
  name: Name,
  nameEn: Schema.optionalKey(Name)
})
/** The type of {@link District}. */
export type District = typeof District.Type

/**
 * ORG-1: 実施主体: 直営 direct, 委託 commissioned, 一部委託 partly commissioned, 補助 subsidised; `unknown`
 * where the plan's table leaves the cell empty (recorded as unknown, never guessed).
 */
export const OperatorKind = Schema.Literals(["direct", "commissioned", "partly-commissioned", "subsidised", "unknown"])
/** The type of {@link OperatorKind}. */
export type OperatorKind = typeof OperatorKind.Type

/** ORG-1: the Japanese and English names of the operating forms, as the plan writes them (実施主体). */
export const operatorKindName: Readonly<Record<OperatorKind, { readonly ja: string; readonly en: string }>> = {
  "direct": { ja: "直営", en: "run directly by the city" },
  "commissioned": { ja: "委託", en: "commissioned" },
  "partly-commissioned": { ja: "一部委託", en: "partly commissioned" },
  "subsidised": { ja: "補助", en: "subsidised" },
  "unknown": { ja: "記載なし（不明）", en: "not stated in the plan (unknown)" }
}

/** ORG-1: who runs an agency. A direct agency is run by its section; others name their organisation. */
export const Operator = Schema.Struct({
  kind: OperatorKind,
  organisation: Schema.optionalKey(Id)
})
/** The type of {@link Operator}. */
export type Operator = typeof Operator.Type

/** ORG-1: the area an agency covers: the whole municipality or a list of districts. */
export const Coverage = Schema.Union([
  Schema.Literal("citywide"),
  Schema.Struct({ districts: Schema.NonEmptyArray(Id).check(Schema.isUnique()) })
])
/** The type of {@link Coverage}. */
export type Coverage = typeof Coverage.Type

/** ORG-1: one implementing agency (a site or office running one program for one field). */
export const Agency = Schema.Struct({
  id: Id,
  name: Name,
  nameEn: Schema.optionalKey(Name),
  /** PRG-1: the components it runs (plan creation always together with multi-agency collaboration). */
  programs: Schema.NonEmptyArray(Program.ProgramId).check(Schema.isUnique()),
  /** PRG-2: for a bundling component, the existing field program it runs. */
  fieldProgram: Schema.optionalKey(Program.FieldProgramId),
  operator: Operator,
  coverage: Coverage,
  /** 担当課: one or more sections (outreach has two). */
  sections: Schema.NonEmptyArray(Id).check(Schema.isUnique()),
  /** ORG-2: a satellite or branch names the agency it belongs to. */
  parent: Schema.optionalKey(Id),
  /** When one entry stands for several sites (箇所数), how many. */
  sites: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  note: Schema.optionalKey(Schema.String)
})
/** The type of {@link Agency}. */
export type Agency = typeof Agency.Type

/** ORG-3: the roles of the core members (重層事業コアメンバー) (seed §5ア, §6). */
export const CoreRole = Schema.Literals([
  "elderly",
  "disability",
  "child-rearing",
  "livelihood-hardship",
  "health",
  "multi-agency-operator"
])
/** The type of {@link CoreRole}. */
export type CoreRole = typeof CoreRole.Type

/** ORG-3: one core member: a section for each field role, the multi-agency agency for the operator role. */
export const CoreMember = Schema.Struct({ role: CoreRole, member: Id })
/** The type of {@link CoreMember}. */
export type CoreMember = typeof CoreMember.Type

const bundling = (p: Program.ProgramId) => p === "comprehensive-consultation" || p === "community-building"

/** Every rule a directory must satisfy beyond its shape; returns the problems found. */
const problems = (d: DirectoryFields): Array<Schema.FilterIssue> => {
  const out: Array<Schema.FilterIssue> = []
  const at = (path: ReadonlyArray<PropertyKey>, issue: string) => out.push({ path, issue })

  // ORG-1: one id namespace.
  const kinds = new Map<string, string>()
  const claim = (kind: string, list: ReadonlyArray<{ readonly id: string }>, key: string) =>
    list.forEach((e, i) => {
      const seen = kinds.get(e.id)
      if (seen !== undefined) at([key, i, "id"], `ORG-1: id "${e.id}" is already used by ${/^[aeiou]/.test(seen) ? "an" : "a"} ${seen}`)
      else kinds.set(e.id, kind)
    })
  claim("organisation", d.organisations, "organisations")
  claim("section", d.sections, "sections")
  claim("district", d.districts, "districts")
  claim("agency", d.agencies, "agencies")
  const is = (kind: string, id: string) => kinds.get(id) === kind
  const agencyById = new Map(d.agencies.map((a) => [a.id, a]))

  d.agencies.forEach((a, i) => {
    const p = (...rest: Array<PropertyKey>) => ["agencies", i, ...rest]
    // ORG-1: references resolve.
    a.sections.forEach((s, j) => {
      if (!is("section", s)) at(p("sections", j), `ORG-1: agency "${a.id}" names unknown section "${s}"`)
    })
    if (typeof a.coverage !== "string") {
      a.coverage.districts.forEach((s, j) => {
        if (!is("district", s)) at(p("coverage", "districts", j), `ORG-1: agency "${a.id}" covers unknown district "${s}"`)
      })
    }
    // ORG-1: the operator matches its kind.
    const org = a.operator.organisation
    if (a.operator.kind === "unknown" && org !== undefined) {
      at(p("operator", "organisation"), `ORG-1: agency "${a.id}" has an unknown operator and names no organisation`)
    }
    if (a.operator.kind === "direct" && org !== undefined) {
      at(p("operator", "organisation"), `ORG-1: agency "${a.id}" is run directly by the city and names no organisation`)
    }
    if ((a.operator.kind === "commissioned" || a.operator.kind === "partly-commissioned") && org === undefined) {
      at(p("operator"), `ORG-1: agency "${a.id}" is ${a.operator.kind} and must name its organisation`)
    }
    if (org !== undefined && !is("organisation", org)) {
      at(p("operator", "organisation"), `ORG-1: agency "${a.id}" names unknown organisation "${org}"`)
    }
    // PRG-1: plan creation is run together with multi-agency collaboration.
    if (a.programs.includes("support-plan-creation") !== a.programs.includes("multi-agency-collaboration")) {
      at(p("programs"), `PRG-1: agency "${a.id}" must run support-plan-creation and multi-agency-collaboration together`)
    }
    // PRG-2: a bundling component names exactly the field program it runs.
    const bundles = a.programs.filter(bundling)
    if (bundles.length > 1) {
      at(p("programs"), `PRG-2: agency "${a.id}" runs more than one bundling component; list one agency per field program`)
    } else if (bundles.length === 1 && a.fieldProgram === undefined) {
      at(p("fieldProgram"), `PRG-2: agency "${a.id}" runs ${bundles[0]} and must name its field program`)
    }
    if (a.fieldProgram !== undefined && !a.programs.includes(Program.getFieldProgram(a.fieldProgram).program)) {
      at(p("fieldProgram"), `PRG-2: field program "${a.fieldProgram}" does not belong to a component agency "${a.id}" runs`)
    }
    // ORG-2: a satellite belongs to a main agency of the same field program and covers part of its area.
    if (a.parent !== undefined) {
      const parent = agencyById.get(a.parent)
      if (parent === undefined) at(p("parent"), `ORG-2: agency "${a.id}" names unknown parent agency "${a.parent}"`)
      else if (parent.parent !== undefined || parent.id === a.id) {
        at(p("parent"), `ORG-2: parent agency "${parent.id}" of "${a.id}" must itself be a main agency`)
      } else if (parent.fieldProgram !== a.fieldProgram) {
        at(p("parent"), `ORG-2: agency "${a.id}" and its parent "${parent.id}" must run the same field program`)
      } else if (!covers(parent.coverage, a.coverage)) {
        at(p("coverage"), `ORG-2: agency "${a.id}" covers districts its parent "${parent.id}" does not`)
      }
    }
  })

  // PRG-1: all six components run.
  Program.all.forEach((prog) => {
    if (!d.agencies.some((a) => a.programs.includes(prog.id))) {
      at(["agencies"], `PRG-1: no agency runs ${prog.id} (${prog.name}); the project runs all six components`)
    }
  })
  // PRG-4 / MTG-1: one multi-agency collaboration operator, who hosts and attends the meetings.
  const operators = d.agencies.filter((a) => a.programs.includes("multi-agency-collaboration"))
  if (operators.length > 1) {
    at(["agencies"], `PRG-4: exactly one agency runs multi-agency-collaboration; found ${operators.map((a) => a.id).join(", ")}`)
  }

  // ORG-2: every district has exactly one main elderly consultation centre.
  const centres = d.agencies.filter((a) => a.fieldProgram === "consultation-elderly" && a.parent === undefined)
  if (centres.length > 0) {
    d.districts.forEach((district, i) => {
      const hits = centres.filter((c) => coversDistrict(c.coverage, district.id))
      if (hits.length !== 1) {
        at(
          ["districts", i],
          hits.length === 0
            ? `ORG-2: district "${district.id}" has no community general support centre`
            : `ORG-2: district "${district.id}" is covered by ${hits.length} centres (${hits.map((c) => c.id).join(", ")})`
        )
      }
    })
  }

  // ORG-3: each core role filled exactly once, by a section (fields) or the multi-agency operator.
  CoreRole.literals.forEach((role) => {
    const n = d.coreMembers.filter((m) => m.role === role).length
    if (n !== 1) at(["coreMembers"], `ORG-3: core role "${role}" must be filled exactly once; found ${n}`)
  })
  d.coreMembers.forEach((m, i) => {
    if (m.role === "multi-agency-operator") {
      if (!operators.some((a) => a.id === m.member)) {
        at(["coreMembers", i, "member"], `ORG-3: the multi-agency-operator core member must be the multi-agency collaboration agency`)
      }
    } else if (!is("section", m.member)) {
      at(["coreMembers", i, "member"], `ORG-3: core role "${m.role}" must be filled by a city section; "${m.member}" is not one`)
    }
  })
  return out
}

const coversDistrict = (c: Coverage, district: string): boolean =>
  typeof c === "string" || c.districts.includes(district)

const covers = (outer: Coverage, inner: Coverage): boolean =>
  typeof outer === "string" || (typeof inner !== "string" && inner.districts.every((d) => outer.districts.includes(d)))

const DirectoryFields = Schema.Struct({
  organisations: Schema.Array(Organisation),
  sections: Schema.Array(Section),
  districts: Schema.Array(District),
  /** ORG-2: the number of daily-living areas (日常生活圏域) the elderly field plans by, when stated. */
  dailyLivingAreas: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  agencies: Schema.Array(Agency),
  coreMembers: Schema.Array(CoreMember)
})
type DirectoryFields = typeof DirectoryFields.Type

/**
 * ORG-1: a municipality's directory. Decoding checks the ORG-1…ORG-3, PRG-1, PRG-2 and PRG-4
 * rules above and reports each problem with its rule id and path.
 */
export const Directory = DirectoryFields.check(Schema.makeFilter(problems))
/** The type of {@link Directory}. */
export type Directory = typeof Directory.Type

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** The agency with this id, if the directory has one. */
export const findAgency = (d: Directory, id: string): Option.Option<Agency> =>
  Option.fromUndefinedOr(d.agencies.find((a) => a.id === id))

/**
 * ORG-5: true when `name` (trimmed) is the id or name of an agency or of a section in charge in the
 * directory: such a party is part of the programs, not an outside party.
 */
export const namesAgency = (d: Directory, name: string): boolean => {
  const n = name.trim()
  return d.agencies.some((a) => a.id === n || a.name === n) || d.sections.some((s) => s.id === n || s.name === n)
}

/** PRG-1, ORG-1: the agencies running a component, in directory order. */
export const agenciesOf = (d: Directory, program: Program.ProgramId): ReadonlyArray<Agency> =>
  d.agencies.filter((a) => a.programs.includes(program))

/** ORG-1, PRG-2: the field an agency serves (through its field program); none for the new components. */
export const fieldOf = (a: Agency): Program.Field | undefined =>
  a.fieldProgram === undefined ? undefined : Program.getFieldProgram(a.fieldProgram).field

/** ORG-1: the organisation running an agency, when it is not run directly by the city. */
export const organisationOf = (d: Directory, a: Agency): Organisation | undefined =>
  a.operator.organisation === undefined ? undefined : d.organisations.find((o) => o.id === a.operator.organisation)

/**
 * PRG-4, MTG-1: the multi-agency collaboration agency (多機関協働事業者), which hosts the
 * multi-layered support meeting and attends both meetings. A decoded directory has exactly one.
 */
export const multiAgencyOperator = (d: Directory): Agency => d.agencies.find((a) => a.programs.includes("multi-agency-collaboration"))!

/** ORG-3: a core member with its role, resolved to the section or agency it names. */
export type ResolvedCoreMember =
  | { readonly role: Exclude<CoreRole, "multi-agency-operator">; readonly id: string; readonly section: Section }
  | { readonly role: "multi-agency-operator"; readonly id: string; readonly agency: Agency }

/** ORG-3: the core members of the support meeting, in role order. */
export const coreMembers = (d: Directory): ReadonlyArray<ResolvedCoreMember> =>
  CoreRole.literals.map((role): ResolvedCoreMember => {
    const id = d.coreMembers.find((m) => m.role === role)!.member
    return role === "multi-agency-operator"
      ? { role, id, agency: multiAgencyOperator(d) }
      : { role, id, section: d.sections.find((s) => s.id === id)! }
  })

/** ORG-2: the given district is not in the directory (the same class as `Districts.UnknownDistrict`). */
export const UnknownDistrict = Districts.UnknownDistrict
/** ORG-2: the given district is not in the directory. */
export type UnknownDistrict = Districts.UnknownDistrict

/** ORG-2: the community general support centre (and its satellites or branches) for a district. */
export type CentreAssignment = Districts.Assignment

/**
 * ORG-2: the community general support centre responsible for a resident's district, given by
 * district id or name (`kurosawajiri-kita` or `黒沢尻北`, read after NFKC and trimming). An unknown
 * district fails with {@link UnknownDistrict}; there is no default centre. See `Districts.route`.
 */
export const centreFor = (d: Directory, district: string): Effect.Effect<CentreAssignment, UnknownDistrict | Districts.NoCentre> =>
  Districts.route(d, district)
