/** The bytes of the sheet XML, written into chunks handed over whole. @internal */

/**
 * The bytes of the sheet XML, written into a chunk from `take` and handed to `sink` (the first
 * `length` bytes) when full or on `flush`; the sink owns the chunk from then on (it is not copied),
 * and the writer goes on in the next one from `take`. A value longer than a chunk gets a chunk of
 * its own size.
 */
export const byteWriter = (take: () => Buffer, sink: (chunk: Buffer, length: number) => void) => {
  let buf = take()
  let pos = 0
  const flush = () => {
    if (pos === 0) return
    sink(buf, pos)
    buf = take()
    pos = 0
  }
  const room = (n: number) => {
    if (pos + n > buf.length) flush()
    if (n > buf.length) buf = Buffer.allocUnsafe(n)
  }
  const uint = (n: number) => {
    room(16)
    let digits = 1
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++
    for (let i = digits - 1, x = n; i >= 0; i--, x = Math.floor(x / 10)) buf[pos + i] = 48 + (x % 10)
    pos += digits
  }
  return {
    flush,
    bytes: (b: Buffer) => {
      room(b.length)
      pos += b.copy(buf, pos)
    },
    /** Any text: at most 3 bytes per UTF-16 code unit. */
    utf8: (s: string) => {
      room(s.length * 3)
      pos += buf.write(s, pos, "utf8")
    },
    /** A positive integer in decimal, without making a string. */
    uint,
    /**
     * A finite number as `String(n)` writes it. Not through `String(n)`: V8 puts the text of a
     * non-integer number into its number-to-string cache and allocates it in the old generation
     * directly, which made the number cells of a long export most of the old generation's garbage
     * (and of the peak memory). Safe non-negative integers are written digit by digit;
     * `JSON.stringify` writes any other finite number as `String` does, into a young string.
     */
    number: (n: number) => {
      if (n >= 0 && Number.isSafeInteger(n)) uint(n)
      else {
        const s = JSON.stringify(n)
        room(s.length)
        pos += buf.write(s, pos, "latin1")
      }
    }
  }
}
