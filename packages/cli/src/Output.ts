/**
 * Where an export goes (docs/cli.md): `-` is stdout; a path that exists and is not a regular
 * file (a device such as `/dev/stdout`, a FIFO, a symlink to one) is written in place, never
 * replaced; any other path is written through the exporters' temporary file and renamed, so it
 * never holds half a report.
 *
 * @module
 */
import { createWriteStream, mkdirSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { Writable } from "node:stream"
import type { Exporter } from "@kitakami-juso/core"

/** Stdout as a sink the exporters may end without closing the process's stdout. */
const stdoutSink = (): Writable =>
  new Writable({
    write(chunk, _encoding, callback) {
      process.stdout.write(chunk as Buffer, (e) => callback(e ?? null))
    }
  })

/** True when `path` exists and is neither a regular file nor a folder (following symlinks). */
export const isSpecial = (path: string): boolean => {
  try {
    const s = statSync(path)
    return !s.isFile() && !s.isDirectory()
  } catch {
    return false
  }
}

/** The sink for an output path, and how to name it in messages. */
export const sinkFor = (path: string): { readonly sink: Exporter.Sink; readonly toStdout: boolean } => {
  if (path === "-") return { sink: stdoutSink(), toStdout: true }
  if (isSpecial(path)) return { sink: createWriteStream(path, { flags: "w" }), toStdout: false }
  mkdirSync(dirname(path), { recursive: true })
  return { sink: path, toStdout: false }
}
