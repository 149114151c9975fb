/**
 * The queries other tools need, as one Effect service over the read models (ACC-1, CNS-5, MTG-2,
 * KPI-9, PLN-1…PLN-4a, OUT-2, MTG-6, PLN-8, AUD-2). The registers are Effect `Stream`s read page by
 * page, so a register report holds one page, never the history. Callers never touch streams: every answer comes from the
 * projections' documents, which {@link projections} lists and `ProjectionRunner` keeps current.
 *
 * The service runs over any `ReadModelStore` (memory, SQLite, PostgreSQL, a vendor's), so each
 * query has as many implementations as there are stores, all proven by the testkit's
 * `ProjectionConformance` suite.
 *
 * @module
 */
import { Context, Effect, Layer, Result, type Stream } from "effect"
import {
  Case,
  type Catalog,
  Disclosure,
  DomainEvent,
  EventStore,
  type FiscalYear,
  type Id,
  IndicatorProjection,
  IndicatorReport,
  type Instant,
  MemberRegister,
  type Personal,
  RegisterProjection,
  Registers,
  type Report
} from "../index.ts"
import * as CaseFacts from "./CaseFacts.ts"
import * as CaseList from "./CaseList.ts"
import * as IndicatorCounters from "./IndicatorCounters.ts"
import type * as Projection from "./Projection.ts"
import * as ReadModelStore from "./ReadModelStore.ts"
import * as RegisterEntries from "./RegisterEntries.ts"
import * as SupportRegister from "./SupportRegister.ts"

/** The read models the queries read, placing cases with `catalog` (ORG-2). */
export const projections = (catalog: Catalog.Catalog): ReadonlyArray<Projection.Projection> => [
  CaseList.projection(catalog),
  CaseFacts.projection,
  SupportRegister.projection,
  IndicatorCounters.projection,
  RegisterEntries.projection
]

/** Filters of {@link ReadSideShape.cases}; each list keeps cases matching one of its values. */
export interface CaseFilter {
  readonly ids?: ReadonlyArray<string> | undefined
  readonly statuses?: ReadonlyArray<"open" | "closed"> | undefined
  readonly districts?: ReadonlyArray<string> | undefined
  /** TIME-1: fiscal years of referral. */
  readonly fiscalYears?: ReadonlyArray<number> | undefined
  /** Keyset paging: cases after this id (the previous page's `next`). */
  readonly after?: string | undefined
  /** Page size, 1…1000 (default 100). */
  readonly limit?: number | undefined
}

/** A page of cases; `next` is the `after` of the following page, absent on the last. */
export interface CasePage {
  readonly cases: ReadonlyArray<CaseList.CaseRow>
  readonly next?: string | undefined
}

/** ACC-1: a disclosure question about a case's member; `itemId` names an item of that case (ACC-2). */
export interface DisclosureQuestion {
  readonly caseId: string
  readonly memberId: string
  readonly agency: string
  readonly setting: Disclosure.Setting
  readonly at: Instant.Instant
  readonly itemId?: string | undefined
}

/** CNS-5: a member's consents at an instant. */
export interface Consents {
  readonly inForce: ReadonlyArray<CaseFacts.ConsentDoc>
  readonly history: ReadonlyArray<CaseFacts.ConsentDoc & { readonly status: string }>
}

/** MTG-2: the register at an instant. */
export interface RegisterAt {
  readonly members: ReadonlyArray<string>
  readonly formerMembers: ReadonlyArray<string>
  readonly periods: SupportRegister.RegisterDoc["periods"]
}

/** A member's personal fields, handed out only when disclosure allows (AUD-2, ACC-1). */
export type PersonalAnswer =
  | { readonly allowed: true; readonly because: Disclosure.Because; readonly name: Personal.Name; readonly address?: Personal.Address | undefined }
  | { readonly allowed: false; readonly because: Disclosure.Because }

/** Options of the reports: when generated, and survey results given beside the recorded ones (KPI-9). */
export interface ReportOptions {
  readonly generatedAt: Date
  readonly surveys?: ReadonlyArray<IndicatorProjection.SurveyResult> | undefined
}

