/**
 * The projection conformance suite (AUD-1, read side; ACC-1, CNS-5, MTG-2, KPI-9): a read-model
 * store and the queries over it, proven against the same tests on every store — memory, SQLite,
 * PostgreSQL, a vendor's.
 *
 * ```ts
 * ProjectionConformance.suite("sqlite", factory, { crash: { runner: new URL("./projection-runner.ts", import.meta.url), args: (f) => [f] } })
 * ```
 *
 * What it checks:
 * - catch-up applies every event once, in batches, and the read models equal a from-scratch fold;
 *   catching up again in steps, and rebuilding from zero, give the same;
 * - a commit whose checkpoint moved is refused and changes nothing; a lease admits one runner;
 *   two runners racing on one projection (two connections) never both apply;
 * - the queries: cases (filters, paging, no personal data), consents at an instant, the register,
 *   disclosure equal to `Disclosure.decide` on generated histories (property test), the indicator
 *   counters and report rows equal to `IndicatorProjection` over the whole history; the registers
 *   (outreach, meetings, plans) streamed page by page equal `RegisterProjection` over the whole
 *   history, row for row, for every fiscal year;
 * - with a crash capability: the runner killed with SIGKILL at random points (default 50 times,
 *   `JUSO_CRASH_RUNS`), each read model agrees with its checkpoint, and catching up equals a rebuild.
 *
 * @module
 */
import { describe, expect, it } from "@effect/vitest"
import {
  Case,
  Catalog,
  Consent,
  EventStore,
  Exporter,
  FiscalYear,
  IndicatorCounters,
  IndicatorProjection,
  IndicatorReport,
  Instant,
  MemberRegister,
  ProjectionRunner,
  Pseudonym,
  ReadModelStore,
  ReadSide,
  RegisterEntries,
  RegisterProjection,
  type Report
} from "@kitakami-juso/core"
import { Cause, Context, Effect, Exit, Fiber, Layer, Redacted, type Scope, Stream } from "effect"
import * as fc from "fast-check"
import { envInt } from "./internal/helpers.ts"
import { projectionCrashRuns } from "./internal/projectionCrash.ts"
import type * as DisclosureProperty from "./internal/disclosure.ts"
import { askBoth, history, resetMirror } from "./internal/disclosure.ts"
import { decodedFeed, expected, plain, readModel, seed } from "./internal/readside.ts"

/** Where the stores live, and how to open them (twice on one location: two connections to the same data). */
export interface Factory<L> {
  /** A new, empty location, removed when the scope closes. */
  readonly location: Effect.Effect<L, unknown, Scope.Scope>
  /** The event store and read-model store on one database. */
  readonly open: (location: L) => Layer.Layer<EventStore.EventStore | ReadModelStore.ReadModelStore, unknown>
}

/** What the store supports. */
export interface Capabilities<L> {
  /** Kill a runner process at random points: a script calling `ProjectionCrash.run(layer)`. */
  readonly crash?: {
    readonly runner: string | URL
    readonly args: (location: L) => ReadonlyArray<string>
    readonly runs?: number | undefined
  } | undefined
}

const catalog = Catalog.kitakami
const projections = ReadSide.projections(catalog)
const small = { cases: 24, years: 2, volume: 0.15, seed: 7 }

type Env = EventStore.EventStore | ReadModelStore.ReadModelStore

/** Run a test body on a fresh location opened once (plus the read-side queries). */
const fresh = <L, A, E>(factory: Factory<L>, body: Effect.Effect<A, E, Env | ReadSide.ReadSide>) =>
  Effect.scoped(Effect.gen(function*() {
    const location = yield* factory.location
    const env = yield* Layer.build(Layer.provideMerge(ReadSide.layer(catalog), Layer.fresh(factory.open(location))))
    return yield* Effect.provide(body, env)
  }))

