/**
 * Writing an export to its sink (KPI-10, AUD-2): the file and stream side of the exporter port,
 * shared by every exporter adapter. Part of `@kitakami-juso/core/adapter` — the main entry does
 * no I/O.
 *
 * - A path is written to a hidden temporary file beside it, created 0600 (exports may hold
 *   personal data; the rename keeps the mode), and renamed over the target on success; on any
 *   failure or interruption the temporary file is removed, so the path never holds half a report.
 * - A path that exists and is not a regular file — a device such as `/dev/stdout`, a FIFO, or a
 *   symlink to one — is opened and written in place, never renamed over.
 * - A stream is written with back-pressure and ended.
 *
 * @module
 */
import { randomBytes } from "node:crypto"
import { createWriteStream, statSync } from "node:fs"
import { rename, rm } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import type { Writable } from "node:stream"
import { finished } from "node:stream/promises"
import { Effect } from "effect"
import { ExportError, type Sink, SinkFailure } from "./Exporter.ts"

/** Files an export creates: readable and writable by their owner only. */
export const FILE_MODE = 0o600

const sinkFailure = (message: string) => (cause: unknown) => new ExportError({ reason: new SinkFailure({ message, cause }) })

/**
 * A Node writable with an error latch: the first `error` event is remembered and reported by the
 * next {@link write}, so a dead sink fails the export instead of hanging it.
 */
export interface Output {
  readonly stream: Writable
  /** The first error the stream emitted, if any. */
  readonly error: () => unknown
}

const watch = (stream: Writable): Output => {
  let error: unknown = undefined
  stream.on("error", (e) => {
    if (error === undefined) error = e ?? new Error("stream error")
  })
  return { stream, error: () => error }
}

/** Write a chunk, waiting for `drain` when the stream asks for it (back-pressure). */
export const write = (out: Output, chunk: string | Uint8Array): Effect.Effect<void, ExportError> => {
  const failed = out.error()
  if (failed !== undefined) return Effect.fail(sinkFailure("the sink failed")(failed))
  if (out.stream.write(chunk)) return Effect.void
  return Effect.callback<void, ExportError>((resume) => {
    const done = () => {
      out.stream.off("drain", done)
      out.stream.off("error", done)
      out.stream.off("close", done)
      const e = out.error()
      resume(e === undefined ? Effect.void : Effect.fail(sinkFailure("the sink failed")(e)))
    }
    out.stream.on("drain", done)
    out.stream.on("error", done)
    out.stream.on("close", done)
  })
}

const endAndWait = (out: Output): Effect.Effect<void, ExportError> =>
  Effect.tryPromise({
    try: async () => {
      if (!out.stream.writableEnded) out.stream.end()
      await finished(out.stream)
      const e = out.error()
      if (e !== undefined) throw e
    },
    catch: sinkFailure("the sink could not be finished")
  })

/** The temporary file a path sink is written to before the rename: hidden, beside the target. */
export const temporaryPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`)

/** True when `path` exists and is not a regular file (following symlinks): written in place. */
export const isSpecialFile = (path: string): boolean => {
  try {
    return !statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * Open a sink, run `body` on it, then finish it. For a path: write `.<name>.<random>.tmp` beside
 * it, rename over the target on success, remove the temporary file on failure or interruption.
 * For a stream: `body` writes, then the stream is ended (unless `body` ended it) and awaited.
 */
export const writeToSink = <A, E>(
  sink: Sink,
  body: (out: Output) => Effect.Effect<A, E>
): Effect.Effect<A, E | ExportError> => {
  if (typeof sink !== "string") {
    return Effect.suspend(() => {
      const out = watch(sink)
      return Effect.flatMap(body(out), (a) => Effect.as(endAndWait(out), a))
    })
  }
  if (isSpecialFile(sink)) {
    return Effect.suspend(() => {
      const out = watch(createWriteStream(sink, { flags: "w" }))
      return Effect.flatMap(body(out), (a) => Effect.as(endAndWait(out), a))
    })
  }
  return Effect.suspend(() => {
    const tmp = temporaryPathFor(sink)
    let out: Output | undefined
    const open = Effect.callback<Output, ExportError>((resume) => {
      const s = createWriteStream(tmp, { flags: "wx", mode: FILE_MODE })
      const onError = (e: unknown) => resume(Effect.fail(sinkFailure(`cannot open ${tmp}`)(e)))
      s.once("error", onError)
      s.once("open", () => {
        s.off("error", onError)
        out = watch(s)
        resume(Effect.succeed(out))
      })
    })
    const cleanup = Effect.promise(async () => {
      if (out !== undefined && !out.stream.destroyed) out.stream.destroy()
      if (out !== undefined) await finished(out.stream).catch(() => undefined)
      await rm(tmp, { force: true }).catch(() => undefined)
    })
    return open.pipe(
      Effect.flatMap((o) => body(o)),
      Effect.tap(() => endAndWait(out!)),
      Effect.tap(() =>
        Effect.tryPromise({ try: () => rename(tmp, sink), catch: sinkFailure(`cannot rename the temporary file to ${sink}`) })
      ),
      Effect.onExit((exit) => exit._tag === "Success" ? Effect.void : cleanup)
    )
  })
}

/**
 * A string buffer that flushes to the output when it grows past `highWaterMark` characters,
 * encoding with `encode` (UTF-8 by default).
 */
export const makeTextWriter = (
  out: Output,
  options?: {
    readonly highWaterMark?: number
    readonly encode?: (s: string) => Uint8Array
  }
): {
  /** Append text; flushes (with back-pressure) when the buffer is full. */
  readonly push: (s: string) => Effect.Effect<void, ExportError>
  /** Append text without flushing (call `flush` or `push` soon after). */
  readonly append: (s: string) => void
  readonly flush: Effect.Effect<void, ExportError>
} => {
  const hwm = options?.highWaterMark ?? 64 * 1024
  const encode = options?.encode ?? ((s: string) => Buffer.from(s, "utf8"))
  let parts: Array<string> = []
  let size = 0
  const flush = Effect.suspend(() => {
    if (size === 0) return Effect.void
    const text = parts.join("")
    parts = []
    size = 0
    return write(out, encode(text))
  })
  return {
    append: (s) => {
      parts.push(s)
      size += s.length
    },
    push: (s) => {
      parts.push(s)
      size += s.length
      return size >= hwm ? flush : Effect.void
    },
    flush
  }
}
