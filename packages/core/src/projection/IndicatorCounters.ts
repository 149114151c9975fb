/**
 * KPI-1…KPI-4 counters per fiscal year, kept up to date event by event so a report reads a few
 * documents instead of replaying the history (KPI-9, KPI-0, OUT-2, MTG-6, PLN-8, TIME-1).
 *
 * The counting rule is `IndicatorProjection`'s, used as is: each event adds
 * `IndicatorProjection.countsFor([event], fy)` to its fiscal year's counters ({@link addCounts}
 * sums every numeric field, whatever shape `Counts` has). KPI-3 and KPI-4 are not sums (PLN-8:
 * one per case and meeting, `IndicatorProjection.occasion`), so they are kept apart: one small
 * document per fiscal year and meeting lists the cases whose plans were reviewed and decided
 * there, and `reviews` and `decisions` are the sizes of those lists, added up when the year is
 * read ({@link countsOf}). A batch therefore loads and rewrites only the documents of the years
 * and meetings it touches, never a list of the whole year. Change the rule there; when it starts
 * reading another event type, add the tag to {@link countedTags} and bump {@link projection}'s
 * version (the read model is then rebuilt on the next catch-up).
 *
 * Recorded survey results (KPI-5…KPI-8, `SurveyResultRecorded`) are kept in one document, as
 * events, and chosen with `IndicatorProjection.surveysFrom`.
 *
 * @module
 */
import { DomainEvent, FiscalYear, IndicatorProjection } from "../index.ts"
import type * as Projection from "./Projection.ts"
import type * as ReadModelStore from "./ReadModelStore.ts"

/** The projection's name. */
export const name = "indicators"

/** The event types the counting rule reads (KPI-1…KPI-4). */
export const countedTags: ReadonlySet<string> = new Set(["ContactRecorded", "MeetingHeld", "PlanReviewed", "PlanDecided"])

/** The key of a fiscal year's counters. */
export const keyOf = (fy: number): string => `fy-${fy}`

/** The key of the PLN-8 occasions (cases whose plans were judged) of one meeting in a fiscal year. */
export const occasionsKeyOf = (fy: number, meetingId: string): string => `${keyOf(fy)}/meeting/${meetingId}`

/** The key of the recorded survey results. */
export const surveysKey = "surveys"

/** Sum two counters field by field (every numeric leaf). */
export const addCounts = <A>(a: A, b: A): A => {
  if (typeof a === "number" && typeof b === "number") return (a + b) as A
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) }
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? addCounts(out[k], v) : v
    return out as A
  }
  return b
}

/** A fiscal year's summed counters: `Counts` without the PLN-8 occasion counts. */
type Sums = Omit<IndicatorProjection.Counts, "reviews" | "decisions">

/** PLN-8: the cases whose plans were reviewed and decided at one meeting of a fiscal year. */
interface OccasionsDoc {
  /** The fiscal year (a filter field: {@link occasionsQuery}). */
  readonly occasionsOf: number
  readonly reviewed: ReadonlyArray<string>
  readonly decided: ReadonlyArray<string>
}

const sums = (c: IndicatorProjection.Counts): Sums => {
  const { decisions: _d, reviews: _r, ...rest } = c
  return rest
}

const emptySums = sums(IndicatorProjection.emptyCounts)

type PlanJudgment = Extract<DomainEvent.DomainEvent, { readonly _tag: "PlanReviewed" | "PlanDecided" }>

const isJudgment = (e: DomainEvent.DomainEvent): e is PlanJudgment => e._tag === "PlanReviewed" || e._tag === "PlanDecided"

const occasionsKey = (e: PlanJudgment) => occasionsKeyOf(FiscalYear.ofInstant(e.at), e.meetingId)

/** Add plan judgments (all of one fiscal year and meeting) to that meeting's occasions. */
const addOccasions = (before: OccasionsDoc | undefined, fy: number, judgments: Iterable<PlanJudgment>): OccasionsDoc => {
  const reviewed = new Set(before?.reviewed ?? [])
  const decided = new Set(before?.decided ?? [])
  for (const e of judgments) (e._tag === "PlanReviewed" ? reviewed : decided).add(e.caseId)
  return { occasionsOf: fy, reviewed: [...reviewed], decided: [...decided] }
}

