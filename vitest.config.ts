import { existsSync, readdirSync } from "node:fs"
import { defineConfig } from "vitest/config"

/**
 * One vitest project per workspace folder with a `test/` directory, named after the folder
 * (`packages/core` → `core`, `examples/quickstart` → `examples-quickstart`, `docs`, `scripts`), so
 * `pnpm vitest run --project core` runs one package. A new package needs no config of its own.
 */
const folders = [
  ...["packages", "examples"].flatMap((parent) => readdirSync(parent).map((name) => `${parent}/${name}`)),
  "docs",
  "scripts"
].filter((dir) => existsSync(`${dir}/test`))

const nameOf = (dir: string) => dir.replace(/^packages\//, "").replace("/", "-")

/** Longer limits where tests start processes, open a browser or run whole examples. */
const slow: Record<string, { testTimeout: number; hookTimeout?: number; globalSetup?: Array<string> }> = {
  cli: { testTimeout: 60_000 },
  // The site is built once, in a global setup with its progress printed (or reused when fresh).
  docs: { testTimeout: 180_000, hookTimeout: 60_000, globalSetup: ["./test/global-setup.ts"] },
  "examples-catalog": { testTimeout: 30_000 },
  "examples-custom-store": { testTimeout: 30_000 },
  "examples-quickstart": { testTimeout: 30_000 }
}

export default defineConfig({
  test: {
    projects: folders.map((dir) => ({
      extends: true,
      test: { name: nameOf(dir), root: dir, include: ["test/**/*.test.ts"], ...slow[nameOf(dir)] }
    }))
  }
})
