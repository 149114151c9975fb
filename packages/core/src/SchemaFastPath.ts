/**
 * A fast path for decoding valid plain-JSON input with a schema: a decoder compiled once from the
 * schema's own AST (its nodes, checks and transformations — no second copy of any shape), used
 * before Effect's interpreter and never instead of it for refusals (PLN-9, AUD-1).
 *
 * `compile(ast)` walks the AST once and builds closures for the node kinds the contract's
 * commands and events use: strings, numbers, booleans and literals with their checks
 * (`Filter.run`, the very predicates the interpreter runs), unions, arrays, objects with optional
 * keys, template literals (checked with the schema's own guard) and declarations reached through
 * one transformation link (`Instant`, `Redacted` personal fields: the link's own getter is
 * called). Unknown keys are refused, as `onExcessProperty: "error"` does.
 *
 * The decoder returns {@link NO} for any input it does not accept *and* for any shape it does not
 * know; the caller then runs the interpreter, which gives the answer and, on a refusal, every
 * issue. So the fast path can only speed up inputs the interpreter accepts; the tests prove that
 * on every event and command of a case and on mutations of each (`test/SchemaFastPath.test.ts`),
 * the fast path and the interpreter accept the same inputs and give the same values.
 *
 * Why: the interpreter runs every field through Effect's general machinery (a transformation per
 * instant or personal field costs about a microsecond), which made decoding stored events the
 * slowest step of reading the history (issue 14). Schema's own JIT compiler does not compile
 * declarations nor `onExcessProperty`, and enabling it globally is a side effect on the user's
 * schemas.
 *
 * @module
 */
import { Exit, Schema, SchemaAST } from "effect"

/** The fast path does not accept the input (or does not know the shape): ask the interpreter. */
export const NO: unique symbol = Symbol("SchemaFastPath.NO")

/** A compiled decoder: the decoded value, or {@link NO}. Never throws on JSON input. */
export type Decoder = (input: unknown) => unknown

type Node = SchemaAST.AST
type Check = NonNullable<Node["checks"]>[number]

const OPTIONS: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "error" }

/** Every filter of a node's checks passes (filter groups flattened). */
const passes = (checks: ReadonlyArray<Check>, value: unknown, ast: Node): boolean => {
  for (const c of checks) {
    if (c._tag === "Filter") {
      if (c.run(value as never, ast, OPTIONS) !== undefined) return false
    } else if (!passes(c.checks, value, ast)) return false
  }
  return true
}

const withChecks = (ast: Node, decode: Decoder): Decoder => {
  const checks = ast.checks
  if (checks === undefined || checks.length === 0) return decode
  return (input) => {
    const out = decode(input)
    return out !== NO && passes(checks, out, ast) ? out : NO
  }
}

/** One link's decoding getter, called synchronously; undefined when it is not a plain getter. */
const linkDecoder = (link: SchemaAST.Link): ((value: unknown) => unknown) | undefined => {
  const t = link.transformation
  if (t._tag !== "Transformation") return undefined
  const getter = t.decode as { readonly _tag: string; readonly transform?: (...args: Array<unknown>) => unknown }
  switch (getter._tag) {
    case "Passthrough":
      return (v) => v
    case "Transform":
      return (v) => getter.transform!(v)
    case "TransformEffect":
      return (v) => {
        const r = getter.transform!(v, OPTIONS)
        return Exit.isExit(r) && Exit.isSuccess(r) ? r.value : NO
      }
    default:
      return undefined
  }
}

const objectDecoder = (ast: SchemaAST.Objects): Decoder | undefined => {
  if (ast.indexSignatures.length > 0) return undefined
  const keys: Array<string> = []
  const optional: Array<boolean> = []
  const decoders: Array<Decoder> = []
  for (const p of ast.propertySignatures) {
    if (typeof p.name !== "string") return undefined
    const decode = build(p.type)
    if (decode === undefined) return undefined
    keys.push(p.name)
    optional.push(p.type.context?.isOptional === true)
    decoders.push(decode)
  }
  const n = keys.length
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return NO
    const record = input as Record<string, unknown>
    const out: Record<string, unknown> = {}
    let present = 0
    for (let i = 0; i < n; i++) {
      const key = keys[i]!
      if (!Object.hasOwn(record, key)) {
        if (optional[i]) continue
        return NO
      }
      present++
      const v = decoders[i]!(record[key])
      if (v === NO) return NO
      out[key] = v
    }
    // Unknown keys are refused (onExcessProperty: "error", which counts own keys the same way).
    return Reflect.ownKeys(record).length === present ? out : NO
  }
}

