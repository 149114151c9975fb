import { DomainEvent } from "@kitakami-juso/core"
const seen = new Set()
const show = (ast: any, d = 0): string => {
  const pad = "  ".repeat(d)
  const enc = ast.encoding ? ` ENC[${ast.encoding.map((l: any) => l.transformation?._tag + ":" + (l.transformation?.constructor?.name)).join(",")}] -> ${"\n" + show(ast.encoding[ast.encoding.length - 1].to, d + 2)}` : ""
  const checks = ast.checks ? ` checks(${ast.checks.map((c: any) => c._tag + (c.annotations?.expected ? ":" + String(c.annotations.expected).slice(0, 20) : "") + (c.checks ? "[" + c.checks.length + "]" : "")).join(",")})` : ""
  const ctx = ast.context ? ` ctx(${Object.keys(ast.context).filter(k => ast.context[k] !== undefined).join(",")})` : ""
  let head = `${pad}${ast._tag}${checks}${ctx}`
  if (ast._tag === "Literal") head += ` ${JSON.stringify(ast.literal)}`
  if (ast._tag === "Objects") return head + enc + "\n" + ast.propertySignatures.map((p: any) => `${pad}  .${String(p.name)}:\n${show(p.type, d + 2)}`).join("\n") + (ast.indexSignatures.length ? `\n${pad} INDEX` : "")
  if (ast._tag === "Arrays") return head + enc + ` elements=${ast.elements.length} rest=${ast.rest.length}\n` + [...ast.elements, ...ast.rest].map((e: any) => show(e, d + 1)).join("\n")
  if (ast._tag === "Union") return head + enc + "\n" + ast.types.map((t: any) => show(t, d + 1)).join("\n")
  if (ast._tag === "Declaration") return head + ` typeParameters=${ast.typeParameters.length}` + enc
  if (ast._tag === "TemplateLiteral") return head + ` parts=${ast.parts.length}` + enc
  return head + enc
}
const m = (DomainEvent.DomainEvent as any).members
const pick = new Set(process.argv.slice(2))
for (const x of m) if (pick.has(x.fields._tag.schema.literal)) console.log(show(x.ast))
