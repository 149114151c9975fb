/**
 * The Community Welfare Plan the project serves: its basic goals and policies, and the evaluation
 * cycle the project follows (PRG-5, KPI-10; seed §3, §7(1), §7(2)).
 *
 * Kitakami's project takes the 4 基本目標 and 11 基本施策 of the 4th Kitakami Community Welfare
 * Plan (2024–2028) as its own goals, and is evaluated with that plan: interim review in 2026,
 * next plan in 2029. Years are kept as the plan prints them (2024～2028年).
 *
 * @module
 */
import { Schema } from "effect"

const Name = Schema.NonEmptyString
const Year = Schema.Int.check(Schema.isBetween({ minimum: 1989, maximum: 2200 }))

/** PRG-5: a basic policy (基本施策), numbered ①…⑪ across all goals. */
export const BasicPolicy = Schema.Struct({
  number: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  name: Name
})
/** The type of {@link BasicPolicy}. */
export type BasicPolicy = typeof BasicPolicy.Type

/** PRG-5: a basic goal (基本目標) with its directions (施策の方向性) and policies. */
export const BasicGoal = Schema.Struct({
  number: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  name: Name,
  directions: Schema.Array(Name),
  policies: Schema.NonEmptyArray(BasicPolicy)
})
/** The type of {@link BasicGoal}. */
export type BasicGoal = typeof BasicGoal.Type

/** KPI-10: when the project is evaluated, following the Community Welfare Plan cycle. */
export const Evaluation = Schema.Struct({
  /** 中間検証 by the Community Welfare Plan committee. */
  interimReview: Year,
  /** The next Community Welfare Plan (次期地域福祉計画), whose drafting process evaluates the project. */
  nextPlan: Year
})
/** The type of {@link Evaluation}. */
export type Evaluation = typeof Evaluation.Type

/**
 * PRG-5, KPI-10: the Community Welfare Plan. Decoding checks that goals are numbered 1…n, that
 * policies are numbered 1…m in goal order, that the interim review falls within the plan's
 * period and that the next plan comes after it.
 */
export const WelfarePlan = Schema.Struct({
  name: Name,
  from: Year,
  to: Year,
  goals: Schema.NonEmptyArray(BasicGoal),
  evaluation: Evaluation
}).check(Schema.makeFilter((w) => {
  const issues: Array<Schema.FilterIssue> = []
  if (w.to < w.from) issues.push({ path: ["to"], issue: "PRG-5: the plan period ends before it starts" })
  let policy = 0
  w.goals.forEach((g, i) => {
    if (g.number !== i + 1) issues.push({ path: ["goals", i, "number"], issue: `PRG-5: goal ${g.number} should be numbered ${i + 1}` })
    g.policies.forEach((p, j) => {
      policy++
      if (p.number !== policy) {
        issues.push({ path: ["goals", i, "policies", j, "number"], issue: `PRG-5: policy ${p.number} should be numbered ${policy}` })
      }
    })
  })
  const { interimReview, nextPlan } = w.evaluation
  if (interimReview < w.from || interimReview > w.to) {
    issues.push({ path: ["evaluation", "interimReview"], issue: `KPI-10: the interim review (${interimReview}) must fall within ${w.from}–${w.to}` })
  }
  if (nextPlan <= w.to) {
    issues.push({ path: ["evaluation", "nextPlan"], issue: `KPI-10: the next plan (${nextPlan}) must come after ${w.to}` })
  }
  return issues
}))
/** The type of {@link WelfarePlan}. */
export type WelfarePlan = typeof WelfarePlan.Type

/** PRG-5: every basic policy, in number order, with the goal it belongs to. */
export const policies = (w: WelfarePlan): ReadonlyArray<BasicPolicy & { readonly goal: number }> =>
  w.goals.flatMap((g) => g.policies.map((p) => ({ ...p, goal: g.number })))

/** KPI-10: an evaluation milestone of the project. */
export interface Milestone {
  readonly year: number
  readonly kind: "interim-review" | "next-plan"
  readonly label: string
}

/** KPI-10: the project's evaluation milestones in year order (中間検証, 次期計画). */
export const milestones = (w: WelfarePlan): ReadonlyArray<Milestone> => [
  { year: w.evaluation.interimReview, kind: "interim-review", label: `${w.name} 中間検証（${w.evaluation.interimReview}年）` },
  { year: w.evaluation.nextPlan, kind: "next-plan", label: `次期地域福祉計画（${w.evaluation.nextPlan}年）` }
]