const catchUpAll = (batchSize?: number, readSize?: number) => ProjectionRunner.catchUpAll(projections, { batchSize, readSize })

const matchesFold = Effect.gen(function*() {
  const feed = yield* decodedFeed
  for (const p of projections) {
    expect(plain(yield* readModel(p.name)), p.name).toEqual(plain(expected(p, feed)))
    const cp = yield* Effect.flatMap(Effect.service(ReadModelStore.ReadModelStore), (s) => s.checkpoint(p.name))
    expect(cp?.position, `${p.name} checkpoint`).toBe(feed.length === 0 ? 0 : Math.max(...feed.map((f) => f.position)))
  }
  return feed
})

/** JSON form (instants as ISO strings), for deep comparison of register entries. */
const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x))

/** Every row of a report's first table, as the exporters read them. */
const rowsOf = (report: Report.Report) =>
  Effect.gen(function*() {
    const rows: Array<Report.Row> = []
    yield* Exporter.forEachBatch(report.tables[0]!, (batch) => Effect.sync(() => void rows.push(...batch)))
    return rows
  })

const reasonOf = <A, R>(effect: Effect.Effect<A, ReadModelStore.ReadModelError, R>) =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return "succeeded"
    const e = Cause.squash(exit.cause) as ReadModelStore.ReadModelError
    return e.reason
  })

