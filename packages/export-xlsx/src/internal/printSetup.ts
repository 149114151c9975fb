/** Print setup of a table's sheet: A4 landscape, header rows repeated. @internal */
import type { Report } from "@kitakami-juso/core"
import type ExcelJS from "exceljs"
import { columnWidth } from "./layout.ts"

/** Characters of column width an A4 landscape page holds at 100 % with default margins. */
const A4_LANDSCAPE_WIDTH = 140

/**
 * A4 landscape, header rows repeated on every page. A table up to 1.4 pages wide is fitted to
 * the page width (no smaller than about 70 %, still readable); a wider one prints at 75 % across
 * pages, repeating its first two columns (the indicator) on each.
 */
export const pageSetupFor = (table: Report.Table): Partial<ExcelJS.PageSetup> => {
  const total = table.columns.reduce((w, c) => w + columnWidth(c), 0)
  return total <= A4_LANDSCAPE_WIDTH * 1.4
    ? { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:2" }
    : { paperSize: 9, orientation: "landscape", fitToPage: false, scale: 75, printTitlesRow: "1:2", printTitlesColumn: "A:B" }
}
