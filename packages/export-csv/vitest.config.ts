import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "export-csv",
    include: ["test/**/*.test.ts"]
  }
})
