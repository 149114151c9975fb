/**
 * The registers' entries as a read model (OUT-1, OUT-2, MTG-1…MTG-6, PLN-1…PLN-8, TIME-1, AUD-2):
 * the outreach log, the meeting log and the plan register are read page by page from documents
 * kept event by event, so a register report never replays the history and never holds it.
 *
 * The documents are `RegisterProjection`'s, built by its steps (`outreachDoc`, `evolveMeeting`,
 * `evolvePlan`) and read back into entries by its readers (`outreachEntry`, `meetingEntry`,
 * `planEntry`): one implementation of every rule, whether the registers come from the history or
 * from here. Keys put the documents in register order, so a register and a fiscal year are a key
 * range read by keyset paging (one page at a time, {@link PAGE} documents):
 *
 * | key | document |
 * |---|---|
 * | `o <instant> <contactId> <eventId>` | a contact's entry (`OutreachDoc`) |
 * | `M <meetingId>` | a meeting's entry, built from its holding, agenda, decisions and the plan judgments citing it, in any order (`MeetingDoc`) |
 * | `m <instant> <meetingId>` | the meeting log's index: a held meeting at its instant |
 * | `P <caseId> <planId>` | a plan's history (`PlanDoc`) |
 * | `p <instant> <caseId> <planId>` | the plan register's index: a plan at its drafting instant |
 *
 * `<instant>` is the epoch millisecond written with a fixed width, so key order is time order; ids
 * are plain (letters, digits, `.`, `_`, `-`: `Id`) and a space sorts before every id character,
 * so key order is the registers' order (instant, then ids in code-unit order). Agencies are kept
 * as directory ids and named when read (ORG-1). No note, name or address is ever stored (AUD-2).
 *
 * A plan enters the index at its draft's instant (PLN-1: the case decider records no step of a plan
 * before its draft). A step recorded later with an instant before the draft's would leave the plan
 * at the draft's place in the order (and, for a fiscal year, the draft's year), where the history
 * fold puts it at that step's; the entry itself is the same. Agency names, labels and the rules live in
 * `RegisterProjection`: when one changes what a stored document holds, bump {@link projection}'s
 * version (the read model is then rebuilt on the next catch-up).
 *
 * @module
 */
import { Effect, Option, Stream } from "effect"
import { type FiscalYear, Instant, RegisterProjection, type Registers } from "../index.ts"
import type * as Projection from "./Projection.ts"
import type * as ReadModelStore from "./ReadModelStore.ts"

/** The projection's name. */
export const name = "registers"

/** Documents per page when a register is read. */
export const PAGE = 500

/** The fixed-width, order-keeping text of an epoch millisecond (negative instants sort first). */
export const instantKey = (ms: number): string =>
  ms >= 0 ? `1${String(ms).padStart(16, "0")}` : `0${String(1e16 + ms).padStart(16, "0")}`

/** The key of a contact's entry. */
export const outreachKey = (ms: number, contactId: string, eventId: string): string => `o ${instantKey(ms)} ${contactId} ${eventId}`
/** The key of a meeting's entry. */
export const meetingKey = (meetingId: string): string => `M ${meetingId}`
/** The key of a held meeting in the meeting log's index. */
export const meetingIndexKey = (ms: number, meetingId: string): string => `m ${instantKey(ms)} ${meetingId}`
/** The key of a plan's history. */
export const planKey = (caseId: string, planId: string): string => `P ${caseId} ${planId}`
/** The key of a drafted plan in the plan register's index. */
export const planIndexKey = (ms: number, caseId: string, planId: string): string => `p ${instantKey(ms)} ${caseId} ${planId}`

const asDoc = (x: unknown): Projection.Doc => x as Projection.Doc

