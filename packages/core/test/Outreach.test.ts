import { describe, expect, it } from "@effect/vitest"
import { FiscalYear, IndicatorProjection } from "@kitakami-juso/core"
import { CITY, CSW, establishRegister, given, HOKATSU, type Input, OP, patch, referral, T, World } from "./support/world.ts"

const contact = (contactId: string, activity: object, at = T("06-01T10:00"), by = CSW): Input =>
  patch({ _tag: "RecordContact", contactId, at, by, activity: { _tag: "ResidentVisit" } }, { activity })

describe("Outreach (OUT)", () => {
  it("OUT-1: the CSW builds the information network (agencies, organisations, residents) and gives individual support", () => {
    given(establishRegister).when(contact("o1", { _tag: "AgencyVisit", agencyId: HOKATSU })).then({
      _tag: "ContactRecorded",
      contactId: "o1",
      by: CSW,
      activity: { _tag: "AgencyVisit", agencyId: HOKATSU }
    })
    given(establishRegister).when(contact("o2", { _tag: "OrganisationVisit", organisation: "民生委員児童委員協議会" })).then({ _tag: "ContactRecorded" })
    given(establishRegister).when(contact("o3", { _tag: "ResidentVisit" })).then({ _tag: "ContactRecorded" })
    given(establishRegister, referral)
      .when(patch(contact("o4", { _tag: "IndividualSupport", caseId: "c1", memberId: "son", mode: "home-visit" }), { note: "玄関先で挨拶" }))
      .then({ _tag: "ContactRecorded", activity: { _tag: "IndividualSupport", memberId: "son" }, note: "玄関先で挨拶" })
  })

  it("OUT-1: refuses contacts recorded by another agency, individual support for a person not in a case, and a contact twice", () => {
    given(establishRegister).when(contact("o1", { _tag: "ResidentVisit" }, T("06-01T10:00"), OP)).thenRefused("OUT-1")
    given(establishRegister).when(contact("o1", { _tag: "ResidentVisit" }, T("06-01T10:00"), CITY)).thenRefused("OUT-1")
    given(establishRegister).when(contact("o1", { _tag: "IndividualSupport", caseId: "c1", memberId: "son", mode: "phone" })).thenRefused("OUT-1")
    given(establishRegister, referral)
      .when(contact("o1", { _tag: "IndividualSupport", caseId: "c1", memberId: "neighbour", mode: "phone" }))
      .thenRefused("OUT-1")
    given(establishRegister, contact("o1", { _tag: "ResidentVisit" })).when(contact("o1", { _tag: "ResidentVisit" })).thenRefused("AUD-1")
    given(establishRegister).when(contact("o1", { _tag: "AgencyVisit", agencyId: "no-such-agency" })).thenRefused("ORG-1")
  })

  it("OUT-2: contacts with individuals and with agencies both count toward KPI-1; resident visits are reported apart", () => {
    const w = new World()
    w.run(establishRegister)
    w.run(referral)
    w.run(contact("o1", { _tag: "AgencyVisit", agencyId: HOKATSU }))
    w.run(contact("o2", { _tag: "OrganisationVisit", organisation: "北上商工会議所" }))
    w.run(contact("o3", { _tag: "IndividualSupport", caseId: "c1", memberId: "son", mode: "home-visit" }))
    w.run(contact("o4", { _tag: "IndividualSupport", caseId: "c1", memberId: "son", mode: "letter" }))
    w.run(contact("o5", { _tag: "ResidentVisit" }))
    const counts = IndicatorProjection.countsFor(w.log, FiscalYear.make(2025))
    expect(counts.outreach).toEqual({ individual: 2, agency: 2, resident: 1 })
    expect(IndicatorProjection.projectRecords(counts)["KPI-1"]).toBe(4)
    // The violation: counting only one side, or counting resident visits, would give 2 or 5.
    expect(IndicatorProjection.projectRecords(counts)["KPI-1"]).not.toBe(5)
  })
})
