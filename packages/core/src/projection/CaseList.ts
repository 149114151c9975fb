/**
 * The case list read model: one document per case with ids and codes only — status, plans per
 * kind, district and centre, agencies involved, key dates (PLN-1…PLN-4a, ORG-2, AUD-2).
 *
 * No name, address or note ever reaches this read model (AUD-2): personal fields are read from
 * the case history only through the disclosure-checked accessor of `ReadSide`.
 *
 * **Districts and centre** ([design], ORG-2). Case events do not record a district (the address is
 * personal data). A case's districts are those the referring agency covers (none when it serves
 * the whole city); its centre is the referring agency's main site when that agency is a community
 * general support centre (地域包括支援センター), or the centre serving its districts when they all
 * have the same one; otherwise `null`. Filtering by district keeps cases whose districts include it.
 *
 * @module
 */
import { Case, type Catalog, District, FiscalYear, Instant, type SupportPlan } from "../index.ts"
import type * as Projection from "./Projection.ts"

/** One plan of a case as the list shows it. */
export interface PlanRow {
  readonly planId: string
  readonly kind: SupportPlan.Kind
  readonly phase: SupportPlan.Phase
  readonly revision: number
  /** When support under it started (ISO), or `null`. */
  readonly startedAt: string | null
}

/** One case, ids and codes only (AUD-2). Instants are UTC ISO strings. */
export interface CaseRow {
  readonly caseId: string
  readonly status: "open" | "closed"
  readonly referredBy: string
  /** ORG-2: the districts the referring agency covers (`[]`: citywide). */
  readonly districts: ReadonlyArray<string>
  readonly centre: string | null
  readonly referredAt: string
  /** TIME-1: fiscal year (Japan time) of the referral. */
  readonly fiscalYear: number
  readonly closedAt: string | null
  readonly reopenedAt: string | null
  readonly lastEventAt: string
  /** How many household members the case holds (CNS-7); their ids, never their names. */
  readonly memberIds: ReadonlyArray<string>
  /** Every agency that referred, recorded consent, assessed, holds a plan role or was advised, sorted. */
  readonly agencies: ReadonlyArray<string>
  readonly plans: ReadonlyArray<PlanRow>
}

/** The projection's name. */
export const name = "cases"

const caseTags: ReadonlySet<string> = new Set(Case.Event.members.map((m) => m.fields._tag.schema.literal))

const agenciesOf = (e: Case.Event): ReadonlyArray<string> => {
  switch (e._tag) {
    case "CaseReferred":
    case "ConsentRecorded":
      return [e.by]
    case "AssessmentRecorded":
      return [e.by, ...e.assessors]
    case "PlanDrafted":
    case "PlanRevised":
      return [e.by, ...e.roles.map((r) => r.agencyId)]
    case "SupporterSupportRecorded":
      return [e.by, e.to]
    default:
      return [e.by]
  }
}

const iso = (i: Instant.Instant): string => Instant.format(i)

/** ORG-2 ([design]): a case's districts and centre from its referring agency (see the module notes). */
export const placeOf = (
  catalog: Catalog.Catalog,
  agencyId: string
): { readonly districts: ReadonlyArray<string>; readonly centre: string | null } => {
  const agency = catalog.directory.agencies.find((a) => a.id === agencyId)
  if (agency === undefined || agency.coverage === "citywide") return { districts: [], centre: null }
  const districts = agency.coverage.districts
  if (agency.fieldProgram === "consultation-elderly") return { districts, centre: agency.parent ?? agency.id }
  const centres = new Set(District.routingTable(catalog).filter((r) => districts.includes(r.district.id)).map((r) => r.centre.id))
  return { districts, centre: centres.size === 1 ? [...centres][0]! : null }
}

const updatePlan = (row: CaseRow, planId: string, f: (p: PlanRow) => PlanRow): CaseRow => ({
  ...row,
  plans: row.plans.map((p) => (p.planId === planId ? f(p) : p))
})

const evolveRow = (catalog: Catalog.Catalog, row: CaseRow | undefined, e: Case.Event): CaseRow | undefined => {
  if (e._tag === "CaseReferred") {
    return {
      caseId: e.caseId,
      status: "open",
      referredBy: e.by,
      ...placeOf(catalog, e.by),
      referredAt: iso(e.at),
      fiscalYear: FiscalYear.ofInstant(e.at),
      closedAt: null,
      reopenedAt: null,
      lastEventAt: iso(e.at),
      memberIds: e.members.map((m) => m.memberId),
      agencies: [e.by],
      plans: []
    }
  }
  if (row === undefined) return undefined
  const base: CaseRow = {
    ...row,
    lastEventAt: iso(e.at),
    agencies: [...new Set([...row.agencies, ...agenciesOf(e)])].sort()
  }
  switch (e._tag) {
    case "HouseholdMemberAdded":
      return { ...base, memberIds: [...base.memberIds, e.member.memberId] }
    case "PlanDrafted":
      return { ...base, plans: [...base.plans, { planId: e.planId, kind: e.kind, phase: "drafted", revision: 1, startedAt: null }] }
    case "PlanRevised":
      return updatePlan(base, e.planId, (p) => ({ ...p, phase: "drafted", revision: e.revision }))
    case "PlanReviewed":
      return e.outcome === "sent-back" ? updatePlan(base, e.planId, (p) => ({ ...p, phase: "sent-back" })) : base
    case "PlanDecided":
      return updatePlan(base, e.planId, (p) => ({ ...p, phase: "decided" }))
    case "SupportStarted":
      return updatePlan(base, e.planId, (p) => ({ ...p, startedAt: iso(e.at) }))
    case "PlanEndEvaluated":
      return updatePlan(base, e.planId, (p) => ({ ...p, phase: e.outcome }))
    case "CaseClosed":
      return { ...base, status: "closed", closedAt: iso(e.at) }
    case "CaseReopened":
      return { ...base, status: "open", reopenedAt: iso(e.at) }
    default:
      return base
  }
}

/** PLN-1…PLN-4a: the case list projection, placing cases with `catalog`'s directory (ORG-2). */
export const projection = (catalog: Catalog.Catalog): Projection.Projection => ({
  name,
  version: 1,
  handles: caseTags,
  keysOf: (e) => ("caseId" in e && caseTags.has(e._tag) ? [e.caseId] : []),
  evolve: (doc, e) => evolveRow(catalog, doc as unknown as CaseRow | undefined, e as Case.Event) as unknown as Projection.Doc
})

/** PLN-1…PLN-4a: the phases of a case's plans per kind (`[]` when it has none of that kind). */
export const phasesByKind = (row: CaseRow): Readonly<Record<SupportPlan.Kind, ReadonlyArray<SupportPlan.Phase>>> => ({
  "multi-agency": row.plans.filter((p) => p.kind === "multi-agency").map((p) => p.phase),
  "participation-support": row.plans.filter((p) => p.kind === "participation-support").map((p) => p.phase),
  outreach: row.plans.filter((p) => p.kind === "outreach").map((p) => p.phase)
})
