/**
 * Parsing JSON text that may hold personal data (AUD-2): a syntax error says where — line and
 * column — and never quotes the text (the platform's own `JSON.parse` message does: a CSV passed
 * as JSON would print its first names and addresses).
 *
 * @module
 */
import { Result, Schema } from "effect"

/** The text is not JSON. `line` and `column` are 1-based; the text itself is never quoted. */
export class JsonSyntaxError extends Schema.TaggedError<JsonSyntaxError>("@kitakami-juso/core/JsonText/JsonSyntaxError")(
  "JsonSyntaxError",
  { message: Schema.String, line: Schema.Number, column: Schema.Number }
) {}

const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
const isDigit = (c: number) => c >= 0x30 && c <= 0x39

/**
 * The offset of the first syntax error in `text` (which `JSON.parse` refused), by a scan of the
 * JSON grammar (RFC 8259); `text.length` when the text ends too early.
 */
export const errorOffset = (text: string): number => {
  let i = 0
  const ws = () => {
    while (i < text.length && isWs(text.charCodeAt(i))) i++
  }
  const fail = (): never => {
    throw i
  }
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail()
  }
  const string = () => {
    i++ // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return
      }
      if (c < 0x20) fail()
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2
            fail()
          }
          i += 6
        } else if (e !== undefined && "\"\\/bfnrt".includes(e)) i += 2
        else {
          i++
          fail()
        }
      } else i++
    }
    fail()
  }
  const number = () => {
    if (text[i] === "-") i++
    if (text[i] === "0") i++
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++
    else fail()
    if (text[i] === ".") {
      i++
      if (!isDigit(text.charCodeAt(i))) fail()
      while (isDigit(text.charCodeAt(i))) i++
    }
    if (text[i] === "e" || text[i] === "E") {
      i++
      if (text[i] === "+" || text[i] === "-") i++
      if (!isDigit(text.charCodeAt(i))) fail()
      while (isDigit(text.charCodeAt(i))) i++
    }
  }
  const key = () => {
    ws()
    if (text[i] !== "\"") fail()
    string()
    ws()
    if (text[i] !== ":") fail()
    i++
  }
  const scalar = (c: string | undefined) => {
    if (c === "\"") string()
    else if (c === "t") literal("true")
    else if (c === "f") literal("false")
    else if (c === "n") literal("null")
    else if (c === "-" || (c !== undefined && isDigit(c.charCodeAt(0)))) number()
    else fail()
  }
  // A loop with an explicit stack of open containers, so deep nesting cannot overflow the call stack.
  const stack: Array<"[" | "{"> = []
  try {
    let expectValue = true
    for (;;) {
      ws()
      if (expectValue) {
        const c = text[i]
        if (c === "{" || c === "[") {
          i++
          ws()
          if (text[i] === (c === "{" ? "}" : "]")) {
            i++
            expectValue = false
          } else {
            stack.push(c)
            if (c === "{") key()
          }
        } else {
          scalar(c)
          expectValue = false
        }
        continue
      }
      const top = stack.at(-1)
      if (top === undefined) break
      if (text[i] === (top === "{" ? "}" : "]")) {
        stack.pop()
        i++
      } else if (text[i] === ",") {
        i++
        if (top === "{") key()
        expectValue = true
      } else fail()
    }
    return i < text.length ? i : text.length
  } catch (offset) {
    return typeof offset === "number" ? offset : 0
  }
}

/** Line and column (1-based, in characters) of an offset in `text`. */
export const position = (text: string, offset: number): { readonly line: number; readonly column: number } => {
  let line = 1
  let start = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++
      start = i + 1
    }
  }
  return { line, column: offset - start + 1 }
}

/** Parse JSON text; a syntax error gives its line and column and never the text (AUD-2). */
export const parse = (text: string): Result.Result<unknown, JsonSyntaxError> => {
  try {
    return Result.succeed(JSON.parse(text) as unknown)
  } catch {
    const at = position(text, errorOffset(text))
    return Result.fail(
      new JsonSyntaxError({ message: `not valid JSON at line ${at.line}, column ${at.column} (JSONの構文エラー)`, ...at })
    )
  }
}
