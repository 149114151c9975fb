/** Back-pressure between row production and the zip. @internal */
import type { ExportSink } from "@kitakami-juso/core/adapter"
import { Effect } from "effect"
import type { SheetStream } from "./sheetStream.ts"

const yieldToIo = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/**
 * Wait while the sheet stream says so (its deflate stream asked to wait, and drains only as the
 * zip and the file sink take its output, so this is back-pressure from the file too; see
 * `SheetStream.room`); otherwise yield to I/O when `yieldNow` (every {@link ROWS_PER_YIELD} rows),
 * so that a table whose rows write little still lets the zip and the file stream make progress. A
 * failed sink ends the wait (the caller then reports its error).
 */
export const waitForZip = (sheet: SheetStream, out: ExportSink.Output, yieldNow: boolean): Effect.Effect<void> =>
  sheet.full ? sheet.room(out.stream) : yieldNow ? yieldToIo : Effect.void

/** Rows written between two yields to I/O. */
export const ROWS_PER_YIELD = 1024