const arrayDecoder = (ast: SchemaAST.Arrays): Decoder | undefined => {
  if (ast.rest.length > 1) return undefined
  const elements: Array<Decoder> = []
  for (const e of ast.elements) {
    if (e.context?.isOptional === true) return undefined
    const d = build(e)
    if (d === undefined) return undefined
    elements.push(d)
  }
  const rest = ast.rest.length === 1 ? build(ast.rest[0]!) : undefined
  if (ast.rest.length === 1 && rest === undefined) return undefined
  return (input) => {
    if (!Array.isArray(input)) return NO
    if (input.length < elements.length || (rest === undefined && input.length > elements.length)) return NO
    const out = new Array<unknown>(input.length)
    for (let i = 0; i < input.length; i++) {
      const v = (i < elements.length ? elements[i]! : rest!)(input[i])
      if (v === NO) return NO
      out[i] = v
    }
    return out
  }
}

const unionDecoder = (ast: SchemaAST.Union): Decoder | undefined => {
  if (ast.types.every((t) => t._tag === "Literal" && t.checks === undefined && t.encoding === undefined)) {
    const values = new Set(ast.types.map((t) => (t as SchemaAST.Literal).literal))
    return (input) => (values.has(input as never) ? input : NO)
  }
  const members: Array<Decoder> = []
  for (const t of ast.types) {
    const d = build(t)
    if (d === undefined) return undefined
    members.push(d)
  }
  return (input) => {
    for (const m of members) {
      const v = m(input)
      if (v !== NO) return v
    }
    return NO
  }
}

/** The decoder of a node without its own checks, or undefined for a shape the fast path does not know. */
const bare = (ast: Node): Decoder | undefined => {
  if (ast.encoding !== undefined) {
    // A declaration (DateTime, Redacted) reached from its encoded form through one link.
    if (ast._tag !== "Declaration" || ast.encoding.length !== 1) return undefined
    const link = ast.encoding[0]!
    const from = build(link.to)
    const decode = linkDecoder(link)
    if (from === undefined || decode === undefined) return undefined
    return (input) => {
      const encoded = from(input)
      return encoded === NO ? NO : decode(encoded)
    }
  }
  switch (ast._tag) {
    case "String":
      return (input) => (typeof input === "string" ? input : NO)
    case "Number":
      return (input) => (typeof input === "number" ? input : NO)
    case "Boolean":
      return (input) => (typeof input === "boolean" ? input : NO)
    case "Literal": {
      const literal = ast.literal
      return (input) => (input === literal ? input : NO)
    }
    case "TemplateLiteral": {
      // The schema's own guard (a template literal is validated, never transformed).
      const is = Schema.is(Schema.make(ast))
      return (input) => (typeof input === "string" && is(input) ? input : NO)
    }
    case "Objects":
      return objectDecoder(ast)
    case "Arrays":
      return arrayDecoder(ast)
    case "Union":
      return unionDecoder(ast)
    default:
      return undefined
  }
}

const build = (ast: Node): Decoder | undefined => {
  const decode = bare(ast)
  // A template literal's guard already ran its checks.
  return decode === undefined || ast._tag === "TemplateLiteral" ? decode : withChecks(ast, decode)
}

/**
 * The fast decoder of a schema, or undefined when its AST has a shape the fast path does not
 * know (then decode with the interpreter only).
 */
export const compile = (schema: Schema.Top): Decoder | undefined => {
  const decode = build(schema.ast)
  if (decode === undefined) return undefined
  return (input) => {
    try {
      return decode(input)
    } catch {
      // A hostile input (a throwing getter or proxy): the interpreter decides.
      return NO
    }
  }
}
