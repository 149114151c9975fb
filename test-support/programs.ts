/**
 * The outside programs some tests need — Chromium, LibreOffice (soffice), pdftotext — each found
 * at the path in ONE variable (`CHROMIUM_PATH`, `SOFFICE_PATH`, `PDFTOTEXT_PATH`; defaults in
 * /usr/bin). Locally a test that needs a missing program is skipped with a one-line reason; in CI
 * (`CI` set, where .ci/run installs them) it runs and fails, so a missing install is never silent.
 * Pointing a variable at nothing (e.g. `CHROMIUM_PATH=/nonexistent`) behaves like a machine
 * without the program.
 */
import { accessSync, constants } from "node:fs"

export interface Program {
  readonly name: string
  readonly variable: string
  readonly path: string
  readonly found: boolean
  readonly install: string
}

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const program = (name: string, variable: string, fallback: string, install: string): Program => {
  const path = process.env[variable] || fallback
  return { name, variable, path, found: executable(path), install }
}

export const chromium = program("Chromium", "CHROMIUM_PATH", "/usr/bin/chromium", "apt-get install -y chromium fonts-noto-cjk")
export const soffice = program("LibreOffice", "SOFFICE_PATH", "/usr/bin/soffice", "apt-get install -y libreoffice-calc")
export const pdftotext = program("pdftotext", "PDFTOTEXT_PATH", "/usr/bin/pdftotext", "apt-get install -y poppler-utils")

/** Set in CI, where the programs are installed: a missing one fails instead of skipping. */
export const inCi = (process.env.CI ?? "") !== "" && process.env.CI !== "false"

/** Headless Chromium's flags for this machine kind. */
export const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]

const missing = (programs: ReadonlyArray<Program>) => programs.filter((p) => !p.found)

/** Why the test is skipped (one line), or `undefined` when it runs: all programs found, or in CI. */
export const skipReason = (...programs: ReadonlyArray<Program>): string | undefined => {
  const m = missing(programs)
  return m.length === 0 || inCi ? undefined : `skipped: ${m.map((p) => `${p.name} not at ${p.path} (set ${p.variable}, or ${p.install})`).join("; ")}`
}

/** A test-title suffix: "" when the test runs, else " (skipped: …)". */
export const skipNote = (...programs: ReadonlyArray<Program>): string => {
  const reason = skipReason(...programs)
  return reason === undefined ? "" : ` (${reason})`
}

/** Inside a test: fail with what to install when a program is missing (reached in CI only). */
export const requirePrograms = (...programs: ReadonlyArray<Program>): void => {
  const m = missing(programs)
  if (m.length > 0) {
    throw new Error(`CI is set but ${m.map((p) => `${p.name} is missing at ${p.path} (${p.variable}); the CI machine must run: ${p.install}`).join("; ")}`)
  }
}
