/**
 * A support case: one person and their household (本人やその世帯), from referral to ending and
 * reopening (PLN-1…PLN-9, CNS-1…CNS-8, ACC-2; seed §4(2)ア①, §4(5)ア①–③, §5).
 *
 * The case decider holds the whole lifecycle of multi-agency collaboration:
 *
 * 1. **Referral** (つなぎ) by an agency opens the case with the person and household members (PLN-1).
 *    Without consent the case is worked on through the support meeting (CNS-8).
 * 2. **Consent** per household member (CNS-5, CNS-7): records, refusals and withdrawals. The
 *    application for use (利用申込み) lets multi-agency collaboration start (CNS-2).
 * 3. **Assessment** by the operator, with the referring agency as needed (PLN-1, PLN-5).
 * 4. **Plans** of three kinds, drafted by their operator (PLN-1, PLN-5), reviewed and decided (or
 *    sent back) at an individual case meeting (PLN-2), support started (PLN-3; early start of a
 *    participation-support plan with a reason, PLN-5), follow-up (PLN-6), re-plans reviewed again
 *    (PLN-3), end evaluation at the meeting: ended or suspended (PLN-4a).
 * 5. **Support for supporters** (支援者支援), recorded without a plan (PLN-7).
 * 6. **Closing and reopening**, keeping the history; information sharing under consent stays
 *    possible after the end (PLN-4).
 *
 * Information items carry their legal basis (ACC-2); a plan may rest only on items its role
 * agencies may see. One stream per case: `case-<caseId>`.
 *
 * Files: `model.ts` (vocabulary), `commands.ts`, `events.ts`, `state.ts` (state and `evolve`),
 * `guards.ts` (named guards), `decide/` (one function per command), `decide.ts` (the switch and
 * the registry entry).
 *
 * @module
 */
export * from "./commands.ts"
export { aggregate, decide, decider } from "./decide.ts"
export * from "./events.ts"
export * from "./model.ts"
export * from "./state.ts"