/** Everything a query can fail with. */
export type QueryError = ReadModelStore.ReadModelError | EventStore.EventStoreError | DomainEvent.UndecodableEvent

/** The queries. */
export interface ReadSideShape {
  /** PLN-1…PLN-4a: cases in id order, filtered and paged; ids and codes only (AUD-2). */
  readonly cases: (filter?: CaseFilter) => Effect.Effect<CasePage, ReadModelStore.ReadModelError>
  /** CNS-5, CNS-7: the member's consents in force at `at`, and every record with its status then. */
  readonly consents: (caseId: string, memberId: string, at: Instant.Instant) => Effect.Effect<Consents, ReadModelStore.ReadModelError>
  /** MTG-2: members and former members of the support meeting at `at`. */
  readonly register: (at: Instant.Instant) => Effect.Effect<RegisterAt, ReadModelStore.ReadModelError>
  /** ACC-1: the answer and `because` of `Disclosure.decide`, from the read models. */
  readonly disclosure: (q: DisclosureQuestion) => Effect.Effect<Disclosure.Answer, ReadModelStore.ReadModelError>
  /** KPI-9: a fiscal year's KPI-1…KPI-4 counters. */
  readonly counts: (fy: FiscalYear.FiscalYear) => Effect.Effect<IndicatorProjection.Counts, ReadModelStore.ReadModelError>
  /** KPI-9: a fiscal year's report rows from the counters (`surveys` as for `IndicatorProjection.report`). */
  readonly indicators: (
    fy: FiscalYear.FiscalYear,
    surveys?: ReadonlyArray<IndicatorProjection.SurveyResult>
  ) => Effect.Effect<ReadonlyArray<IndicatorProjection.Row>, ReadModelStore.ReadModelError>
  /** KPI-9, KPI-10: the indicator report of a fiscal year (`IndicatorReport.forYear`) from the counters. */
  readonly yearReport: (fy: FiscalYear.FiscalYear, options: ReportOptions) => Effect.Effect<Report.Report, ReadModelStore.ReadModelError>
  /** KPI-10: the plan-period report for the interim review (`IndicatorReport.forPeriod`) from the counters. */
  readonly periodReport: (
    options: ReportOptions & { readonly asOf?: FiscalYear.FiscalYear | undefined }
  ) => Effect.Effect<Report.Report, ReadModelStore.ReadModelError>
  /** AUD-2, ACC-1: a member's name and address, only when the disclosure question is answered yes. */
  readonly personal: (q: DisclosureQuestion) => Effect.Effect<PersonalAnswer, QueryError>
  /**
   * OUT-1, OUT-2: the outreach log's entries, page by page in register order; `options` as for
   * `RegisterProjection.project` (a fiscal year, agency names). Equal to the history's, row for row.
   */
  readonly outreach: (options?: RegisterProjection.Options) => Stream.Stream<Registers.OutreachEntry, ReadModelStore.ReadModelError>
  /** MTG-1…MTG-6, PLN-2: the meeting log's entries, page by page in register order (as {@link outreach}). */
  readonly meetings: (options?: RegisterProjection.Options) => Stream.Stream<Registers.MeetingEntry, ReadModelStore.ReadModelError>
  /** PLN-1…PLN-8: the plan register's entries, page by page; for a fiscal year, the plans in play as of its end (TIME-1). */
  readonly plans: (options?: RegisterProjection.Options) => Stream.Stream<Registers.PlanEntry, ReadModelStore.ReadModelError>
  /**
   * OUT-2: the outreach log (アウトリーチ記録) streamed from the read model: what
   * `RegisterProjection.outreachLog` gives over the history, pseudonymous (AUD-2). No personal
   * column: a `disclose` hook is checked against the history (ACC-2), so that report is built there.
   */
  readonly outreachLog: (options: RegisterProjection.EntryReportOptions) => Report.Report
  /** MTG-6: the meeting log (会議記録) streamed from the read model (as {@link outreachLog}). */
  readonly meetingLog: (options: RegisterProjection.EntryReportOptions) => Report.Report
  /** PLN-8: the plan register (支援プラン台帳) streamed from the read model (as {@link outreachLog}). */
  readonly planRegister: (options: RegisterProjection.EntryReportOptions) => Report.Report
}

