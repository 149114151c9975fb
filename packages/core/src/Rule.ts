/**
 * Rule identifiers and the one error a refused command returns (PLN-9, AUD-2).
 *
 * Every rule of `RULES.md` has a stable id (`CNS-2`, `PLN-4a`, …). A decider that refuses a
 * command returns a {@link RuleViolation} naming the rule it would break; nothing is applied
 * (PLN-9). Messages carry ids and rule ids only, never a person's name, address or notes (AUD-2).
 *
 * @module
 */
import { Result, Schema } from "effect"

/** Every rule id of the domain rules (`RULES.md`), including the ones enforced elsewhere. */
export const RuleId = Schema.Literals([
  "PRG-1",
  "PRG-2",
  "PRG-3",
  "PRG-4",
  "PRG-5",
  "ORG-1",
  "ORG-2",
  "ORG-3",
  "ORG-4",
  "ORG-5",
  "CNS-1",
  "CNS-2",
  "CNS-3",
  "CNS-4",
  "CNS-5",
  "CNS-6",
  "CNS-7",
  "CNS-8",
  "MTG-1",
  "MTG-2",
  "MTG-3",
  "MTG-4",
  "MTG-5",
  "MTG-6",
  "PLN-1",
  "PLN-2",
  "PLN-3",
  "PLN-4",
  "PLN-4a",
  "PLN-5",
  "PLN-6",
  "PLN-7",
  "PLN-8",
  "PLN-9",
  "OUT-1",
  "OUT-2",
  "KPI-0",
  "KPI-9",
  "KPI-10",
  "TIME-1",
  "TIME-2",
  "ACC-1",
  "ACC-2",
  "AUD-1",
  "AUD-2",
  "AUD-3"
])
/** The type of {@link RuleId}. */
export type RuleId = typeof RuleId.Type

/**
 * PLN-9: a command was refused because it would break `rule`. Nothing was applied.
 *
 * `message` starts with the rule id and explains the refusal with ids only (case, member, plan, meeting, consent, agency),
 * never personal data (AUD-2). `subject` is the id of the aggregate the command addressed and
 * `revision` the catalog revision whose rules decided it (AUD-3), when known.
 */
export class RuleViolation extends Schema.TaggedError<RuleViolation>("@kitakami-juso/core/Rule/RuleViolation")(
  "RuleViolation",
  {
    rule: RuleId,
    message: Schema.String,
    subject: Schema.optionalKey(Schema.String),
    revision: Schema.optionalKey(Schema.String)
  }
) {}

/** A refused decision: `Result.fail(new RuleViolation(...))`. */
export const refuse = (
  rule: RuleId,
  message: string,
  subject?: string
): Result.Result<never, RuleViolation> =>
  Result.fail(violation(rule, message, subject))

/** Build a {@link RuleViolation}; the message is prefixed with the rule id. */
export const violation = (rule: RuleId, message: string, subject?: string): RuleViolation =>
  new RuleViolation(
    subject === undefined ? { rule, message: `${rule}: ${message}` } : { rule, message: `${rule}: ${message}`, subject }
  )

/** True for a {@link RuleViolation}. */
export const isRuleViolation = (u: unknown): u is RuleViolation => u instanceof RuleViolation
