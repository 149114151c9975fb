/** The disclosure property: generated consent and register histories, questions, both answers. @internal */
import {
  Case,
  Catalog,
  Disclosure,
  DomainEvent,
  EventStore,
  type Id,
  Instant,
  MemberRegister,
  ProjectionRunner,
  type ReadModelStore,
  ReadSide
} from "@kitakami-juso/core"
import { Effect } from "effect"
import * as fc from "fast-check"

const AGENCIES = ["shakyo", "hokatsu-hondori", "shakyo-outreach", "city-chiiki-fukushi", "shogai-sakura"] as const
const MEMBERS = ["m1", "m2", "m3"] as const
const SETTINGS = Disclosure.Setting.literals
const T0 = Date.parse("2025-04-01T00:00:00Z")
const time = fc.integer({ min: 0, max: 400 }).map((d) => new Date(T0 + d * 86_400_000).toISOString())

const op = fc.oneof(
  fc.record({
    _tag: fc.constant("consent" as const),
    memberId: fc.constantFrom("m1", "m2"),
    purposes: fc.subarray(["information-sharing", "multi-agency-collaboration"] as const, { minLength: 1 }),
    agencies: fc.subarray([...AGENCIES], { minLength: 1 }),
    at: time,
    until: fc.option(time, { nil: undefined })
  }),
  fc.record({ _tag: fc.constant("withdraw" as const), index: fc.nat(), at: time }),
  fc.record({ _tag: fc.constant("item" as const), memberId: fc.constantFrom("m1", "m2"), fromMeeting: fc.boolean(), at: time }),
  fc.record({ _tag: fc.constant("appoint" as const), agency: fc.constantFrom(...AGENCIES), at: time }),
  fc.record({ _tag: fc.constant("retire" as const), agency: fc.constantFrom(...AGENCIES), at: time })
)

const question = fc.record({
  agency: fc.constantFrom(...AGENCIES),
  memberId: fc.constantFrom(...MEMBERS),
  setting: fc.constantFrom(...SETTINGS),
  at: time,
  item: fc.nat()
})

/** A history of one case (and register changes) and questions about it. */
export const history = fc.record({ ops: fc.array(op, { maxLength: 12 }), questions: fc.array(question, { minLength: 1, maxLength: 8 }) })

type History = typeof history extends fc.Arbitrary<infer A> ? A : never

let registerSoFar: Array<MemberRegister.Event> = []

/**
 * Append the history under `caseId`, catch up, and ask every question both ways: through the
 * `ReadSide` disclosure query and through `Disclosure.decide` over folded streams.
 */
export const askBoth = (caseId: string, h: History) =>
  Effect.gen(function*() {
    const store = yield* EventStore.EventStore
    const read = yield* ReadSide.ReadSide
    let n = 0
    const id = () => `${caseId}-e${++n}/0`
    const caseEvents: Array<DomainEvent.Encoded> = []
    const registerEvents: Array<DomainEvent.Encoded> = []
    const consents: Array<string> = []
    const items: Array<string> = []
    for (const o of h.ops) {
      const base = { eventId: id(), at: o.at, by: "shakyo" }
      switch (o._tag) {
        case "consent": {
          const consentId = `${caseId}-k${consents.length}`
          consents.push(consentId)
          caseEvents.push({
            ...base,
            _tag: "ConsentRecorded",
            caseId,
            consentId,
            memberId: o.memberId,
            grantor: { _tag: "Self" },
            purposes: o.purposes as never,
            agencies: o.agencies as never,
            method: "written",
            validFrom: o.at,
            ...(o.until !== undefined ? { validUntil: o.until } : {})
          } as DomainEvent.Encoded)
          break
        }
        case "withdraw":
          if (consents.length > 0) {
            caseEvents.push({ ...base, _tag: "ConsentWithdrawn", caseId, consentId: consents[o.index % consents.length]!, memberId: "m1" } as DomainEvent.Encoded)
          }
          break
        case "item": {
          const itemId = `${caseId}-i${items.length}`
          items.push(itemId)
          caseEvents.push({
            ...base,
            _tag: "InformationRecorded",
            caseId,
            itemId,
            memberId: o.memberId,
            provenance: o.fromMeeting || consents.length === 0 ? { _tag: "SupportMeeting", meetingId: "sm-0" } : { _tag: "Consent", consentId: consents[0]! },
            note: "x"
          } as DomainEvent.Encoded)
          break
        }
        case "appoint":
          registerEvents.push({ ...base, _tag: "MemberAppointed", by: "city-chiiki-fukushi", agencyId: o.agency } as DomainEvent.Encoded)
          break
        case "retire":
          registerEvents.push({ ...base, _tag: "MemberRetired", by: "city-chiiki-fukushi", agencyId: o.agency } as DomainEvent.Encoded)
          break
      }
    }
    const append = (stream: string, events: ReadonlyArray<DomainEvent.Encoded>) =>
      events.length === 0
        ? Effect.void
        : Effect.asVoid(store.append(stream, "any", events.map((e) => ({ eventId: e.eventId, type: e._tag, payload: e as never }))))
    yield* append(Case.streamId(caseId as Id.CaseId), caseEvents)
    yield* append(MemberRegister.streamId, registerEvents)
    yield* ProjectionRunner.catchUpAll(ReadSide.projections(Catalog.kitakami), { batchSize: 5 })
    registerSoFar = [...registerSoFar, ...registerEvents.map((e) => DomainEvent.make(e) as MemberRegister.Event)]
    const state = caseEvents.map(DomainEvent.make).reduce((s, e) => Case.evolve(s, e as Case.Event), Case.initialState)
    const facts: Disclosure.Facts = {
      consents: state.consents,
      register: registerSoFar.reduce(MemberRegister.evolve, MemberRegister.initialState)
    }
    const out: Array<{ fromQuery: unknown; fromDecide: unknown }> = []
    for (const q of h.questions) {
      const at = Instant.make(q.at)
      const item = items.length === 0 || q.item % 3 === 0 ? undefined : state.information[q.item % state.information.length]
      const fromQuery = yield* read.disclosure({ caseId, memberId: q.memberId, agency: q.agency, setting: q.setting, at, itemId: item?.itemId })
      const fromDecide = Disclosure.decide(
        { agency: q.agency as Id.AgencyId, memberId: q.memberId as Id.MemberId, setting: q.setting, at, ...(item !== undefined ? { item } : {}) },
        facts
      )
      out.push({ fromQuery, fromDecide })
    }
    return out
  })

/** Reset the register mirror at the start of a run on a fresh store. */
export const resetMirror = (): void => {
  registerSoFar = []
}

export type Env = EventStore.EventStore | ReadModelStore.ReadModelStore | ReadSide.ReadSide
