/**
 * What the registers may disclose (ACC-1, ACC-2, CNS-4, CNS-7, MTG-3, AUD-2).
 *
 * A `disclose` hook of the register reports names the personal data it hands over by reference —
 * a {@link Source}: an information item, a plan's goals, a contact's note, a support meeting's
 * decision note — never as text. The report looks each source up in the events together with its
 * provenance, so the ACC-2 guard reads the legal basis carried in the data: a value that draws on
 * anything learned only at the support meeting (an item recorded with a support-meeting
 * provenance, a support meeting's decision note) is withheld (`null`), whatever the hook; so is a
 * value naming a source the events do not hold (default deny). {@link disclosure} builds hooks on
 * the disclosure rules (the one sharing check, `Disclosure.refusalOf`, in the direct-sharing
 * setting for one recipient at one instant).
 *
 * Consent records, information items and plan subjects come from the case state (`Case.evolve`,
 * the one mapping of those events).
 *
 * @module
 */
import { Redacted, Schema } from "effect"
import * as Aggregate from "./Aggregate.ts"
import * as Aggregates from "./Aggregates.ts"
import * as Case from "./case/index.ts"
import * as Disclosure from "./Disclosure.ts"
import type * as DomainEvent from "./DomainEvent.ts"
import * as Id from "./Id.ts"
import * as Instant from "./Instant.ts"
import * as MemberRegister from "./register/index.ts"
import type * as Registers from "./Registers.ts"

/** ACC-1, ACC-2: a piece of personal data a register may disclose, named by reference (never as text). */
export const Source = Schema.Union([
  /** An information item of a case (its note), with the provenance it was recorded with (ACC-2). */
  Schema.TaggedStruct("Item", { caseId: Id.CaseId, itemId: Id.InfoItemId }),
  /** A plan's goals at its latest revision (PLN-1, PLN-3). */
  Schema.TaggedStruct("PlanGoals", { caseId: Id.CaseId, planId: Id.PlanId }),
  /** The note of an individual-support outreach contact (OUT-1). */
  Schema.TaggedStruct("ContactNote", { contactId: Id.ContactId }),
  /** A support meeting's decision note: learned there and nowhere else (MTG-3, ACC-2). */
  Schema.TaggedStruct("DecisionNote", { meetingId: Id.MeetingId, itemId: Id.ItemId })
]).pipe(Schema.toTaggedUnion("_tag"))
/** The type of {@link Source}. */
export type Source = typeof Source.Type

/** ACC-1: a `disclose` hook of a register report: the sources to disclose for an entry, or `null`. */
export type Hook<E> = (entry: E) => ReadonlyArray<Source> | null

/** The three hooks for one recipient at one instant. */
export interface DisclosureHooks {
  readonly outreach: Hook<Registers.OutreachEntry>
  readonly meetings: Hook<Registers.MeetingEntry>
  readonly plans: Hook<Registers.PlanEntry>
}

interface Found {
  readonly text: string
  /** ACC-2: learned only at the support meeting. */
  readonly supportMeetingOnly: boolean
}

const key = (a: string, b: string) => `${a}\u0000${b}`
const caseTags: ReadonlySet<string> = new Set(Case.Event.discriminants)

/** The facts the hooks and the guard read: case states, the register, and the texts sources name. */
const collect = (events: Iterable<DomainEvent.DomainEvent>) => {
  const seen = new Set<string>()
  const sorted: Array<DomainEvent.DomainEvent> = []
  for (const e of events) {
    if (seen.has(e.eventId)) continue
    seen.add(e.eventId)
    sorted.push(e)
  }
  sorted.sort((a, b) => Instant.millis(a.at) - Instant.millis(b.at) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0))
  const byCase = new Map<string, Array<Case.Event>>()
  const texts = new Map<string, Found>()
  const plans = new Map<string, ReadonlyArray<Id.InfoItemId>>()
  const contacts = new Map<string, { readonly caseId: Id.CaseId; readonly memberId: Id.MemberId }>()
  for (const e of sorted) {
    if (caseTags.has(e._tag)) {
      const c = e as Case.Event
      const list = byCase.get(c.caseId)
      if (list === undefined) byCase.set(c.caseId, [c])
      else list.push(c)
    }
    switch (e._tag) {
      case "InformationRecorded":
        texts.set(key("Item", key(e.caseId, e.itemId)), {
          text: Redacted.value(e.note),
          supportMeetingOnly: e.provenance._tag === "SupportMeeting"
        })
        break
      case "PlanDrafted":
      case "PlanRevised":
        texts.set(key("PlanGoals", key(e.caseId, e.planId)), { text: Redacted.value(e.goals), supportMeetingOnly: false })
        plans.set(key(e.caseId, e.planId), e.basis)
        break
      case "ContactRecorded":
        if (e.activity._tag === "IndividualSupport" && e.note !== undefined) {
          texts.set(key("ContactNote", e.contactId), { text: Redacted.value(e.note), supportMeetingOnly: false })
          contacts.set(e.contactId, { caseId: e.activity.caseId, memberId: e.activity.memberId })
        }
        break
      case "DecisionRecorded":
        if (e.note !== undefined) texts.set(key("DecisionNote", key(e.meetingId, e.itemId)), { text: Redacted.value(e.note), supportMeetingOnly: true })
        break
      default:
        break
    }
  }
  const cases = new Map([...byCase].map(([id, evs]) => [id, Aggregate.fold(Case.aggregate, evs)] as const))
  const register = Aggregates.stateOf(MemberRegister.aggregate, sorted)
  const resolve = (s: Source): Found | undefined => {
    switch (s._tag) {
      case "Item":
        return texts.get(key("Item", key(s.caseId, s.itemId)))
      case "PlanGoals":
        return texts.get(key("PlanGoals", key(s.caseId, s.planId)))
      case "ContactNote":
        return texts.get(key("ContactNote", s.contactId))
      case "DecisionNote":
        return texts.get(key("DecisionNote", key(s.meetingId, s.itemId)))
    }
  }
  return { cases, register, plans, contacts, resolve }
}

