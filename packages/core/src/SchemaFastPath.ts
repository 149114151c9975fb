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
 * `compileEncoder(schema)` is the same walk the other way, for values the program built (the
 * command's digest, the stored payloads): each node's checks on its value, a declaration's own
 * parser then its link's encoding getter, objects in the schema's key order with unknown keys
 * dropped (as `Schema.encodeSync` does), and only unions whose member order cannot change the
 * result. {@link encodeSync} tries it first and gives every value it does not accept (and its
 * error) to the interpreter; the tests prove the same JSON, key order included, on every member.
 *
 * Why: the interpreter runs every field through Effect's general machinery (a transformation per
 * instant or personal field costs about a microsecond), which made decoding stored events the
 * slowest step of reading the history (issue 14). Schema's own JIT compiler does not compile
 * declarations nor `onExcessProperty`, and enabling it globally is a side effect on the user's
 * schemas.
 *
 * @module
 */
import { Exit, Redacted, Schema, SchemaAST } from "effect"

/** The fast path does not accept the input (or does not know the shape): ask the interpreter. */
export const NO: unique symbol = Symbol("SchemaFastPath.NO")

/** A compiled decoder: the decoded value, or {@link NO}. Never throws on JSON input. */
export type Decoder = (input: unknown) => unknown

type Node = SchemaAST.AST
type Check = NonNullable<Node["checks"]>[number]

const OPTIONS: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "error" }

