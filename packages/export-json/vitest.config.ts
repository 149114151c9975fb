import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "export-json",
    include: ["test/**/*.test.ts"]
  }
})