/** OUT-1, MTG-1…MTG-5, PLN-1…PLN-8: the registers' entries projection. */
export const projection: Projection.Projection = {
  name,
  version: 1,
  handles: new Set([...RegisterProjection.outreachTags, ...RegisterProjection.meetingTags, ...RegisterProjection.planTags]),
  keysOf: (e) => {
    const keys: Array<string> = []
    if (e._tag === "ContactRecorded") keys.push(outreachKey(Instant.millis(e.at), e.contactId, e.eventId))
    if (RegisterProjection.meetingTags.has(e._tag)) {
      const meetingId = (e as RegisterProjection.MeetingEvent).meetingId
      keys.push(meetingKey(meetingId))
      if (e._tag === "MeetingHeld") keys.push(meetingIndexKey(Instant.millis(e.at), meetingId))
    }
    if (RegisterProjection.planTags.has(e._tag)) {
      const p = e as RegisterProjection.PlanEvent
      keys.push(planKey(p.caseId, p.planId))
      if (p._tag === "PlanDrafted") keys.push(planIndexKey(Instant.millis(p.at), p.caseId, p.planId))
    }
    return keys
  },
  evolve: (doc, e, key) => {
    switch (key[0]) {
      case "o":
        return asDoc(RegisterProjection.outreachDoc(e as Extract<typeof e, { _tag: "ContactRecorded" }>))
      case "M":
        return asDoc(RegisterProjection.evolveMeeting(doc as unknown as RegisterProjection.MeetingDoc | undefined, e as RegisterProjection.MeetingEvent))
      case "P":
        return asDoc(RegisterProjection.evolvePlan(doc as unknown as RegisterProjection.PlanDoc | undefined, e as RegisterProjection.PlanEvent))
      default:
        // An index entry: which document it points at is in its key.
        return doc ?? {}
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading, page by page
// ---------------------------------------------------------------------------------------------

/**
 * The documents whose keys start with `prefix`, from `from` (exclusive) while `inRange` holds, in
 * key order, one page at a time.
 */
const range = (
  store: ReadModelStore.ReadModelStoreShape,
  prefix: string,
  [from, inRange]: readonly [string, (key: string) => boolean],
  limit: number
): Stream.Stream<ReadModelStore.Entry, ReadModelStore.ReadModelError> =>
  Stream.paginate(from, (after: string) =>
    Effect.map(store.list(name, { after, limit }), (page) => {
      const kept = page.filter((e) => e.key.startsWith(prefix) && inRange(e.key))
      const more = page.length === limit && kept.length === page.length
      return [kept, more ? Option.some(page[page.length - 1]!.key) : Option.none<string>()] as const
    }))

/** Keys of one namespace from the start of a fiscal year (or all) to its end: `[from, inRange]`. */
const yearRange = (ns: string, fy: FiscalYear.FiscalYear | undefined): readonly [string, (key: string) => boolean] => {
  const bounds = RegisterProjection.boundsOf(fy)
  if (bounds === undefined) return [`${ns} `, () => true]
  const end = `${ns} ${instantKey(bounds.end)}`
  return [`${ns} ${instantKey(bounds.start)}`, (key) => key < end]
}

/** Up to `end`: every key of the namespace before the instant (or all). */
const untilRange = (ns: string, fy: FiscalYear.FiscalYear | undefined): readonly [string, (key: string) => boolean] => {
  const bounds = RegisterProjection.boundsOf(fy)
  if (bounds === undefined) return [`${ns} `, () => true]
  const end = `${ns} ${instantKey(bounds.end)}`
  return [`${ns} `, (key) => key < end]
}

const nameOf = (options: RegisterProjection.Options) => options.agencyName ?? ((id: string) => id)

/** What a register read takes: `RegisterProjection`'s options (fiscal year, agency names) and the page size (default {@link PAGE}). */
export interface ReadOptions extends RegisterProjection.Options {
  readonly pageSize?: number | undefined
}

/** OUT-1, OUT-2: the outreach log's entries, in register order, for a fiscal year or all (TIME-1). */
export const outreach = (
  store: ReadModelStore.ReadModelStoreShape,
  options: ReadOptions = {}
): Stream.Stream<Registers.OutreachEntry, ReadModelStore.ReadModelError> => {
  const named = nameOf(options)
  return Stream.map(range(store, "o ", yearRange("o", options.fiscalYear), options.pageSize ?? PAGE), (e) => RegisterProjection.outreachEntry(e.doc as unknown as RegisterProjection.OutreachDoc, named))
}

/**
 * The entries an index range points at: per page, the documents it names (`lookup`: the document
 * key of an index key) loaded at once, then `build` on each in index order (`undefined`: skipped).
 */
const joined = <D, A>(
  store: ReadModelStore.ReadModelStoreShape,
  index: Stream.Stream<ReadModelStore.Entry, ReadModelStore.ReadModelError>,
  lookup: (indexKey: string) => string,
  build: (indexKey: string, doc: D) => A | undefined
): Stream.Stream<A, ReadModelStore.ReadModelError> =>
  Stream.flattenIterable(Stream.mapEffect(Stream.chunks(index), (page) => {
    const keys = page.map((e) => lookup(e.key))
    return Effect.map(store.load(name, keys), (docs) => {
      const out: Array<A> = []
      page.forEach((e, i) => {
        const doc = docs.get(keys[i]!)
        const a = doc === undefined ? undefined : build(e.key, doc as unknown as D)
        if (a !== undefined) out.push(a)
      })
      return out
    })
  }))

/** `m <instant> <meetingId>` → `M <meetingId>`; `p <instant> <caseId> <planId>` → `P <caseId> <planId>`. */
const pointee = (ns: string) => (indexKey: string): string => `${ns} ${indexKey.slice(2 + instantKey(0).length + 1)}`

/** MTG-1…MTG-6: the meeting log's entries, in register order, for a fiscal year or all (TIME-1). */
export const meetings = (
  store: ReadModelStore.ReadModelStoreShape,
  options: ReadOptions = {}
): Stream.Stream<Registers.MeetingEntry, ReadModelStore.ReadModelError> => {
  const named = nameOf(options)
  return joined(store, range(store, "m ", yearRange("m", options.fiscalYear), options.pageSize ?? PAGE), pointee("M"), (key, doc: RegisterProjection.MeetingDoc) =>
    // A meeting held twice (not something the deciders record) is listed at its last holding only.
    doc.held === null || key !== meetingIndexKey(doc.held.ms, doc.meetingId) ? undefined : RegisterProjection.meetingEntry(doc, named))
}

/**
 * PLN-1…PLN-8: the plan register's entries, in register order; for a fiscal year, the plans in play
 * during it as of its end (TIME-1, `RegisterProjection.planEntry`).
 */
export const plans = (
  store: ReadModelStore.ReadModelStoreShape,
  options: ReadOptions = {}
): Stream.Stream<Registers.PlanEntry, ReadModelStore.ReadModelError> =>
  joined(store, range(store, "p ", untilRange("p", options.fiscalYear), options.pageSize ?? PAGE), pointee("P"), (_key, doc: RegisterProjection.PlanDoc) =>
    RegisterProjection.planEntry(doc, options.fiscalYear))
