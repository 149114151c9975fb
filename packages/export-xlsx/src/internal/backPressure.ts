/** Back-pressure between row production and exceljs' zip stream. @internal */
import { Effect } from "effect"

const yieldToIo = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/** Bytes a worksheet may have queued for the zip before row production waits. */
const SHEET_HIGH_WATER = 1024 * 1024

/**
 * Back-pressure for exceljs' streaming writer: a worksheet's buffer is piped into the zip through
 * a PassThrough whose writes exceljs does not await, so rows can outrun compression and pile up
 * in memory. Wait for that PassThrough to drain when it holds more than {@link SHEET_HIGH_WATER}
 * bytes; otherwise yield to I/O when `yieldNow` (every {@link ROWS_PER_YIELD} rows), so the zip and
 * the file stream make progress.
 */
export const waitForZip = (ws: unknown, yieldNow: boolean): Effect.Effect<void> => {
  const pipe = (ws as {
    stream?: { pipes?: Array<NodeJS.WritableStream & { writableLength?: number; _writableState?: { length?: number } }> }
  }).stream?.pipes?.[0]
  // archiver's PassThrough comes from readable-stream, which may lack `writableLength`.
  const queued = pipe === undefined ? undefined : pipe.writableLength ?? pipe._writableState?.length
  if (pipe === undefined || typeof queued !== "number" || queued <= SHEET_HIGH_WATER) return yieldNow ? yieldToIo : Effect.void
  return Effect.callback<void>((resume) => {
    const done = () => {
      pipe.off("drain", done)
      pipe.off("close", done)
      pipe.off("error", done)
      resume(Effect.void)
    }
    pipe.on("drain", done)
    pipe.on("close", done)
    pipe.on("error", done)
  })
}

/** Rows written between two yields to I/O. */
export const ROWS_PER_YIELD = 1024
