/** Entry for browser-bundle.test.ts: the playground's engine, run over the whole story. */
import { runAll } from "../site/playground/run.ts"
import { story } from "../site/playground/story.ts"

export const outcomes = async () =>
  (await runAll(story)).map((o, i) => ({ id: story[i]!.id, kind: o.kind, ...(o.kind === "refused" && o.rule !== null ? { rule: o.rule } : {}) }))
