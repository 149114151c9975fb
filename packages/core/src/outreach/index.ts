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
 * Files: `model.ts` (stream and activities), `commands.ts`, `events.ts`, `state.ts`, `decide.ts`.
 *
 * @module
 */
export * from "./commands.ts"
export { aggregate, decide, decider } from "./decide.ts"
export * from "./events.ts"
export { Activity, Mode, streamId } from "./model.ts"
export * from "./state.ts"
