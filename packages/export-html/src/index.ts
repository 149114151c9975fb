/**
 * `@kitakami-juso/export-html`: HTML exporter for kitakami-juso reports: one self-contained,
 * printable (A4) file with inline SVG charts of each indicator across the plan period.
 *
 * @packageDocumentation
 */
export * as HtmlExporter from "./HtmlExporter.ts"
