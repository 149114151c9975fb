/**
 * Terminal text: one display-width function (East Asian Width, `get-east-asian-width`, per
 * grapheme: kanji, kana and full-width forms take two columns, combining marks none), aligned
 * tables, and report cells as the terminal shows them.
 *
 * @module
 */
import { Report } from "@kitakami-juso/core"
import { eastAsianWidth } from "get-east-asian-width"

const segmenter = new Intl.Segmenter("ja", { granularity: "grapheme" })
const zeroWidth = /^[\p{Mark}\p{Control}\p{Default_Ignorable_Code_Point}]+$/u

/** Display width of a string in terminal columns. */
export const width = (s: string): number => {
  let w = 0
  for (const { segment } of segmenter.segment(s)) {
    if (zeroWidth.test(segment)) continue
    w += /\p{Emoji_Presentation}/u.test(segment) ? 2 : eastAsianWidth(segment.codePointAt(0)!)
  }
  return w
}

/** Pad to a display width (left-aligned, or right-aligned for numbers). */
export const pad = (s: string, to: number, align: "left" | "right" = "left"): string => {
  const fill = " ".repeat(Math.max(0, to - width(s)))
  return align === "left" ? s + fill : fill + s
}

/** A table with a header row and a rule under it; columns whose cells all look numeric align right. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))))
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+ ?[%回件]?$|^[–-]$/.test(r[i] ?? "")))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((c, i) => pad(c, widths[i]!, numeric[i] ? "right" : "left")).join("  ").trimEnd()
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n")
}

/** Cut a string to at most `max` display columns, marking the cut with `…`. */
export const truncate = (s: string, max: number): string => {
  if (width(s) <= max) return s
  let out = ""
  for (const { segment } of segmenter.segment(s)) {
    if (width(out + segment) > max - 1) break
    out += segment
  }
  return `${out}…`
}

/** A report cell as the terminal shows it: percentages with one decimal, shares of `%` units with one decimal, ○/× for booleans. */
export const cell = (column: Report.Column, value: Report.Cell | null | undefined, row: Report.Row): string => {
  if (value === null || value === undefined) return "–"
  switch (column.kind) {
    case "percent":
      return `${Report.displayNumber(column, Number(value))}%`
    case "decimal":
      // Survey shares with one decimal as the plan prints them (58.0); counts as whole numbers.
      return column.decimals !== undefined
        ? Report.displayNumber(column, Number(value))
        : row.unit === "%" || !Number.isInteger(value)
        ? Number(value).toFixed(1)
        : String(value)
    case "boolean":
      return value ? "○" : "×"
    case "datetime":
      return (value as Date).toISOString()
    default:
      return String(value)
  }
}
