/**
 * The support meeting's register of members (支援会議構成員名簿) (MTG-2, MTG-1, ORG-3; seed §5ア).
 *
 * Members of the support meeting are fixed by its establishment rules (設置要綱) and bound by a
 * statutory duty of confidentiality (Art. 106-6) that continues after they leave. The register is
 * therefore append-only: it keeps every member with the period of membership, so it can answer
 * both "is this agency a member now?" (only current members may receive case information at the
 * meeting) and "was it ever a member, and when?" (former members stay bound).
 *
 * One register per municipality, kept by the city, in the stream {@link streamId}.
 *
 * Files: `commands.ts`, `events.ts`, `state.ts` (state, queries and `evolve`), `decide.ts` (one
 * function per command, the switch and the registry entry).
 *
 * @module
 */
export * from "./commands.ts"
export { aggregate, decide, decider } from "./decide.ts"
export * from "./events.ts"
export * from "./state.ts"