/** Register the suite for one store. */
export const suite = <L>(name: string, factory: Factory<L>, capabilities: Capabilities<L> = {}): void => {
  const run = <A, E>(body: Effect.Effect<A, E, Env | ReadSide.ReadSide>) => fresh(factory, body)

  describe(`ProjectionConformance: ${name}`, () => {
    it.live("AUD-1: catch-up applies every event once; the read models equal a from-scratch fold", () =>
      run(Effect.gen(function*() {
        yield* seed(small)
        // Commits of 37 events read in pages of 5: a commit spans pages.
        const progress = yield* catchUpAll(37, 5)
        expect(progress.every((p) => p.read > 0)).toBe(true)
        yield* matchesFold
        // Nothing new: a second catch-up reads nothing and changes nothing.
        const again = yield* catchUpAll()
        expect(again.map((p) => p.read)).toEqual(projections.map(() => 0))
        yield* matchesFold
      })), 120_000)

    it.live("AUD-1: a commit spans several pages; each commits at least batchSize events, the last the rest", () =>
      run(Effect.gen(function*() {
        yield* seed({ ...small, cases: 8 })
        // The store as the runner sees it, recording the size of every page it is handed.
        const events = yield* EventStore.EventStore
        const pages: Array<number> = []
        const recording = EventStore.EventStore.of({
          ...events,
          readAll: (from, options) => Stream.mapArray(events.readAll(from, options), (page) => (pages.push(page.length), page))
        })
        const reads: Array<number> = []
        const p = IndicatorCounters.projection
        const done = yield* Effect.provideService(
          ProjectionRunner.catchUp(p, { batchSize: 10, readSize: 3, onProgress: (progress) => Effect.sync(() => void reads.push(progress.read)) }),
          EventStore.EventStore,
          recording
        )
        // Pages of at most 3 events; a commit once at least 10 are read (the last commits the rest).
        expect(pages.every((n) => n <= 3)).toBe(true)
        const steps = reads.map((r, i) => r - (i === 0 ? 0 : reads[i - 1]!))
        expect(steps.length).toBeGreaterThan(1)
        expect(steps.length).toBeLessThan(pages.length)
        for (const step of steps.slice(0, -1)) expect(step).toBeGreaterThanOrEqual(10)
        expect(reads.at(-1)).toBe(done.read)
        const feed = yield* decodedFeed
        expect(plain(yield* readModel(p.name))).toEqual(plain(expected(p, feed)))
      })), 120_000)

    it.live("AUD-1: catching up in steps, then rebuilding from zero, gives the same read models", () =>
      run(Effect.gen(function*() {
        yield* seed({ ...small, cases: 10 }, "a")
        yield* catchUpAll(11)
        yield* seed({ ...small, cases: 10, seed: 8 }, "b")
        yield* catchUpAll(500)
        const feed = yield* matchesFold
        for (const p of projections) yield* ProjectionRunner.rebuild(p, { batchSize: 64 })
        expect((yield* matchesFold).length).toBe(feed.length)
      })), 120_000)

    it.live("AUD-1: a background runner follows new events", () =>
      run(Effect.gen(function*() {
        const store = yield* ReadModelStore.ReadModelStore
        const fiber = yield* Effect.forkChild(ProjectionRunner.follow(projections, "20 millis", { leaseMillis: 5_000 }))
        yield* seed({ ...small, cases: 4 })
        const last = (yield* decodedFeed).at(-1)!.position
        // Every projection must reach the end: the runner catches them up in turn, so one being
        // current says nothing of the others (on PostgreSQL events become visible as they commit).
        const allCurrent = Effect.map(
          Effect.forEach(projections, (p) => store.checkpoint(p.name)),
          (cps) => cps.every((c) => c?.position === last)
        )
        for (let i = 0; i < 500 && !(yield* allCurrent); i++) {
          yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
        }
        yield* Fiber.interrupt(fiber)
        yield* matchesFold
      })), 120_000)

    it.live("AUD-1: a commit whose checkpoint moved is refused and changes nothing", () =>
      run(Effect.gen(function*() {
        const store = yield* ReadModelStore.ReadModelStore
        yield* store.commit("t", { from: 0, to: 5, version: 1, changes: [{ key: "a", doc: { n: 1 } }] })
        expect(yield* reasonOf(store.commit("t", { from: 0, to: 9, version: 1, changes: [{ key: "a", doc: { n: 2 } }, { key: "b", doc: 1 }] })))
          .toBe("checkpoint-moved")
        expect(plain(yield* store.load("t", ["a", "b"]))).toEqual({ a: { n: 1 } })
        expect(yield* store.checkpoint("t")).toEqual({ position: 5, version: 1 })
        yield* store.commit("t", { from: 5, to: 9, version: 1, changes: [{ key: "a", doc: null }] })
        expect((yield* store.load("t", ["a"])).size).toBe(0)
        yield* store.reset("t")
        expect(yield* store.checkpoint("t")).toBeUndefined()
      })))

    it.live("AUD-1: a lease admits one runner; it is released, and expires", () =>
      run(Effect.gen(function*() {
        const store = yield* ReadModelStore.ReadModelStore
        expect(yield* store.acquire("t", "a", 60_000)).toBe(true)
        expect(yield* store.acquire("t", "b", 60_000)).toBe(false)
        expect(yield* store.acquire("t", "a", 60_000)).toBe(true)
        yield* store.release("t", "b")
        expect(yield* store.acquire("t", "b", 60_000)).toBe(false)
        yield* store.release("t", "a")
        expect(yield* store.acquire("t", "b", 1)).toBe(true)
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
        expect(yield* store.acquire("t", "c", 60_000)).toBe(true)
        // A runner finding the lease taken fails with `busy` and applies nothing.
        yield* seed({ ...small, cases: 2 })
        const p = projections[0]!
        expect(yield* store.acquire(p.name, "someone-else", 60_000)).toBe(true)
        expect(yield* reasonOf(Effect.mapError(ProjectionRunner.catchUp(p), (e) => e as ReadModelStore.ReadModelError))).toBe("busy")
        expect(yield* store.checkpoint(p.name)).toBeUndefined()
      })))

    it.live("AUD-1: two runners on two connections never both apply an event", () =>
      Effect.scoped(Effect.gen(function*() {
        const location = yield* factory.location
        const one = yield* Layer.build(Layer.fresh(factory.open(location)))
        const two = yield* Layer.build(Layer.fresh(factory.open(location)))
        yield* Effect.provide(seed(small), one)
        const indicators = IndicatorCounters.projection
        const race = (env: Context.Context<Env>) =>
          Effect.provide(Effect.exit(ProjectionRunner.catchUp(indicators, { batchSize: 13 })), env)
        for (let round = 0; round < 3; round++) {
          const [a, b] = yield* Effect.all([race(one), race(two)], { concurrency: 2 })
          expect(Exit.isSuccess(a) || Exit.isSuccess(b)).toBe(true)
          yield* Effect.provide(ProjectionRunner.catchUp(indicators), one)
          const feed = yield* Effect.provide(decodedFeed, one)
          expect(plain(yield* Effect.provide(readModel(indicators.name), two))).toEqual(plain(expected(indicators, feed)))
          yield* Effect.provide(Effect.flatMap(Effect.service(ReadModelStore.ReadModelStore), (s) => s.reset(indicators.name)), one)
        }
      })), 120_000)

    it.live("PLN-1…PLN-4a, AUD-2: cases filter by id, status, district and fiscal year, page by id, and carry no personal data", () =>
      run(Effect.gen(function*() {
        yield* seed(small)
        yield* catchUpAll()
        const read = yield* ReadSide.ReadSide
        const feed = yield* decodedFeed
        const all = [...expected(projections[0]!, feed).values()] as unknown as ReadonlyArray<{ caseId: string; status: string; districts: ReadonlyArray<string>; fiscalYear: number }>
        const pages: Array<string> = []
        let after: string | undefined
        for (;;) {
          const page = yield* read.cases({ limit: 5, after })
          pages.push(...page.cases.map((c) => c.caseId))
          if (page.next === undefined) break
          after = page.next
        }
        expect(pages).toEqual(all.map((c) => c.caseId).sort())
        const closed = yield* read.cases({ statuses: ["closed"], limit: 1000 })
        expect(closed.cases.map((c) => c.caseId)).toEqual(all.filter((c) => c.status === "closed").map((c) => c.caseId).sort())
        const inFy = yield* read.cases({ fiscalYears: [2026], statuses: ["open"], limit: 1000 })
        expect(inFy.cases.map((c) => c.caseId)).toEqual(all.filter((c) => c.fiscalYear === 2026 && c.status === "open").map((c) => c.caseId).sort())
        const district = "inase"
        const inDistrict = yield* read.cases({ districts: [district], limit: 1000 })
        expect(inDistrict.cases.map((c) => c.caseId)).toEqual(all.filter((c) => c.districts.includes(district)).map((c) => c.caseId).sort())
        expect(inDistrict.cases.length).toBeGreaterThan(0)
        const ids = [all[0]!.caseId, all[3]!.caseId, "no-such-case"]
        expect((yield* read.cases({ ids, limit: 10 })).cases.map((c) => c.caseId)).toEqual(ids.slice(0, 2).sort())
        expect(JSON.stringify((yield* read.cases({ limit: 1000 })).cases)).not.toMatch(/生成/)
        expect(yield* reasonOf(read.cases({ limit: 0 }))).toBe("invalid")
      })), 120_000)

    it.live("AUD-2, ACC-1: personal fields only through the disclosure-checked accessor", () =>
      run(Effect.gen(function*() {
        yield* seed(small)
        yield* catchUpAll()
        const read = yield* ReadSide.ReadSide
        const events = (yield* decodedFeed).map((f) => f.event)
        const withdrawn = new Set(events.flatMap((e) => (e._tag === "ConsentWithdrawn" ? [e.consentId] : [])))
        const consent = events.find((e) => e._tag === "ConsentRecorded" && !withdrawn.has(e.consentId))
        if (consent?._tag !== "ConsentRecorded") return expect.unreachable("the history has a consent in force")
        const q = { caseId: consent.caseId, memberId: consent.memberId, setting: "individual-case-meeting" as const, at: consent.validFrom }
        const allowed = yield* read.personal({ ...q, agency: consent.agencies[0] })
        expect(allowed.allowed).toBe(true)
        if (allowed.allowed) expect(Redacted.value(allowed.name)).toBe(`生成 ${consent.caseId}-1`)
        const denied = yield* read.personal({ ...q, agency: "shogai-sakura" })
        expect(denied).toEqual({ allowed: false, because: (yield* read.disclosure({ ...q, agency: "shogai-sakura" })).because })
        expect(JSON.stringify(denied)).not.toMatch(/生成/)
      })), 120_000)

    it.live("CNS-5, MTG-2: consents in force with history, and the register at an instant", () =>
      run(Effect.gen(function*() {
        yield* seed({ ...small, cases: 60, volume: 0.05 })
        yield* catchUpAll()
        const read = yield* ReadSide.ReadSide
        const feed = yield* decodedFeed
        const events = feed.map((f) => f.event)
        const withdrawn = events.find((e) => e._tag === "ConsentWithdrawn")
        expect(withdrawn).toBeDefined()
        if (withdrawn?._tag !== "ConsentWithdrawn") return
        const caseEvents = events.filter((e) => "caseId" in e && e.caseId === withdrawn.caseId && Case.Event.members.some((m) => m.fields._tag.schema.literal === e._tag))
        const state = caseEvents.reduce((s, e) => Case.evolve(s, e as Case.Event), Case.initialState)
        for (const at of [Instant.make("2025-04-01T00:00:00Z"), withdrawn.at, Instant.make("2030-01-01T00:00:00Z")]) {
          const c = yield* read.consents(withdrawn.caseId, withdrawn.memberId, at)
          expect(c.inForce.map((r) => r.consentId)).toEqual(state.consents.filter((r) => r.memberId === withdrawn.memberId && Consent.isInForce(r, at)).map((r) => r.consentId))
          expect(c.history.length).toBe(state.consents.filter((r) => r.memberId === withdrawn.memberId).length)
        }
        const register = events.filter((e) => MemberRegister.Event.members.some((m) => m.fields._tag.schema.literal === e._tag))
          .reduce((s, e) => MemberRegister.evolve(s, e as MemberRegister.Event), MemberRegister.initialState)
        for (const at of [Instant.make("2025-03-01T00:00:00Z"), Instant.make("2026-06-01T00:00:00Z")]) {
          const r = yield* read.register(at)
          expect(r.members).toEqual(MemberRegister.membersAt(register, at))
          expect(r.formerMembers).toEqual(MemberRegister.formerMembersAt(register, at))
        }
      })), 120_000)

    it.live("KPI-9, KPI-10: the counters, report rows and reports equal IndicatorProjection and IndicatorReport over the whole history", () =>
      run(Effect.gen(function*() {
        yield* seed(small)
        yield* catchUpAll(50)
        const read = yield* ReadSide.ReadSide
        const events = (yield* decodedFeed).map((f) => f.event)
        for (const fy of [2025, 2026, 2027].map(FiscalYear.make)) {
          expect(yield* read.counts(fy)).toEqual(IndicatorProjection.countsFor(events, fy))
          expect(yield* read.indicators(fy)).toEqual(IndicatorProjection.report(catalog, fy, events, []))
        }
        expect(IndicatorProjection.countsFor(events, FiscalYear.make(2025)).supportMeetings).toBeGreaterThan(0)
        // KPI-10: the reports the exporters write, from the counters, equal those over the history.
        const generatedAt = new Date("2027-04-01T00:00:00Z")
        const surveys = [{ indicator: "KPI-5" as const, surveyYear: FiscalYear.make(2025), sampleSize: 800, value: 40 }]
        expect(yield* read.periodReport({ generatedAt, surveys })).toEqual(IndicatorReport.forPeriod({ catalog, events, surveys, generatedAt }))
        const fy = FiscalYear.make(2026)
        expect(yield* read.yearReport(fy, { generatedAt })).toEqual(IndicatorReport.forYear({ catalog, events, surveys: [], generatedAt, fiscalYear: fy }))
      })), 120_000)

    it.live("OUT-2, MTG-6, PLN-8, TIME-1: the registers streamed from the read model equal RegisterProjection over the history, row for row, for every fiscal year", () =>
      run(Effect.gen(function*() {
        yield* seed(small)
        yield* catchUpAll(41)
        const read = yield* ReadSide.ReadSide
        const store = yield* ReadModelStore.ReadModelStore
        const events = (yield* decodedFeed).map((f) => f.event)
        const agencyName = RegisterProjection.agencyNames(catalog)
        const everything = RegisterProjection.project(events)
        expect(everything.outreach.length * everything.meetings.length * everything.plans.length).toBeGreaterThan(0)
        for (const fy of [undefined, 2024, 2025, 2026, 2027]) {
          const options = { agencyName, ...(fy === undefined ? {} : { fiscalYear: FiscalYear.make(fy) }) }
          const folded = RegisterProjection.project(events, options)
          expect(json(yield* Stream.runCollect(read.outreach(options))), `outreach ${fy}`).toEqual(json(folded.outreach))
          expect(json(yield* Stream.runCollect(read.meetings(options))), `meetings ${fy}`).toEqual(json(folded.meetings))
          expect(json(yield* Stream.runCollect(read.plans(options))), `plans ${fy}`).toEqual(json(folded.plans))
          // Small pages: keyset paging across page ends gives the same rows.
          const paged = { ...options, pageSize: 7 }
          expect(json(yield* Stream.runCollect(RegisterEntries.outreach(store, paged)))).toEqual(json(folded.outreach))
          expect(json(yield* Stream.runCollect(RegisterEntries.meetings(store, paged)))).toEqual(json(folded.meetings))
          expect(json(yield* Stream.runCollect(RegisterEntries.plans(store, paged)))).toEqual(json(folded.plans))
        }
        // The reports the exporters write (AUD-2: pseudonymous ids) equal those over the history.
        const report = { exportKey: Pseudonym.makeKey("conformance-export-key"), generatedAt: new Date("2027-04-01T00:00:00Z"), planRevision: "r1", agencyName }
        for (const options of [report, { ...report, fiscalYear: FiscalYear.make(2025) }]) {
          expect(yield* rowsOf(read.outreachLog(options))).toEqual(yield* rowsOf(RegisterProjection.outreachLog(events, options)))
          expect(yield* rowsOf(read.meetingLog(options))).toEqual(yield* rowsOf(RegisterProjection.meetingLog(events, options)))
          expect(yield* rowsOf(read.planRegister(options))).toEqual(yield* rowsOf(RegisterProjection.planRegister(events, options)))
        }
      })), 120_000)

    it.live("ACC-1, CNS-3, CNS-4, CNS-5, CNS-7, MTG-2, ACC-2: the disclosure query answers as Disclosure.decide on generated histories", () =>
      run(Effect.gen(function*() {
        const context = yield* Effect.context<DisclosureProperty.Env>()
        resetMirror()
        let n = 0
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(history, async (h) => {
              const answers = await Effect.runPromise(Effect.provide(askBoth(`dq${++n}`, h), context))
              for (const a of answers) expect(a.fromQuery).toEqual(a.fromDecide)
            }),
            { numRuns: envInt("JUSO_PROPERTY_RUNS", 30) }
          )
        )
      })), 180_000)

    if (capabilities.crash !== undefined) {
      const crash = capabilities.crash
      it.live(`AUD-1: a runner killed with SIGKILL at random points leaves read models that agree with their checkpoints`, () =>
        projectionCrashRuns(factory, crash, crash.runs ?? envInt("JUSO_CRASH_RUNS", 50)), 600_000)
    }
  })
}
