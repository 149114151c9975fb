/**
 * KPI-1…KPI-4 counters per fiscal year, kept up to date event by event so a report reads a few
 * documents instead of replaying the history (KPI-9, KPI-0, OUT-2, MTG-6, PLN-8, TIME-1).
 *
 * The counting rule is `IndicatorProjection`'s, used as is: each event adds
 * `IndicatorProjection.countsFor([event], fy)` to its fiscal year's counters ({@link addCounts}
 * sums every numeric field, whatever shape `Counts` has). KPI-3 and KPI-4 are not sums (PLN-8:
 * one per case and meeting, `IndicatorProjection.occasion`), so each year's document also keeps
 * the occasions already counted, and a later plan judged at the same case and meeting adds
 * nothing. Change the rule there; when it starts reading another event type, add the tag to
 * {@link countedTags} and bump {@link projection}'s version (the read model is then rebuilt on the
 * next catch-up).
 *
 * Recorded survey results (KPI-5…KPI-8, `SurveyResultRecorded`) are kept in one document, as
 * events, and chosen with `IndicatorProjection.surveysFrom`.
 *
 * @module
 */
import { type Catalog, DomainEvent, FiscalYear, IndicatorProjection, Instant } from "../index.ts"
import type * as Projection from "./Projection.ts"

/** The projection's name. */
export const name = "indicators"

/** The event types the counting rule reads (KPI-1…KPI-4). */
export const countedTags: ReadonlySet<string> = new Set(["ContactRecorded", "MeetingHeld", "PlanReviewed", "PlanDecided"])

/** The key of a fiscal year's counters. */
export const keyOf = (fy: number): string => `fy-${fy}`

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

/** A fiscal year's counters with the PLN-8 occasions (case and meeting) already counted. */
interface CounterDoc extends IndicatorProjection.Counts {
  readonly reviewed?: ReadonlyArray<string>
  readonly decided?: ReadonlyArray<string>
}

const sums = (c: CounterDoc) => {
  const { reviews: _r, decisions: _d, reviewed: _rd, decided: _dd, ...rest } = c
  return rest
}

/** Add a fiscal year's events (`counts` = `IndicatorProjection.count` of them) to its document. */
const advance = (before: CounterDoc, counts: IndicatorProjection.Counts, events: Iterable<DomainEvent.DomainEvent>): CounterDoc => {
  const reviewed = new Set(before.reviewed ?? [])
  const decided = new Set(before.decided ?? [])
  let reviews = before.reviews
  let decisions = before.decisions
  for (const e of events) {
    if (e._tag === "PlanReviewed" && !reviewed.has(IndicatorProjection.occasion(e))) {
      reviewed.add(IndicatorProjection.occasion(e))
      reviews++
    } else if (e._tag === "PlanDecided" && !decided.has(IndicatorProjection.occasion(e))) {
      decided.add(IndicatorProjection.occasion(e))
      decisions++
    }
  }
  return { ...addCounts(sums(before), sums(counts)), reviews, decisions, reviewed: [...reviewed], decided: [...decided] }
}

/** KPI-9: the indicator counters projection. */
export const projection: Projection.Projection = {
  name,
  version: 2,
  handles: new Set([...countedTags, "SurveyResultRecorded"]),
  keysOf: (e) =>
    e._tag === "SurveyResultRecorded"
      ? [surveysKey]
      : countedTags.has(e._tag)
      ? [keyOf(FiscalYear.ofInstant(e.at))]
      : [],
  evolve: (doc, e, key) => {
    if (key === surveysKey) return [...((doc ?? []) as ReadonlyArray<Projection.Doc>), DomainEvent.encode(e) as Projection.Doc]
    const fy = FiscalYear.ofInstant(e.at)
    const before = (doc ?? IndicatorProjection.emptyCounts) as unknown as CounterDoc
    return advance(before, IndicatorProjection.countsFor([e], fy), [e]) as unknown as Projection.Doc
  },
  // One `IndicatorProjection.count` over the batch instead of one per event: the same counts.
  evolveBatch: (events, loaded) => {
    const changes: Array<Projection.Change> = []
    for (const [fy, counts] of IndicatorProjection.count(events)) {
      const key = keyOf(fy)
      const before = (loaded.get(key) ?? IndicatorProjection.emptyCounts) as unknown as CounterDoc
      const ofYear = events.filter((e) => (e._tag === "PlanReviewed" || e._tag === "PlanDecided") && FiscalYear.ofInstant(e.at) === fy)
      changes.push({ key, doc: advance(before, counts, ofYear) as unknown as Projection.Doc })
    }
    const surveys = events.filter((e) => e._tag === "SurveyResultRecorded")
    if (surveys.length > 0) {
      const before = (loaded.get(surveysKey) ?? []) as ReadonlyArray<Projection.Doc>
      changes.push({ key: surveysKey, doc: [...before, ...surveys.map((e) => DomainEvent.encode(e) as Projection.Doc)] })
    }
    return changes
  }
}

/** KPI-9: a fiscal year's counters from its document (the PLN-8 occasions it keeps left out). */
export const countsOf = (doc: Projection.Doc | undefined): IndicatorProjection.Counts => {
  if (doc === undefined) return IndicatorProjection.emptyCounts
  const { reviewed: _r, decided: _d, ...counts } = doc as unknown as CounterDoc
  return counts
}

/** The recorded survey events kept by the projection. */
export const surveyEvents = (doc: Projection.Doc | undefined): ReadonlyArray<DomainEvent.DomainEvent> =>
  ((doc ?? []) as ReadonlyArray<DomainEvent.Encoded>).map(DomainEvent.make)
