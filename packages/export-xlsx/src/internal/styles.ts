/** Cell styles of the XLSX sheets: number formats by column kind and the two header rows' looks. @internal */
import type { Report } from "@kitakami-juso/core"
import type ExcelJS from "exceljs"

/** Number formats by column kind. */
export const NUM_FMT: Partial<Record<Report.ColumnKind, string>> = {
  integer: "#,##0",
  percent: "0.0%",
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss"
}

/**
 * A data column's style: number formats by kind (`0.0` / `0.0%` from `column.decimals`), text
 * wrapped at the top so long indicator names are not clipped.
 */
export const columnStyle = (c: Report.Column): Partial<ExcelJS.Style> => {
  const places = c.decimals === undefined ? "" : c.decimals > 0 ? `.${"0".repeat(c.decimals)}` : ""
  const numFmt = c.kind === "decimal" && c.decimals !== undefined
    ? `#,##0${places}`
    : c.kind === "percent"
    ? `0${c.decimals === undefined ? ".0" : places}%`
    : NUM_FMT[c.kind]
  return {
    ...(numFmt === undefined ? {} : { numFmt }),
    alignment: c.kind === "text" ? { vertical: "top", wrapText: true } : { vertical: "top" }
  }
}

/** Row 1: Japanese labels, bold, filled. */
export const headerJaStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E2F3" } },
  alignment: { vertical: "middle", wrapText: true },
  border: { bottom: { style: "thin", color: { argb: "FF8EA9DB" } } }
}
/** Row 2: English labels, italic, lighter fill. */
export const headerEnStyle: Partial<ExcelJS.Style> = {
  font: { italic: true, color: { argb: "FF404040" } },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFEDF1F9" } },
  alignment: { vertical: "middle", wrapText: true },
  border: { bottom: { style: "medium", color: { argb: "FF8EA9DB" } } }
}
