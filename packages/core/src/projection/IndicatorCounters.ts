/**
 * KPI-1…KPI-4 counters per fiscal year, kept up to date event by event so a report reads a few
 * documents instead of replaying the history (KPI-9, KPI-0, OUT-2, MTG-6, PLN-8, TIME-1).
 *
 * The counting rule is `IndicatorProjection`'s, used as is: each event adds
 * `IndicatorProjection.countsFor([event], fy)` to its fiscal year's counters ({@link addCounts}
 * sums every numeric field, whatever shape `Counts` has). Change the rule there; when it starts
 * reading another event type, add the tag to {@link countedTags} and bump {@link projection}'s
 * version (the read model is then rebuilt on the next catch-up).
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

/** KPI-9: the indicator counters projection. */
export const projection: Projection.Projection = {
  name,
  version: 1,
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
    const before = (doc ?? IndicatorProjection.emptyCounts) as unknown as IndicatorProjection.Counts
    return addCounts(before, IndicatorProjection.countsFor([e], fy)) as unknown as Projection.Doc
  },
  // One `IndicatorProjection.count` over the batch instead of one per event: the same counts.
  evolveBatch: (events, loaded) => {
    const changes: Array<Projection.Change> = []
    for (const [fy, counts] of IndicatorProjection.count(events)) {
      const key = keyOf(fy)
      const before = (loaded.get(key) ?? IndicatorProjection.emptyCounts) as unknown as IndicatorProjection.Counts
      changes.push({ key, doc: addCounts(before, counts) as unknown as Projection.Doc })
    }
    const surveys = events.filter((e) => e._tag === "SurveyResultRecorded")
    if (surveys.length > 0) {
      const before = (loaded.get(surveysKey) ?? []) as ReadonlyArray<Projection.Doc>
      changes.push({ key: surveysKey, doc: [...before, ...surveys.map((e) => DomainEvent.encode(e) as Projection.Doc)] })
    }
    return changes
  }
}

/** The recorded survey events kept by the projection. */
export const surveyEvents = (doc: Projection.Doc | undefined): ReadonlyArray<DomainEvent.DomainEvent> =>
  ((doc ?? []) as ReadonlyArray<DomainEvent.Encoded>).map(DomainEvent.make)
