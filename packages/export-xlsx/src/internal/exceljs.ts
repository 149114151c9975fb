/** The parts of exceljs loaded: its streaming workbook writer and its value types. @internal */
import { createRequire } from "node:module"
import type ExcelJS from "exceljs"

const requireCjs = createRequire(import.meta.url)
/**
 * Only exceljs' streaming writer is loaded, not the package's entry point, which also loads its
 * readers, CSV support and zip-reading stack: about 15 MB less resident memory per process.
 */
export const WorkbookWriter = requireCjs("exceljs/lib/stream/xlsx/workbook-writer.js") as typeof ExcelJS.stream.xlsx.WorkbookWriter
/** exceljs' cell value types (`ExcelJS.ValueType`), for its style manager. */
export const { ValueType } = requireCjs("exceljs/lib/doc/enums.js") as { readonly ValueType: typeof ExcelJS.ValueType }
