/**
 * Outreach contacts by the community social workers (CSW) (OUT-1, OUT-2, PRG-4; seed §4(4), §7(3)①).
 *
 * Continuous support through outreach has two parts (OUT-1):
 * - **building the information network** (情報把握のネットワーク形成): actively visiting related
 *   agencies (`AgencyVisit`, or `OrganisationVisit` for organisations outside the directory) and
 *   residents (`ResidentVisit`);
 * - **individual support** (個別支援): building trust with a person who is not reached (e.g. in
 *   social withdrawal) and connecting them to support (`IndividualSupport`, naming the case member).
 *
 * Contacts are recorded by the outreach operator (PRG-4). KPI-1 counts contacts with individuals
 * and with related agencies (OUT-2; the indicator's own words: 個別支援・関係機関); resident visits
 * are recorded and reported separately. One stream per contact: `outreach-<contactId>`.
 *
 * @module
 */
import { Result, Schema } from "effect"
import type * as Case from "./Case.ts"
import type * as Catalog from "./Catalog.ts"
import * as Decider from "./Decider.ts"
import * as Edition from "./Edition.ts"
import * as Id from "./Id.ts"
import * as Personal from "./Personal.ts"
import * as Rule from "./Rule.ts"

/** The stream of a contact. */
export const streamId = (contactId: Id.ContactId): string => `outreach-${contactId}`

/** OUT-1: how an individual contact was made. */
export const Mode = Schema.Literals(["home-visit", "accompaniment", "phone", "letter", "online", "other"])
/** The type of {@link Mode}. */
export type Mode = typeof Mode.Type

/** OUT-1: what an outreach contact was. */
export const Activity = Schema.Union([
  /** Network building: a visit to an agency of the directory (関係機関). */
  Schema.TaggedStruct("AgencyVisit", { agencyId: Id.AgencyId }),
  /** Network building: a visit to a related organisation outside the directory (e.g. an employer, 民生委員協議会). */
  Schema.TaggedStruct("OrganisationVisit", { organisation: Schema.NonEmptyString.check(Schema.isMaxLength(200)) }),
  /** Network building: a visit to residents (地域住民). */
  Schema.TaggedStruct("ResidentVisit", {}),
  /** Individual support: a contact with a person of a case. */
  Schema.TaggedStruct("IndividualSupport", { caseId: Id.CaseId, memberId: Id.MemberId, mode: Mode })
])
/** The type of {@link Activity}. */
export type Activity = typeof Activity.Type

// The payload the command and its event share (OUT-1).
const contactFields = { contactId: Id.ContactId, activity: Activity, note: Schema.optionalKey(Personal.Note) }

/** OUT-1: record an outreach contact made by `by` at `at`. */
export const RecordContact = Schema.TaggedStruct("RecordContact", { ...Decider.commandFields, ...contactFields })

/** Commands on an outreach contact. */
export const Command = Schema.Union([RecordContact])
/** The type of {@link Command}. */
export type Command = typeof Command.Type

/** OUT-1, OUT-2: an outreach contact was made (KPI-1). */
export const ContactRecorded = Schema.TaggedStruct("ContactRecorded", { ...Decider.eventFields, ...contactFields })

/** Events of an outreach contact. */
export const Event = Schema.Union([ContactRecorded])
/** The type of {@link Event}. */
export type Event = typeof Event.Type

/** A contact's record: absent until recorded. */
export interface State {
  readonly recorded?: typeof ContactRecorded.Type | undefined
}

/** A contact before it is recorded. */
export const initialState: State = {}

/** Apply the recorded contact (OUT-1, seed §4(4); AUD-1). */
export const evolve = (_state: State, event: Event): State => ({ recorded: event })

/** OUT-2: how a contact counts toward KPI-1: with an individual, an agency, or a resident visit (not in KPI-1). */
export const countsAs = (activity: Activity): "individual" | "agency" | "resident" =>
  activity._tag === "IndividualSupport" ? "individual" : activity._tag === "ResidentVisit" ? "resident" : "agency"

/** What outreach decisions need from outside: revisions (AUD-3) and the case of an individual contact. */
export interface Context {
  readonly revisions: ReadonlyArray<Catalog.Catalog>
  readonly cases: ReadonlyMap<Id.CaseId, Case.State>
}

const decideWith = (c: Command, state: State, ctx: Context, catalog: Catalog.Catalog): Result.Result<ReadonlyArray<Event>, Rule.RuleViolation> => {
  const subject = c.contactId
  if (state.recorded !== undefined) return Rule.refuse("AUD-1", `contact ${c.contactId} is already recorded`, subject)
  const operators = Edition.operatorsOf(catalog, "outreach")
  if (!operators.includes(c.by)) {
    return Rule.refuse("OUT-1", `outreach contacts are made by the outreach operator (${operators.join(", ")}), not ${c.by}`, subject)
  }
  const a = c.activity
  if (a._tag === "AgencyVisit" && !Edition.isKnownParty(catalog, a.agencyId)) {
    return Rule.refuse("ORG-1", `${a.agencyId} is not in the directory; record an organisation visit instead`, subject)
  }
  if (a._tag === "IndividualSupport") {
    const kase = ctx.cases.get(a.caseId)
    if (kase === undefined || kase.status === "none") return Rule.refuse("OUT-1", `case ${a.caseId} has not been referred`, subject)
    if (!kase.members.some((m) => m.memberId === a.memberId)) {
      return Rule.refuse("OUT-1", `member ${a.memberId} is not in case ${a.caseId}`, subject)
    }
  }
  return Result.succeed([
    ContactRecorded.make({ ...Decider.stamp(c), contactId: c.contactId, activity: a, ...(c.note ? { note: c.note } : {}) })
  ])
}

/** OUT-1: the outreach decider. */
export const decider: Decider.Decider<Command, Event, State, Context> = {
  decide: (command, state, context) =>
    Edition.decideUnder(context.revisions, command.at, (catalog) => decideWith(command, state, context, catalog)),
  evolve,
  initialState
}
