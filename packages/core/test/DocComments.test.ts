/**
 * Every exported declaration of `packages/core/src/*.ts` carries a JSDoc comment: a value, a
 * function, a class, an interface, a type alias, an enum or a namespace. Scanned with the
 * TypeScript compiler API, so a missing comment fails naming its file, line and name. (typedoc's
 * `notDocumented` validation would also flag members and is off; this covers the exports.)
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import ts from "typescript"

const SRC = join(import.meta.dirname, "..", "src")

/** A JSDoc block with some text or a tag (an empty `/** *\/` does not count). */
const documented = (node: ts.Node): boolean =>
  ts.getJSDocCommentsAndTags(node).some((doc) =>
    ts.isJSDoc(doc)
      ? (typeof doc.comment === "string" ? doc.comment.trim() !== "" : (doc.comment?.length ?? 0) > 0) || (doc.tags?.length ?? 0) > 0
      : true
  )

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

/** The exported declarations of one source file without a JSDoc comment, as `file:line name`. */
const undocumented = (file: string): ReadonlyArray<string> => {
  const source = ts.createSourceFile(file, readFileSync(join(SRC, file), "utf8"), ts.ScriptTarget.Latest, true)
  const missing: Array<string> = []
  const at = (node: ts.Node, name: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
    missing.push(`${file}:${line + 1} ${name}`)
  }
  for (const statement of source.statements) {
    if (!isExported(statement)) continue
    if (ts.isVariableStatement(statement)) {
      // The comment sits on the statement: `/** … */ export const a = …`.
      for (const d of statement.declarationList.declarations) {
        if (!documented(d)) at(d, d.name.getText(source))
      }
    } else if (
      ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)
    ) {
      if (!documented(statement)) at(statement, statement.name?.getText(source) ?? "default")
    } else {
      at(statement, ts.SyntaxKind[statement.kind])
    }
  }
  return missing
}

describe("Doc comments on core exports", () => {
  const files = readdirSync(SRC).filter((f) => f.endsWith(".ts")).sort()

  it("scans every module of packages/core/src", () => {
    assert.isAbove(files.length, 30)
  })

  it("every exported value, function, class, interface and type of packages/core/src/*.ts has a JSDoc comment", () => {
    const missing = files.flatMap(undocumented)
    assert.deepStrictEqual(missing, [], `exported declarations without a JSDoc comment:\n${missing.join("\n")}`)
  })
})
