import { defineConfig } from "tsup"

/** The one build every published package uses: ESM + `.d.ts` for Node ≥ 22 (see docs/ARCHITECTURE.md). */
export const packageConfig = (entry: ReadonlyArray<string> = ["src/index.ts"]) =>
  defineConfig({
    entry: [...entry],
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node22",
    // Keep `node:` specifiers: `node:sqlite` has no bare form, so `import "sqlite"` fails to load.
    removeNodeProtocol: false
  })