/** Every filter of a node's checks passes (filter groups flattened). */
const passes = (checks: ReadonlyArray<Check>, value: unknown, ast: Node, options: SchemaAST.ParseOptions = OPTIONS): boolean => {
  for (const c of checks) {
    if (c._tag === "Filter") {
      if (c.run(value as never, ast, options) !== undefined) return false
    } else if (!passes(c.checks, value, ast, options)) return false
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

/**
 * A link's getter in one direction (`decode` or `encode`), called synchronously with the options
 * the interpreter passes that way; undefined when it is not a plain getter.
 */
const linkGetter = (
  link: SchemaAST.Link,
  direction: "decode" | "encode",
  options: SchemaAST.ParseOptions
): ((value: unknown) => unknown) | undefined => {
  const t = link.transformation
  if (t._tag !== "Transformation") return undefined
  const getter = t[direction] as { readonly _tag: string; readonly transform?: (...args: Array<unknown>) => unknown }
  switch (getter._tag) {
    case "Passthrough":
      return (v) => v
    case "Transform":
      return (v) => getter.transform!(v)
    case "TransformEffect":
      return (v) => {
        const r = getter.transform!(v, options)
        return Exit.isExit(r) && Exit.isSuccess(r) ? r.value : NO
      }
    default:
      return undefined
  }
}

/** One link's decoding getter (see {@link linkGetter}). */
const linkDecoder = (link: SchemaAST.Link) => linkGetter(link, "decode", OPTIONS)

/**
 * Structs in either direction: each named key through `child`'s compiled function, in the
 * schema's key order, optional keys left out when absent. Keys the schema does not name refuse
 * the input when decoding (`onExcessProperty: "error"`, which counts own keys the same way) and
 * are dropped when encoding (the default, `"ignore"`).
 */
const objectWalker = (
  ast: SchemaAST.Objects,
  child: (ast: Node) => Decoder | undefined,
  excess: "error" | "ignore"
): Decoder | undefined => {
  if (ast.indexSignatures.length > 0) return undefined
  const keys: Array<string> = []
  const optional: Array<boolean> = []
  const children: Array<Decoder> = []
  for (const p of ast.propertySignatures) {
    if (typeof p.name !== "string") return undefined
    const f = child(p.type)
    if (f === undefined) return undefined
    keys.push(p.name)
    optional.push(p.type.context?.isOptional === true)
    children.push(f)
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
      const v = children[i]!(record[key])
      if (v === NO) return NO
      out[key] = v
    }
    return excess === "ignore" || Reflect.ownKeys(record).length === present ? out : NO
  }
}

const objectDecoder = (ast: SchemaAST.Objects): Decoder | undefined => objectWalker(ast, build, "error")

/**
 * Tuples and arrays in either direction: each element through `child`'s compiled function (no
 * optional elements, at most one rest), the same length rules as the interpreter.
 */
const arrayWalker = (ast: SchemaAST.Arrays, child: (ast: Node) => Decoder | undefined): Decoder | undefined => {
  if (ast.rest.length > 1) return undefined
  const elements: Array<Decoder> = []
  for (const e of ast.elements) {
    if (e.context?.isOptional === true) return undefined
    const d = child(e)
    if (d === undefined) return undefined
    elements.push(d)
  }
  const rest = ast.rest.length === 1 ? child(ast.rest[0]!) : undefined
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

const arrayDecoder = (ast: SchemaAST.Arrays): Decoder | undefined => arrayWalker(ast, build)

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

// ---------------------------------------------------------------------------------------------
// Encoding: the same AST walked the other way (Type → Encoded), for values the program built.
// ---------------------------------------------------------------------------------------------

/** A compiled encoder: the encoded value, or {@link NO}. Never throws on a plain value. */
export type Encoder = (value: unknown) => unknown

/** The options `Schema.encodeSync` runs with when given none (`SchemaAST.defaultParseOptions`, empty). */
const ENCODE_OPTIONS: SchemaAST.ParseOptions = {}

/** One link's encoding getter (see {@link linkGetter}). */
const linkEncoder = (link: SchemaAST.Link) => linkGetter(link, "encode", ENCODE_OPTIONS)

/**
 * `Schema.Redacted` without options (a personal field, AUD-2), whose link encodes with
 * `Redacted.value`: the declaration's parser accepts a `Redacted` whose wrapped value its type
 * parameter decodes and wraps that value again, which `Redacted.value` then reads back. With a
 * transparent type parameter (a checked string) that is the wrapped value itself, once the
 * parameter's compiled decoder accepts it; so neither the interpreter nor a new `Redacted` is
 * needed. Undefined for any other declaration.
 */
const redactedValue = (ast: SchemaAST.Declaration, link: SchemaAST.Link): Encoder | undefined => {
  const representation = ast.annotations?.representation as { readonly id?: unknown; readonly payload?: unknown } | undefined
  if (representation?.id !== "effect/schema/Redacted" || representation.payload !== null) return undefined
  const getter = link.transformation._tag === "Transformation"
    ? (link.transformation.encode as { readonly _tag: string; readonly transform?: unknown })
    : undefined
  if (getter?._tag !== "Transform" || getter.transform !== Redacted.value) return undefined
  const parameter = ast.typeParameters[0]
  if (ast.typeParameters.length !== 1 || parameter === undefined || !isTransparent(parameter)) return undefined
  const check = build(parameter)
  if (check === undefined) return undefined
  return (value) => (Redacted.isRedacted(value) && check(Redacted.value(value)) !== NO ? Redacted.value(value) : NO)
}

/**
 * A declaration (DateTime, Redacted) encoded through its one link: the declaration's own parser
 * accepts the value (as the interpreter's first step), the link's getter encodes it, and the
 * encoded side's encoder validates the result (the instant's pattern, a name's length).
 * Declarations with their own checks or an encoding-specific parser are not compiled.
 */
const declarationEncoder = (ast: SchemaAST.Declaration): Encoder | undefined => {
  if (ast.encoding?.length !== 1 || (ast.checks?.length ?? 0) > 0) return undefined
  if (ast.encodingChecks !== undefined || ast.encodingRun !== undefined) return undefined
  const link = ast.encoding[0]!
  const to = encoderOf(link.to)
  const encode = linkEncoder(link)
  if (to === undefined || encode === undefined) return undefined
  const redacted = redactedValue(ast, link)
  if (redacted !== undefined) {
    return (value) => {
      const inner = redacted(value)
      return inner === NO ? NO : to(inner)
    }
  }
  // The type side as the interpreter parses it when encoding (SchemaAST.flip of the bare declaration).
  const typeSide = SchemaAST.flip(SchemaAST.toType(ast))
  if (typeSide._tag !== "Declaration") return undefined
  let run: ReturnType<SchemaAST.Declaration["run"]>
  try {
    run = typeSide.run(typeSide.typeParameters)
  } catch {
    // A declaration that cannot build its parser now is left to the interpreter.
    return undefined
  }
  return (value) => {
    const r = run(value, typeSide, ENCODE_OPTIONS)
    if (!Exit.isExit(r) || !Exit.isSuccess(r)) return NO
    const encoded = encode(r.value)
    return encoded === NO ? NO : to(encoded)
  }
}

const objectEncoder = (ast: SchemaAST.Objects): Encoder | undefined => objectWalker(ast, encoderOf, "ignore")

const arrayEncoder = (ast: SchemaAST.Arrays): Encoder | undefined => arrayWalker(ast, encoderOf)

/** True when a node encodes every value it accepts as that same value (no transformation inside). */
const isTransparent = (ast: Node): boolean => {
  if (ast.encoding !== undefined) return false
  switch (ast._tag) {
    case "String":
    case "Number":
    case "Boolean":
    case "Literal":
    case "TemplateLiteral":
      return true
    case "Union":
      return ast.types.every(isTransparent)
    default:
      return false
  }
}

/** The literal a member's required `key` must hold, when it is a plain literal. */
const literalAt = (ast: Node, key: string): SchemaAST.Literal["literal"] | undefined => {
  if (ast._tag !== "Objects" || ast.encoding !== undefined) return undefined
  const p = ast.propertySignatures.find((s) => s.name === key)
  if (p === undefined || p.type.context?.isOptional === true) return undefined
  const t = p.type
  return t._tag === "Literal" && t.encoding === undefined && (t.checks?.length ?? 0) === 0 ? t.literal : undefined
}

/**
 * A union whose encoding cannot depend on which member the interpreter tries first: either every
 * member is transparent (the value is its own encoding), or the members are objects told apart by
 * distinct literals of one required key (only one member can accept a value). Other unions are
 * not compiled.
 */
const unionEncoder = (ast: SchemaAST.Union): Encoder | undefined => {
  const members: Array<Encoder> = []
  for (const t of ast.types) {
    const d = encoderOf(t)
    if (d === undefined) return undefined
    members.push(d)
  }
  if (ast.types.every((t) => t._tag === "Literal" && t.checks === undefined && t.encoding === undefined)) {
    const values = new Set(ast.types.map((t) => (t as SchemaAST.Literal).literal))
    return (value) => (values.has(value as never) ? value : NO)
  }
  if (ast.types.every(isTransparent)) {
    return (value) => {
      for (const m of members) if (m(value) !== NO) return value
      return NO
    }
  }
  const first = ast.types[0]
  if (first === undefined || first._tag !== "Objects") return undefined
  for (const p of first.propertySignatures) {
    const key = p.name
    if (typeof key !== "string") continue
    const byLiteral = new Map<unknown, Encoder>()
    ast.types.forEach((t, i) => {
      const literal = literalAt(t, key)
      if (literal !== undefined && !byLiteral.has(literal)) byLiteral.set(literal, members[i]!)
    })
    if (byLiteral.size !== ast.types.length) continue
    return (value) => {
      if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return NO
      const member = byLiteral.get((value as Record<string, unknown>)[key])
      return member === undefined ? NO : member(value)
    }
  }
  return undefined
}

/** The encoder of a node without its own checks, or undefined for a shape not compiled. */
const bareEncoder = (ast: Node): Encoder | undefined => {
  if (ast.encoding !== undefined) return ast._tag === "Declaration" ? declarationEncoder(ast) : undefined
  switch (ast._tag) {
    case "String":
    case "Number":
    case "Boolean":
    case "Literal":
    case "TemplateLiteral":
      // A leaf encodes as itself: the decoder's guard is its check.
      return bare(ast)
    case "Objects":
      return objectEncoder(ast)
    case "Arrays":
      return arrayEncoder(ast)
    case "Union":
      return unionEncoder(ast)
    default:
      return undefined
  }
}

const encoderOf = (ast: Node): Encoder | undefined => {
  const encode = bareEncoder(ast)
  const checks = ast.checks
  // A node's checks hold on its (type-side) value, before it is encoded; a template literal's guard ran them.
  if (encode === undefined || ast._tag === "TemplateLiteral" || checks === undefined || checks.length === 0) return encode
  return (value) => (passes(checks, value, ast, ENCODE_OPTIONS) ? encode(value) : NO)
}

/** A compiled function that answers {@link NO} where a hostile value (a throwing getter or proxy) throws: the interpreter decides. */
const guarded = (f: Decoder | undefined): Decoder | undefined =>
  f === undefined ? undefined : (value) => {
    try {
      return f(value)
    } catch {
      return NO
    }
  }

/**
 * The fast encoder of a schema (what `Schema.encodeSync(schema)` returns, for the values it
 * accepts), or undefined when its AST has a shape not compiled (then encode with the interpreter
 * only). {@link NO} means "ask the interpreter", which then gives the answer or the error.
 */
export const compileEncoder = (schema: Schema.Top): Encoder | undefined => guarded(encoderOf(schema.ast))

/**
 * The fast decoder of a schema, or undefined when its AST has a shape the fast path does not
 * know (then decode with the interpreter only).
 */
export const compile = (schema: Schema.Top): Decoder | undefined => guarded(build(schema.ast))

/**
 * `Schema.encodeSync(schema)` with the compiled encoder tried first: the same value for every
 * value the encoder accepts; any other value (and its error) is the interpreter's (issue 14).
 */
export const encodeSync = <S extends Schema.Top & { readonly EncodingServices: never }>(schema: S): (value: S["Type"]) => S["Encoded"] => {
  const slow = Schema.encodeSync(schema)
  const fast = compileEncoder(schema)
  if (fast === undefined) return slow
  return (value) => {
    const out = fast(value)
    return out === NO ? slow(value) : (out as S["Encoded"])
  }
}
