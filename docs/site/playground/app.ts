/**
 * The playground's page script: walks the story (with the chosen variants) one step at a time
 * through core in the browser and lists each outcome: the events, or the refusal with its rule
 * (PLN-9), or the disclosure answer with its `because` (ACC-1, CNS-6). Only roles, ids and rule
 * messages are shown, never the household's names (AUD-2).
 */
import { type Outcome, type Session, session } from "./run.ts"
import { type Step, withVariants } from "./story.ts"

export const mount = (root: HTMLElement): void => {
  const ja = root.dataset.lang === "ja"
  const rulesBase = root.dataset.rules ?? "/rules/"
  const t = (j: string, e: string) => (ja ? j : e)
  const list = root.querySelector<HTMLOListElement>("#pg-steps")!
  const status = root.querySelector<HTMLElement>("#pg-status")!
  let steps: ReadonlyArray<Step> = []
  let current: Session | null = null
  let index = 0

  const ruleLink = (rule: string): HTMLAnchorElement => {
    const a = document.createElement("a")
    a.href = `${rulesBase}${rule.toLowerCase()}/`
    a.textContent = rule
    a.className = "pg-rule"
    return a
  }

  const show = (step: Step, outcome: Outcome) => {
    const li = document.createElement("li")
    li.dataset.step = step.id
    li.dataset.outcome = outcome.kind
    const head = document.createElement("div")
    head.textContent = `${step.kind === "ask" ? "？ " : ""}${t(step.ja, step.en)}`
    const body = document.createElement("div")
    if (outcome.kind === "accepted") {
      body.className = "ok"
      body.textContent = `✓ ${outcome.events.map((e) => e._tag).join(" + ")}`
    } else if (outcome.kind === "refused") {
      body.className = "refused"
      body.append(`✗ ${t("拒否", "refused")} `)
      if (outcome.rule !== null) body.append(ruleLink(outcome.rule), " ")
      body.append(`— ${outcome.message}`)
    } else {
      body.className = "answer"
      body.append(`${outcome.allowed ? t("可", "allowed") : t("不可", "denied")} — because `, ruleLink(outcome.rule), `: ${outcome.explanation}`)
    }
    li.append(head, body)
    list.append(li)
  }

  const reset = async () => {
    const chosen = [...root.querySelectorAll<HTMLInputElement>("input[name=variant]:checked")].map((i) => i.value)
    steps = withVariants(chosen)
    list.replaceChildren()
    index = 0
    current = await session()
    status.textContent = t(`準備完了：${steps.length} ステップ`, `Ready: ${steps.length} steps`)
  }

  const next = async (): Promise<boolean> => {
    if (current === null) await reset()
    const step = steps[index]
    if (step === undefined) return false
    index++
    show(step, await current!.next(step))
    status.textContent = index < steps.length
      ? t(`${index} / ${steps.length} ステップ`, `${index} / ${steps.length} steps`)
      : t("最後まで実行しました", "All steps done")
    return true
  }

  root.querySelector("#pg-next")!.addEventListener("click", () => void next())
  root.querySelector("#pg-all")!.addEventListener("click", async () => {
    while (await next()) { /* one step after the other */ }
  })
  root.querySelector("#pg-reset")!.addEventListener("click", () => void reset())
  for (const box of root.querySelectorAll("input[name=variant]")) box.addEventListener("change", () => void reset())
  void reset().then(() => root.setAttribute("data-ready", "true"))
}
