/**
 * The rule playground in headless Chromium: core runs in the page, walks the "8050" household
 * and shows refused steps with their rule (PLN-9) and disclosure answers with their because
 * (ACC-1, CNS-6); changing a step changes the outcome. Skipped locally without Chromium
 * (`CHROMIUM_PATH`); fails in CI.
 */
import { describe, expect, it } from "vitest"
import * as Programs from "../../test-support/programs.ts"
import { useSite } from "./serve.ts"

const skip = Programs.skipReason(Programs.chromium)
const site = useSite(skip)

const run = async (path: string, variants: ReadonlyArray<string>) => {
  const page = await site.browser.newPage()
  const errors: Array<string> = []
  page.on("pageerror", (e) => errors.push(e.message))
  await page.goto(site.base + path)
  await page.locator(".pg[data-ready=true]").waitFor({ timeout: 30_000 })
  for (const v of variants) await page.check(`input[name=variant][value=${v}]`)
  // Done, or a script error (e.g. core calling a Node-only API in the browser): whichever comes first.
  const failed = page.waitForEvent("pageerror", { timeout: 60_000 }).catch(() => undefined)
  await page.click("#pg-all")
  await Promise.race([page.locator("#pg-status", { hasText: /最後まで|All steps done/ }).waitFor({ timeout: 60_000 }), failed])
  expect(errors).toEqual([])
  const steps = await page.$$eval("#pg-steps li", (lis) =>
    lis.map((li) => ({ step: (li as HTMLElement).dataset.step!, outcome: (li as HTMLElement).dataset.outcome!, text: li.textContent ?? "" })))
  await page.close()
  return { steps, errors }
}

describe.skipIf(skip !== undefined)(`rule playground in headless Chromium${Programs.skipNote(Programs.chromium)}`, () => {
  it("PLN-9, CNS-7, PLN-2: the story runs to the end; the mother is refused at the case meeting and the end at the support meeting, each with its rule", async () => {
    const { steps, errors } = await run("/playground/", [])
    expect(errors).toEqual([])
    expect(steps.length).toBeGreaterThan(20)
    const at = (id: string) => steps.find((s) => s.step === id)!
    expect(at("refer").outcome).toBe("accepted")
    expect(at("table-mother")).toMatchObject({ outcome: "refused" })
    expect(at("table-mother").text).toContain("CNS-7")
    expect(at("end-at-support-meeting").text).toContain("PLN-2")
    expect(at("end").outcome).toBe("accepted")
    expect(at("ask-before-consent")).toMatchObject({ outcome: "answer" })
    expect(at("ask-before-consent").text).toMatch(/不可 — because CNS-4/)
    expect(at("ask-after-consent").text).toMatch(/可 — because CNS-4/)
  })

  it("CNS-5: withdrawing consent turns the later answer to denied and refuses the plan (English page)", async () => {
    const { steps, errors } = await run("/en/playground/", ["withdraw-consent"])
    expect(errors).toEqual([])
    const at = (id: string) => steps.find((s) => s.step === id)!
    expect(at("withdraw").outcome).toBe("accepted")
    expect(at("ask-after-consent").text).toMatch(/denied — because CNS-5/)
    expect(at("draft")).toMatchObject({ outcome: "refused" })
    expect(at("draft").text).toContain("CNS-5")
  })

  it("MTG-2 and PLN-2: a member removed from the register, or a plan reviewed at the wrong meeting, is refused with its rule", async () => {
    const retired = await run("/playground/", ["retire-member"])
    expect(retired.steps.find((s) => s.step === "support-meeting")!.text).toContain("MTG-2")
    const wrong = await run("/playground/", ["wrong-meeting"])
    const review = wrong.steps.find((s) => s.step === "review")!
    expect(review.outcome).toBe("refused")
    expect(review.text).toContain("PLN-2")
  })
})
