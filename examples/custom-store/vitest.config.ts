import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "examples-custom-store",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000
  }
})
