/** The bytes of the sheet XML, written into 64 KiB chunks handed over whole. @internal */
import { CHUNK } from "./sheetStream.ts"

/**
 * The bytes of the sheet XML, written into a 64 KiB chunk and handed to `sink` when full (or on
 * `flush`); the sink owns the chunk from then on (it is queued for the zip, not copied), and the
 * writer goes on in a new one.
 */
export const byteWriter = (sink: (bytes: Buffer) => void) => {
  let buf = Buffer.allocUnsafe(CHUNK)
  let pos = 0
  const flush = () => {
    if (pos === 0) return
    sink(buf.subarray(0, pos))
    buf = Buffer.allocUnsafe(CHUNK)
    pos = 0
  }
  const room = (n: number) => {
    if (pos + n > buf.length) flush()
    if (n > buf.length) buf = Buffer.allocUnsafe(n)
  }
  return {
    flush,
    bytes: (b: Buffer) => {
      room(b.length)
      pos += b.copy(buf, pos)
    },
    /** ASCII text (numbers). */
    ascii: (s: string) => {
      room(s.length)
      pos += buf.write(s, pos, "latin1")
    },
    /** Any text: at most 3 bytes per UTF-16 code unit. */
    utf8: (s: string) => {
      room(s.length * 3)
      pos += buf.write(s, pos, "utf8")
    },
    /** A positive integer in decimal, without making a string. */
    uint: (n: number) => {
      room(16)
      let digits = 1
      for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++
      for (let i = digits - 1, x = n; i >= 0; i--, x = Math.floor(x / 10)) buf[pos + i] = 48 + (x % 10)
      pos += digits
    }
  }
}