/** KPI-9: the indicator counters projection. */
export const projection: Projection.Projection = {
  name,
  version: 3,
  handles: new Set([...countedTags, "SurveyResultRecorded"]),
  keysOf: (e) =>
    e._tag === "SurveyResultRecorded"
      ? [surveysKey]
      : isJudgment(e)
      ? [keyOf(FiscalYear.ofInstant(e.at)), occasionsKey(e)]
      : countedTags.has(e._tag)
      ? [keyOf(FiscalYear.ofInstant(e.at))]
      : [],
  evolve: (doc, e, key) => {
    if (key === surveysKey) return [...((doc ?? []) as ReadonlyArray<Projection.Doc>), DomainEvent.encode(e) as Projection.Doc]
    const fy = FiscalYear.ofInstant(e.at)
    if (isJudgment(e) && key === occasionsKey(e)) return addOccasions(doc as unknown as OccasionsDoc | undefined, fy, [e]) as unknown as Projection.Doc
    const before = (doc ?? emptySums) as unknown as Sums
    return addCounts(before, sums(IndicatorProjection.countsFor([e], fy))) as unknown as Projection.Doc
  },
  // One `IndicatorProjection.count` over the batch instead of one per event: the same counts.
  evolveBatch: (events, loaded) => {
    const changes: Array<Projection.Change> = []
    for (const [fy, counts] of IndicatorProjection.count(events)) {
      const key = keyOf(fy)
      const before = (loaded.get(key) ?? emptySums) as unknown as Sums
      changes.push({ key, doc: addCounts(before, sums(counts)) as unknown as Projection.Doc })
    }
    const judged = new Map<string, { fy: number; events: Array<PlanJudgment> }>()
    for (const e of events) {
      if (!isJudgment(e)) continue
      const key = occasionsKey(e)
      const entry = judged.get(key)
      if (entry === undefined) judged.set(key, { fy: FiscalYear.ofInstant(e.at), events: [e] })
      else entry.events.push(e)
    }
    for (const [key, { events: ofMeeting, fy }] of judged) {
      const before = loaded.get(key) as unknown as OccasionsDoc | undefined
      changes.push({ key, doc: addOccasions(before, fy, ofMeeting) as unknown as Projection.Doc })
    }
    const surveys = events.filter((e) => e._tag === "SurveyResultRecorded")
    if (surveys.length > 0) {
      const before = (loaded.get(surveysKey) ?? []) as ReadonlyArray<Projection.Doc>
      changes.push({ key: surveysKey, doc: [...before, ...surveys.map((e) => DomainEvent.encode(e) as Projection.Doc)] })
    }
    return changes
  }
}

/** The documents of a fiscal year's PLN-8 occasions (page with `after`, as any `ListQuery`). */
export const occasionsQuery = (fy: number, after?: string): ReadModelStore.ListQuery => ({
  where: [{ field: "occasionsOf", in: [fy] }],
  after,
  limit: 1000
})

/**
 * KPI-9: a fiscal year's counters from its document and its meetings' occasion documents
 * ({@link occasionsQuery}): KPI-3 and KPI-4 count one per case and meeting (PLN-8).
 */
export const countsOf = (doc: Projection.Doc | undefined, occasions: Iterable<Projection.Doc>): IndicatorProjection.Counts => {
  let reviews = 0
  let decisions = 0
  for (const o of occasions as Iterable<unknown>) {
    reviews += (o as OccasionsDoc).reviewed.length
    decisions += (o as OccasionsDoc).decided.length
  }
  return { ...emptySums, ...(doc as unknown as Sums | undefined), reviews, decisions }
}

/** The recorded survey events kept by the projection. */
export const surveyEvents = (doc: Projection.Doc | undefined): ReadonlyArray<DomainEvent.DomainEvent> =>
  ((doc ?? []) as ReadonlyArray<DomainEvent.Encoded>).map(DomainEvent.make)
