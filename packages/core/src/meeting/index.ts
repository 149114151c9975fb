/**
 * The support meeting (支援会議) and the multi-layered support meeting (重層的支援会議)
 * (MTG-1…MTG-5, CNS-3, CNS-4, CNS-7, CNS-8, ACC-2; seed §5).
 *
 * - **Support meeting** (Art. 106-6): hosted by the city; held regularly with the core members or
 *   ad hoc (urgent, or when non-core agencies should join); only current members of the register
 *   attend (MTG-2), and they share case information without consent (CNS-3). Its decisions are the
 *   business of MTG-3: watching, support direction, urgent response, and whether a case goes to
 *   multi-agency collaboration.
 * - **Multi-layered support meeting**: hosted by the multi-agency collaboration operator, the city
 *   always attends (MTG-4). The individual case meeting (個別支援会議) discusses only cases whose
 *   persons consented to sharing with every attendee (CNS-4, CNS-7) and judges plans (PLN-2; those
 *   judgments are recorded on the case, citing the meeting). The overall promotion meeting
 *   (全体推進会議) discusses no individual case.
 * - The city and the operator attend both (MTG-1). A meeting may be held jointly with an existing
 *   meeting; the record keeps every meeting type it served (MTG-5), and it still counts once (MTG-6).
 *
 * One stream per meeting: `meeting-<meetingId>`.
 *
 * Files: `model.ts` (vocabulary), `commands.ts`, `events.ts`, `state.ts` (state and `evolve`),
 * `decide.ts` (one function per command, the switch and the registry entry).
 *
 * @module
 */
export * from "./commands.ts"
export { aggregate, decide, decider } from "./decide.ts"
export * from "./events.ts"
export * from "./model.ts"
export * from "./state.ts"
