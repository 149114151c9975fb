import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "docs",
    include: ["test/**/*.test.ts"],
    // The site is built once, before any suite, with its progress printed (or reused when fresh).
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000
  }
})
