import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "examples-read-side",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000
  }
})
