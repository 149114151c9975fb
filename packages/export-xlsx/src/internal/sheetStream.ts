/**
 * A worksheet's XML as a Node `Readable` that the zip reads from directly, with back-pressure.
 *
 * exceljs writes a sheet into a `StreamBuf` that copies every 64 KiB of XML into a newly
 * allocated, zero-filled buffer and pipes it to archiver through a `PassThrough`, ignoring the
 * return value of `write`. On a 500,000-row register that is ~225 MB of short-lived buffers
 * outside the V8 heap; those alive at a young-generation collection are promoted, and V8 frees
 * promoted buffers only at its next full collection, which came after ~60 MB of them had piled
 * up. Here the workbook opens its worksheets as a `SheetStream` instead: archiver accepts a real
 * `Readable` as it is (no `PassThrough`), so the deflate stream reads the chunks as they are pushed,
 * and the row writer waits ({@link SheetStream.room}) while a chunk is still queued. At most a
 * chunk or two of XML is alive at a time, so almost no buffer lives long enough to be promoted.
 *
 * @internal
 */
import { Readable } from "node:stream"
import { Effect } from "effect"

/** The size of the chunks the row writer fills (and the queue limit): 64 KiB, as exceljs'. */
export const CHUNK = 64 * 1024

/** exceljs' `StringBuf` (its reused XML buffer): bytes in `_buf` up to `length`. */
interface StringBufLike {
  readonly _buf: Buffer
  readonly length: number
}

/** A worksheet's XML stream: exceljs writes through `write`/`end`, the row writer hands over whole chunks. */
export class SheetStream extends Readable {
  private readonly waiters: Array<() => void> = []
  /** Whether the reader takes more: `push` said so, or the stream asked since (`_read`). */
  private wanted = true

  constructor() {
    super({ highWaterMark: CHUNK })
  }

  /** Queue bytes the caller will not touch again (the row writer's filled chunks). */
  pushChunk(bytes: Buffer): void {
    if (bytes.length > 0) this.wanted = this.push(bytes)
  }

  /** exceljs' writes (the sheet's head, header rows, tail): text, its `StringBuf`, or bytes, copied. */
  write(data: string | Buffer | StringBufLike): boolean {
    if (typeof data === "string") this.pushChunk(Buffer.from(data, "utf8"))
    else if (Buffer.isBuffer(data)) this.pushChunk(Buffer.from(data))
    else this.pushChunk(Buffer.from(data._buf.subarray(0, data.length)))
    return true
  }

  /** exceljs' end of the sheet: no more XML. `zipped` is the event exceljs waits for on uncommitted sheets. */
  end(): this {
    this.push(null)
    this.emit("zipped")
    return this
  }

  /**
   * The stream wants more (it calls this once after a `push` said no, and not again until the
   * next `push`): wake the row writer.
   */
  override _read(): void {
    this.wanted = true
    for (const w of this.waiters.splice(0)) w()
  }

  /** Whether the queue is full: the row writer waits ({@link room}) before writing more. */
  get full(): boolean {
    return !this.wanted
  }

  /**
   * Wait until the reader wants more, or until `abort` fires (the file sink failed: the zip will
   * not read on; the row writer then reports the sink's error).
   */
  room(abort: NodeJS.EventEmitter): Effect.Effect<void> {
    if (this.wanted) return Effect.void
    return Effect.callback<void>((resume) => {
      const done = () => {
        abort.off("error", done)
        abort.off("close", done)
        this.off("close", done)
        const i = this.waiters.indexOf(done)
        if (i >= 0) this.waiters.splice(i, 1)
        resume(Effect.void)
      }
      this.waiters.push(done)
      abort.on("error", done)
      abort.on("close", done)
      this.on("close", done)
    })
  }
}

/** The parts of exceljs' streaming workbook `useSheetStreams` replaces or uses (exceljs 4.4 internals). */
interface WorkbookInternals {
  /** Opens the stream of a zip entry exceljs writes part by part (worksheets, their rels and comments). */
  _openStream(path: string): unknown
  /** archiver's zip, which reads a `Readable` entry as it is. */
  readonly zip: { append(source: Readable, data: { readonly name: string }): unknown }
}

/** Make the workbook open each worksheet's XML as a {@link SheetStream} (its other parts as exceljs does). */
export const useSheetStreams = (wb: object): void => {
  const internal = wb as WorkbookInternals
  const open = internal._openStream.bind(internal)
  internal._openStream = (path) => {
    if (!/^\/xl\/worksheets\/sheet\d+\.xml$/.test(path)) return open(path)
    const sheet = new SheetStream()
    internal.zip.append(sheet, { name: path })
    return sheet
  }
}
