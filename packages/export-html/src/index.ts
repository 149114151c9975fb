/**
 * @kitakami-juso/export-html: Self-contained HTML KPI report (inline SVG charts, A4 print) for kitakami-juso.
 *
 * @packageDocumentation
 */
export {}
