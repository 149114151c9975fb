/**
 * A worksheet's XML stream, written straight into the zip's deflate stream in reused chunks, with
 * back-pressure.
 *
 * exceljs writes a sheet into a `StreamBuf` that copies every 64 KiB of XML into a newly
 * allocated, zero-filled buffer and pipes it to archiver through a `PassThrough`, ignoring the
 * return value of `write`. On a 500,000-row register that was ~225 MB of short-lived buffers
 * outside the V8 heap; those alive at a young-generation collection were promoted, and V8 frees
 * promoted buffers only at its next full collection, which came after ~60 MB of them had piled
 * up. Here the workbook opens its worksheets as a `SheetStream` instead. archiver takes a real
 * `Readable` as it is and, when it reaches the entry, pipes it into the entry's deflate stream
 * (`source.pipe(deflate)`); the sheet stream then writes its chunks to that stream itself: so it
 * knows from each write's callback when a chunk has been compressed and can be filled again (the
 * row writer takes its chunks from {@link SheetStream.emptyChunk}), and the row writer waits
 * ({@link SheetStream.room}) while the deflate stream asks it to. A sheet of any length then uses
 * a handful of 64 KiB chunks (four on a 500,000-row register).
 *
 * @internal
 */
import { Readable } from "node:stream"
import { Effect } from "effect"

/** The size of the chunks the row writer fills: 64 KiB, as exceljs'. */
export const CHUNK = 64 * 1024

/** exceljs' `StringBuf` (its reused XML buffer): bytes in `_buf` up to `length`. */
interface StringBufLike {
  readonly _buf: Buffer
  readonly length: number
}

/** A worksheet's XML stream: exceljs writes through `write`/`end`, the row writer hands over whole chunks. */
export class SheetStream extends Readable {
  /** The entry's deflate stream, once archiver has reached this entry. */
  private dest: NodeJS.WritableStream | undefined
  /** Chunks written before that, in order. */
  private readonly queued: Array<Buffer> = []
  private queuedBytes = 0
  private ended = false
  /** Whether the deflate stream asked to wait (`write` returned false) and has not drained since. */
  private blocked = false
  /** Whether the deflate stream is gone (closed after an error): nothing more is written or awaited. */
  private gone = false
  /** Chunks the deflate stream has finished with, for {@link emptyChunk}. */
  private readonly free: Array<Buffer> = []
  private readonly waiters: Array<() => void> = []

  /** Nothing to read: archiver only pipes this stream, and {@link pipe} writes to the destination. */
  override _read(): void {}

  /** A 64 KiB chunk to fill: one the deflate stream has finished with, or a new one. */
  emptyChunk(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(CHUNK)
  }

  /** Hand over the first `length` bytes of `chunk` (from {@link emptyChunk}, or any buffer the caller lets go of). */
  pushChunk(chunk: Buffer, length: number): void {
    if (length > 0) this.send(chunk.subarray(0, length), chunk.length === CHUNK ? chunk : undefined)
  }

  /** exceljs' writes (the sheet's head, header rows, tail): text, its `StringBuf`, or bytes, copied. */
  write(data: string | Buffer | StringBufLike): boolean {
    const bytes = typeof data === "string"
      ? Buffer.from(data, "utf8")
      : Buffer.from(Buffer.isBuffer(data) ? data : data._buf.subarray(0, data.length))
    if (bytes.length > 0) this.send(bytes, undefined)
    return true
  }

  /** exceljs' end of the sheet. `zipped` is the event exceljs waits for on uncommitted sheets. */
  end(): this {
    this.ended = true
    if (this.dest !== undefined) this.dest.end()
    this.emit("zipped")
    return this
  }

  /** archiver's `source.pipe(deflate)`: write what was queued, then every chunk as it comes. */
  override pipe<T extends NodeJS.WritableStream>(dest: T): T {
    this.dest = dest
    dest.on("drain", () => {
      this.blocked = false
      this.wake()
    })
    // The zip reports the error itself when the workbook is finished; the rows must not wait for it.
    dest.once("close", () => {
      this.gone = true
      this.wake()
    })
    for (const bytes of this.queued.splice(0)) this.send(bytes, undefined)
    this.queuedBytes = 0
    if (this.ended) dest.end()
    this.wake()
    return dest
  }

  private send(bytes: Buffer, reusable: Buffer | undefined): void {
    const dest = this.dest
    if (this.gone) return
    if (dest === undefined) {
      // Not piped yet: keep the bytes (a reusable chunk is not reused then).
      this.queued.push(bytes)
      this.queuedBytes += bytes.length
      return
    }
    // The write callback runs once the deflate stream has compressed the chunk (its input is consumed).
    const ok = reusable === undefined
      ? dest.write(bytes)
      : dest.write(bytes, (e) => {
        if (e == null) this.free.push(reusable)
      })
    if (!ok) this.blocked = true
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  /** Whether the row writer should wait before writing more: the deflate stream asked, or a chunk waits for archiver. */
  get full(): boolean {
    return this.dest === undefined ? this.queuedBytes >= CHUNK : this.blocked && !this.gone
  }

  /**
   * Wait until the row writer may write more, or until `abort` fires (the file sink failed: the
   * zip will not read on; the row writer then reports the sink's error).
   */
  room(abort: NodeJS.EventEmitter): Effect.Effect<void> {
    if (!this.full) return Effect.void
    return Effect.callback<void>((resume) => {
      const stop = () => {
        abort.off("error", done)
        abort.off("close", done)
        const i = this.waiters.indexOf(done)
        if (i >= 0) this.waiters.splice(i, 1)
      }
      function done() {
        stop()
        resume(Effect.void)
      }
      this.waiters.push(done)
      abort.on("error", done)
      abort.on("close", done)
      // Interrupted while waiting: leave no listener behind.
      return Effect.sync(stop)
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
