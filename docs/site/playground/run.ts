/**
 * Runs story steps against core's command handler on the in-memory event store (AUD-1), one at
 * a time: each command gives its events or the rule that refused it (PLN-9); each question gives
 * the disclosure answer with its `because` (ACC-1, CNS-6). No I/O: this runs in the page.
 */
import { Effect, Layer, Result } from "effect"
import { CommandHandler, Disclosure, type DomainEvent, Id, Instant, Kitakami, MemoryEventStore } from "@kitakami-juso/core"
import type { Step } from "./story.ts"

export type Outcome =
  | { readonly kind: "accepted"; readonly events: ReadonlyArray<DomainEvent.DomainEvent> }
  | { readonly kind: "refused"; readonly rule: string | null; readonly message: string }
  | { readonly kind: "answer"; readonly allowed: boolean; readonly rule: string; readonly explanation: string }

/** A session: one fresh in-memory store; `next` runs one step and reports its outcome. */
export interface Session {
  readonly next: (step: Step) => Promise<Outcome>
}

export const session = async (): Promise<Session> => {
  const handler = await Effect.runPromise(
    Effect.gen(function*() {
      return yield* CommandHandler.CommandHandler
    }).pipe(Effect.provide(CommandHandler.layer({ revisions: Kitakami.revisions }).pipe(Layer.provide(MemoryEventStore.layer()))))
  )
  let n = 0
  const next = (step: Step): Promise<Outcome> =>
    Effect.runPromise(
      Effect.gen(function*() {
        if (step.kind === "act") {
          const result = yield* Effect.result(handler.handleUnknown({ commandId: `pg-${++n}`, ...step.command }))
          if (Result.isSuccess(result)) return { kind: "accepted", events: result.success.events } satisfies Outcome
          const e = result.failure
          return { kind: "refused", rule: e._tag === "RuleViolation" ? e.rule : null, message: e.message } satisfies Outcome
        }
        const events = yield* handler.load("case-c8050")
        const register = CommandHandler.registerState(yield* handler.load("support-meeting-register"))
        const state = CommandHandler.caseState(events)
        const answer = Disclosure.decide(
          { agency: Id.AgencyId.make(step.agency), memberId: Id.MemberId.make(step.memberId), setting: step.setting, at: Instant.make(step.at) },
          { consents: state.consents, register }
        )
        return { kind: "answer", allowed: answer.allowed, rule: answer.because.rule, explanation: answer.because.explanation } satisfies Outcome
      }).pipe(Effect.orDie)
    )
  return { next }
}

/** Every step's outcome, in order. */
export const runAll = async (steps: ReadonlyArray<Step>): Promise<ReadonlyArray<Outcome>> => {
  const s = await session()
  const out: Array<Outcome> = []
  for (const step of steps) out.push(await s.next(step))
  return out
}
