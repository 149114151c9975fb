/**
 * The support meeting's register as a read model: every membership period, current and former
 * (MTG-2, CNS-3; seed §5ア). One document, folded with `MemberRegister.evolve` itself.
 *
 * @module
 */
import { type Id, Instant, MemberRegister } from "../index.ts"
import type * as Projection from "./Projection.ts"

/** The projection's name, and its one document's key. */
export const name = "support-meeting-register"

/** MTG-2: the stored register (instants as UTC ISO strings). */
export interface RegisterDoc {
  readonly established: boolean
  readonly periods: ReadonlyArray<{ readonly agencyId: string; readonly from: string; readonly until?: string }>
}

/** A stored register as `MemberRegister.State`. */
export const toState = (doc: RegisterDoc | undefined): MemberRegister.State =>
  doc === undefined ? MemberRegister.initialState : {
    established: doc.established,
    periods: doc.periods.map((p) => ({
      agencyId: p.agencyId as Id.AgencyId,
      from: Instant.make(p.from),
      ...(p.until !== undefined ? { until: Instant.make(p.until) } : {})
    }))
  }

const toDoc = (state: MemberRegister.State): RegisterDoc => ({
  established: state.established,
  periods: state.periods.map((p) => ({
    agencyId: p.agencyId,
    from: Instant.format(p.from),
    ...(p.until !== undefined ? { until: Instant.format(p.until) } : {})
  }))
})

const tags: ReadonlySet<string> = new Set(MemberRegister.Event.members.map((m) => m.fields._tag.schema.literal))

/** MTG-2: the register projection. */
export const projection: Projection.Projection = {
  name,
  version: 1,
  handles: tags,
  keysOf: (e) => (tags.has(e._tag) ? [name] : []),
  evolve: (doc, e) =>
    toDoc(MemberRegister.evolve(toState(doc as unknown as RegisterDoc | undefined), e as MemberRegister.Event)) as unknown as Projection.Doc
}