/**
 * ACC-2, AUD-2: the guard every register report applies to a hook: the named sources' texts,
 * joined by new lines, or `null` when the hook names nothing, names a source the events do not
 * hold, or draws on anything learned only at the support meeting (by its recorded provenance).
 */
export const guardSupportMeetingOnly = <E>(events: Iterable<DomainEvent.DomainEvent>, disclose: Hook<E>): (entry: E) => string | null => {
  const { resolve } = collect(events)
  return (entry) => {
    const sources = disclose(entry)
    if (sources === null || sources.length === 0) return null
    const found = sources.map(resolve)
    if (found.some((f) => f === undefined || f.supportMeetingOnly)) return null
    return found.map((f) => f!.text).join("\n")
  }
}

/**
 * ACC-1, ACC-2, CNS-4, CNS-7: hooks built on the disclosure rules, for registers given to
 * `recipient` at `at` (direct sharing: only with the person's own consent in force at `at` naming
 * the recipient; default deny):
 *
 * - outreach log: the note of an individual-support contact, when the contacted member's consent
 *   covers the recipient; other contacts disclose nothing;
 * - plan register: the plan's goals when every subject's consent covers the recipient, and each
 *   item the plan rests on that was learned with consent and may be shared with the recipient.
 *   Items learned only at the support meeting are never disclosed (ACC-2), whatever the consent;
 * - meeting log: nothing (what a support meeting shares stays there, ACC-2; the overall promotion
 *   meeting discusses no individual, MTG-4).
 */
export const disclosure = (events: Iterable<DomainEvent.DomainEvent>, recipient: Id.AgencyId, at: Instant.Instant): DisclosureHooks => {
  const { cases, contacts, plans, register } = collect(events)
  const shareable = (state: Case.State, members: ReadonlyArray<Id.MemberId>, items: ReadonlyArray<Disclosure.InfoItem> = []) =>
    Disclosure.refusalOf({ agencies: [recipient], members, items, setting: "direct-sharing", at }, { consents: state.consents, register }) === undefined
  return {
    outreach: (entry) => {
      const c = contacts.get(entry.contactId)
      const state = c === undefined ? undefined : cases.get(c.caseId)
      if (c === undefined || state === undefined || entry.caseId !== c.caseId) return null
      return shareable(state, [c.memberId]) ? [{ _tag: "ContactNote", contactId: Id.ContactId.make(entry.contactId) }] : null
    },
    meetings: () => null,
    plans: (entry) => {
      const state = cases.get(entry.caseId)
      const plan = state?.plans.find((p) => p.planId === entry.planId)
      if (state === undefined || plan === undefined) return null
      const caseId = Id.CaseId.make(entry.caseId)
      const sources: Array<Source> = []
      if (shareable(state, plan.subjects)) sources.push({ _tag: "PlanGoals", caseId, planId: plan.planId })
      for (const itemId of plans.get(key(entry.caseId, entry.planId)) ?? []) {
        const item = state.information.find((i) => i.itemId === itemId)
        if (item === undefined || item.provenance._tag !== "Consent") continue
        if (shareable(state, [], [item])) sources.push({ _tag: "Item", caseId, itemId })
      }
      return sources.length === 0 ? null : sources
    }
  }
}
