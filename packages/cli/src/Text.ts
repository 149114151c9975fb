/**
 * Plain-text tables for the terminal, aligned for Japanese: full-width characters (kanji, kana,
 * full-width forms) take two columns, half-width kana and ASCII one.
 *
 * @module
 */

const wide = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u

/** Display width of a string in terminal columns. */
export const width = (s: string): number => {
  let w = 0
  for (const ch of s) w += wide.test(ch) ? 2 : 1
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
  for (const ch of s) {
    if (width(out + ch) > max - 1) break
    out += ch
  }
  return `${out}…`
}
