import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const dir = fileURLToPath(new URL("..", import.meta.url))
const run = () => execFileSync(process.execPath, ["main.ts"], { cwd: dir, encoding: "utf8", env: { ...process.env, TZ: "America/Los_Angeles" } })

describe("examples/read-side", () => {
  const output = run()

  it("PLN-1, AUD-2: lists the open case with ids and codes, never a name", () => {
    expect(output).toContain("c8050 open referred 2025-04-10T01:00:00.000Z by hokatsu-hondori centre hokatsu-hondori districts kurosawajiri-kita,kurosawajiri-nishi members p1,p2")
    expect(output).not.toMatch(/北上 (太郎|花子)/)
  })

  it("ACC-1, CNS-4, CNS-5, CNS-3, MTG-2: answers the disclosure questions with their reasons", () => {
    expect(output).toMatch(/shogai-kikan-sodan \/ individual-case-meeting \/ 2025-06-10T14:00: allowed \[CNS-4\] consent cn-p2/)
    expect(output).toMatch(/shogai-kikan-sodan \/ individual-case-meeting \/ 2025-10-10T14:00: denied \[CNS-5\] consent cn-p2 [^\n]* is withdrawn/)
    expect(output).toMatch(/city-hoken \/ support-meeting \/ 2025-06-10T14:00: allowed \[CNS-3\]/)
    expect(output).toMatch(/shogai-kikan-sodan \/ support-meeting \/ 2025-06-10T14:00: denied \[MTG-2\]/)
  })

  it("CNS-5: the withdrawn consent stays in the history", () => {
    expect(output).toContain("Consents of p2 on 2025-10-10: in force 0; history cn-p2 withdrawn")
  })
})
