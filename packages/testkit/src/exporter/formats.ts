/**
 * What the kit checks by format, whatever the adapter declares: CSV is always held to formula
 * neutralisation (OWASP's triggers), so a vendor cannot opt out by not declaring it. @internal
 */
import type { Exporter } from "@kitakami-juso/core"
import type { Capabilities } from "../ExporterConformance.ts"

/** The leading characters that make Excel or LibreOffice run a CSV cell as a formula. */
export const CSV_FORMULA_TRIGGERS: ReadonlySet<string> = new Set(["=", "+", "-", "@", "\t", "\r"])

export const isCsv = (format: Exporter.FormatInfo) => format.mediaType === "text/csv" || format.extension === ".csv"
export const isJson = (format: Exporter.FormatInfo) => format.mediaType === "application/json"
export const isHtml = (format: Exporter.FormatInfo) => format.mediaType === "text/html"

/** The capabilities the kit holds a format to: declared ones, plus CSV's formula triggers. */
export const effective = (caps: Capabilities, format: Exporter.FormatInfo): Capabilities =>
  isCsv(format)
    ? { ...caps, formulaPrefix: new Set([...CSV_FORMULA_TRIGGERS, ...(caps.formulaPrefix ?? [])]) }
    : caps
