import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "export-xlsx",
    include: ["test/**/*.test.ts"]
  }
})
