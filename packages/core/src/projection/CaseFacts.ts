/**
 * The disclosure facts of each case: its consent records with their history, and its items of
 * information with their legal basis — ids, codes and dates only (CNS-5, CNS-6, CNS-7, ACC-2,
 * AUD-2).
 *
 * A consent given by a legal proxy keeps the proxy's capacity here, not their name (AUD-2): the
 * name stays in the case history. {@link toRecord} turns a stored record back into a
 * `Consent.ConsentRecord` for `Disclosure.decide`, which never reads the name.
 *
 * @module
 */
import { Redacted } from "effect"
import { type Case, Consent, type Disclosure, type Id, Instant } from "../index.ts"
import type * as Projection from "./Projection.ts"

/** CNS-5: a consent record, ids and dates only (instants as UTC ISO strings). */
export interface ConsentDoc {
  readonly consentId: string
  readonly caseId: string
  readonly memberId: string
  readonly grantor: { readonly _tag: "Self" } | { readonly _tag: "Proxy"; readonly capacity: Consent.ProxyCapacity }
  readonly purposes: ReadonlyArray<Consent.Purpose>
  readonly agencies: ReadonlyArray<string>
  readonly method: Consent.Method
  readonly recordedBy: string
  readonly recordedAt: string
  readonly validFrom: string
  readonly validUntil?: string
  readonly withdrawnAt?: string
}

/** ACC-2: an item of information, without its content. */
export interface ItemDoc {
  readonly itemId: string
  readonly memberId: string
  readonly provenance: { readonly _tag: "SupportMeeting"; readonly meetingId: string } | { readonly _tag: "Consent"; readonly consentId: string }
  readonly learnedAt: string
  readonly learnedBy: string
}

/** A case's facts. */
export interface FactsDoc {
  readonly consents: ReadonlyArray<ConsentDoc>
  readonly items: ReadonlyArray<ItemDoc>
}

/** The projection's name. */
export const name = "case-facts"

const tags = new Set(["ConsentRecorded", "ConsentWithdrawn", "InformationRecorded"])

const evolveFacts = (doc: FactsDoc | undefined, e: Case.Event): FactsDoc => {
  const facts: FactsDoc = doc ?? { consents: [], items: [] }
  switch (e._tag) {
    case "ConsentRecorded":
      return {
        ...facts,
        consents: [...facts.consents, {
          consentId: e.consentId,
          caseId: e.caseId,
          memberId: e.memberId,
          grantor: e.grantor._tag === "Self" ? { _tag: "Self" } : { _tag: "Proxy", capacity: e.grantor.capacity },
          purposes: e.purposes,
          agencies: e.agencies,
          method: e.method,
          recordedBy: e.by,
          recordedAt: Instant.format(e.at),
          validFrom: Instant.format(e.validFrom),
          ...(e.validUntil !== undefined ? { validUntil: Instant.format(e.validUntil) } : {})
        }]
      }
    case "ConsentWithdrawn":
      return {
        ...facts,
        consents: facts.consents.map((c) => (c.consentId === e.consentId ? { ...c, withdrawnAt: Instant.format(e.at) } : c))
      }
    case "InformationRecorded":
      return {
        ...facts,
        items: [...facts.items, {
          itemId: e.itemId,
          memberId: e.memberId,
          provenance: e.provenance,
          learnedAt: Instant.format(e.at),
          learnedBy: e.by
        }]
      }
    default:
      return facts
  }
}

/** CNS-5, ACC-2: the case facts projection. */
export const projection: Projection.Projection = {
  name,
  version: 1,
  handles: tags,
  keysOf: (e) => (tags.has(e._tag) && "caseId" in e ? [e.caseId] : []),
  evolve: (doc, e) => evolveFacts(doc as unknown as FactsDoc | undefined, e as Case.Event) as unknown as Projection.Doc
}

/**
 * A stored record as a `Consent.ConsentRecord`. A proxy's name is not in the read model (AUD-2);
 * it is given as a redacted placeholder, which no rule reads.
 */
export const toRecord = (c: ConsentDoc): Consent.ConsentRecord => ({
  consentId: c.consentId as Id.ConsentId,
  caseId: c.caseId as Id.CaseId,
  memberId: c.memberId as Id.MemberId,
  grantor: c.grantor._tag === "Self" ? { _tag: "Self" } : { _tag: "Proxy", capacity: c.grantor.capacity, name: Redacted.make("-") },
  purposes: c.purposes as Consent.ConsentRecord["purposes"],
  agencies: c.agencies as Consent.ConsentRecord["agencies"],
  method: c.method,
  recordedBy: c.recordedBy as Id.AgencyId,
  recordedAt: Instant.make(c.recordedAt),
  validFrom: Instant.make(c.validFrom),
  ...(c.validUntil !== undefined ? { validUntil: Instant.make(c.validUntil) } : {}),
  ...(c.withdrawnAt !== undefined ? { withdrawnAt: Instant.make(c.withdrawnAt) } : {})
})

/** ACC-2: a stored item as a `Disclosure.InfoItem`. */
export const toItem = (caseId: string, i: ItemDoc): Disclosure.InfoItem => ({
  itemId: i.itemId as Id.InfoItemId,
  caseId: caseId as Id.CaseId,
  memberId: i.memberId as Id.MemberId,
  provenance: i.provenance._tag === "SupportMeeting"
    ? { _tag: "SupportMeeting", meetingId: i.provenance.meetingId as Id.MeetingId }
    : { _tag: "Consent", consentId: i.provenance.consentId as Id.ConsentId },
  learnedAt: Instant.make(i.learnedAt),
  learnedBy: i.learnedBy as Id.AgencyId
})

/** CNS-5: a member's records with their status at `at`, in recording order (withdrawn ones stay, CNS-5). */
export const historyOf = (
  facts: FactsDoc,
  memberId: string,
  at: Instant.Instant
): ReadonlyArray<ConsentDoc & { readonly status: Consent.Status }> =>
  facts.consents.filter((c) => c.memberId === memberId).map((c) => ({ ...c, status: Consent.statusAt(toRecord(c), at) }))