/** The read-side service key. */
export class ReadSide extends Context.Service<ReadSide, ReadSideShape>()("@kitakami-juso/core/ReadSide") {}

const one = (store: ReadModelStore.ReadModelStoreShape, projection: string, key: string) =>
  Effect.map(store.load(projection, [key]), (m) => m.get(key))

/** Build the queries over the read-model store and event store in context; `catalog` gives the indicators (KPI-0). */
export const make = Effect.fnUntraced(function*(catalog: Catalog.Catalog) {
  const store = yield* ReadModelStore.ReadModelStore
  const events = yield* EventStore.EventStore

  const cases: ReadSideShape["cases"] = (filter = {}) => {
    const limit = filter.limit ?? 100
    const where = [
      ...(filter.ids !== undefined ? [{ field: "caseId", in: filter.ids }] : []),
      ...(filter.statuses !== undefined ? [{ field: "status", in: filter.statuses }] : []),
      ...(filter.districts !== undefined ? [{ field: "districts", in: filter.districts }] : []),
      ...(filter.fiscalYears !== undefined ? [{ field: "fiscalYear", in: filter.fiscalYears }] : [])
    ]
    return Effect.map(store.list(CaseList.name, { where, after: filter.after, limit }), (page) => {
      const rows = page.map((e) => e.doc as unknown as CaseList.CaseRow)
      return rows.length === limit ? { cases: rows, next: rows[rows.length - 1]!.caseId } : { cases: rows }
    })
  }

  const facts = (caseId: string) =>
    Effect.map(one(store, CaseFacts.name, caseId), (d): CaseFacts.FactsDoc => (d as unknown as CaseFacts.FactsDoc | undefined) ?? { consents: [], items: [] })
  const registerState = Effect.map(
    one(store, SupportRegister.name, SupportRegister.name),
    (d) => SupportRegister.toState(d as unknown as SupportRegister.RegisterDoc | undefined)
  )

  const consents: ReadSideShape["consents"] = (caseId, memberId, at) =>
    Effect.map(facts(caseId), (f) => {
      const history = CaseFacts.historyOf(f, memberId, at)
      return { inForce: history.filter((c) => c.status === "in-force").map(({ status: _, ...c }) => c), history }
    })

  const register: ReadSideShape["register"] = (at) =>
    Effect.map(one(store, SupportRegister.name, SupportRegister.name), (d) => {
      const doc = d as unknown as SupportRegister.RegisterDoc | undefined
      const state = SupportRegister.toState(doc)
      return {
        members: MemberRegister.membersAt(state, at),
        formerMembers: MemberRegister.formerMembersAt(state, at),
        periods: doc?.periods ?? []
      }
    })

  const disclosure: ReadSideShape["disclosure"] = (q) =>
    Effect.gen(function*() {
      const f = yield* facts(q.caseId)
      const state = yield* registerState
      const item = q.itemId === undefined ? undefined : f.items.find((i) => i.itemId === q.itemId)
      if (q.itemId !== undefined && item === undefined) {
        return { allowed: false, because: { rule: "ACC-1", explanation: `case ${q.caseId} has no item ${q.itemId}` } } as const
      }
      return Disclosure.decide(
        {
          agency: q.agency as Id.AgencyId,
          memberId: q.memberId as Id.MemberId,
          setting: q.setting,
          at: q.at,
          ...(item !== undefined ? { item: CaseFacts.toItem(q.caseId, item) } : {})
        },
        { consents: f.consents.map(CaseFacts.toRecord), register: state }
      )
    })

  const counts: ReadSideShape["counts"] = (fy) =>
    Effect.gen(function*() {
      const doc = yield* one(store, IndicatorCounters.name, IndicatorCounters.keyOf(fy))
      const occasions: Array<Projection.Doc> = []
      let after: string | undefined
      for (;;) {
        const page = yield* store.list(IndicatorCounters.name, IndicatorCounters.occasionsQuery(fy, after))
        for (const e of page) occasions.push(e.doc)
        if (page.length < IndicatorCounters.occasionsQuery(fy).limit) break
        after = page[page.length - 1]!.key
      }
      return IndicatorCounters.countsOf(doc, occasions)
    })

  const indicators: ReadSideShape["indicators"] = (fy, surveys) =>
    Effect.gen(function*() {
      const c = yield* counts(fy)
      const recorded = IndicatorCounters.surveyEvents(yield* one(store, IndicatorCounters.name, IndicatorCounters.surveysKey))
      return IndicatorProjection.reportFromCounts(catalog, fy, c, recorded, surveys ?? [])
    })

  const rowsFor = (years: ReadonlyArray<FiscalYear.FiscalYear>, surveys: ReportOptions["surveys"]) =>
    Effect.map(Effect.forEach(years, (fy) => indicators(fy, surveys)), (rows) => {
      const byYear = new Map(years.map((fy, i) => [fy, rows[i]!] as const))
      return (fy: FiscalYear.FiscalYear) => byYear.get(fy)!
    })

  const yearReport: ReadSideShape["yearReport"] = (fy, options) =>
    Effect.map(
      rowsFor([...new Set([...IndicatorReport.planYears(catalog).filter((y) => y <= fy), fy])], options.surveys),
      (rows) => IndicatorReport.forYearFromRows({ catalog, rowsFor: rows, generatedAt: options.generatedAt, fiscalYear: fy })
    )

  const periodReport: ReadSideShape["periodReport"] = (options) =>
    Effect.map(
      rowsFor(IndicatorReport.planYears(catalog), options.surveys),
      (rows) => IndicatorReport.forPeriodFromRows({ catalog, rowsFor: rows, generatedAt: options.generatedAt, asOf: options.asOf })
    )

  const personal: ReadSideShape["personal"] = (q) =>
    Effect.gen(function*() {
      const answer = yield* disclosure(q)
      if (!answer.allowed) return answer
      const stored = yield* events.readStream(Case.streamId(q.caseId as Id.CaseId))
      let state = Case.initialState
      for (const s of stored) {
        const r = DomainEvent.decode(s.payload)
        if (Result.isFailure(r)) return yield* Effect.fail(r.failure)
        state = Case.evolve(state, r.success as Case.Event)
      }
      const member = state.members.find((m) => m.memberId === q.memberId)
      if (member === undefined) {
        return { allowed: false, because: { rule: "CNS-7", explanation: `case ${q.caseId} has no member ${q.memberId}` } } as const
      }
      return { allowed: true, because: answer.because, name: member.name, address: member.address }
    })

  const entryOptions = (o: RegisterProjection.Options): RegisterProjection.Options => ({
    ...(o.fiscalYear === undefined ? {} : { fiscalYear: o.fiscalYear }),
    ...(o.agencyName === undefined ? {} : { agencyName: o.agencyName })
  })
  const outreach: ReadSideShape["outreach"] = (options = {}) => RegisterEntries.outreach(store, entryOptions(options))
  const meetings: ReadSideShape["meetings"] = (options = {}) => RegisterEntries.meetings(store, entryOptions(options))
  const plans: ReadSideShape["plans"] = (options = {}) => RegisterEntries.plans(store, entryOptions(options))
  const outreachLog: ReadSideShape["outreachLog"] = (options) =>
    Registers.outreachLog(() => outreach(options), RegisterProjection.reportOptions(options))
  const meetingLog: ReadSideShape["meetingLog"] = (options) => Registers.meetingLog(() => meetings(options), RegisterProjection.reportOptions(options))
  const planRegister: ReadSideShape["planRegister"] = (options) => Registers.planRegister(() => plans(options), RegisterProjection.reportOptions(options))

  return ReadSide.of({
    cases,
    consents,
    register,
    disclosure,
    counts,
    indicators,
    yearReport,
    periodReport,
    personal,
    outreach,
    meetings,
    plans,
    outreachLog,
    meetingLog,
    planRegister
  })
})

/** The queries over the `ReadModelStore` and `EventStore` in context. */
export const layer = (catalog: Catalog.Catalog): Layer.Layer<ReadSide, never, ReadModelStore.ReadModelStore | EventStore.EventStore> =>
  Layer.effect(ReadSide, make(catalog))
