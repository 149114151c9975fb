/** An independent reader for the HTML format, on parse5 (the WHATWG HTML parser). */
import { readFile } from "node:fs/promises"
import type { Report } from "@kitakami-juso/core"
import type { ExporterConformance } from "@kitakami-juso/testkit"
import { parse } from "parse5"

interface Node {
  readonly nodeName: string
  readonly tagName?: string
  readonly attrs?: ReadonlyArray<{ readonly name: string; readonly value: string }>
  readonly childNodes?: ReadonlyArray<Node>
  readonly value?: string
  readonly content?: Node
}

const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value
const children = (n: Node) => n.childNodes ?? []
const all = (n: Node, pred: (n: Node) => boolean, out: Array<Node> = []): Array<Node> => {
  if (pred(n)) out.push(n)
  for (const c of children(n)) all(c, pred, out)
  return out
}
const text = (n: Node): string => n.nodeName === "#text" ? n.value ?? "" : children(n).map(text).join("")
const first = (n: Node, tag: string) => all(n, (x) => x.tagName === tag)[0]

export const readHtml = (): ExporterConformance.Reader => async (exported, report) => {
  const doc = parse(await readFile(exported.path, "utf8")) as unknown as Node
  const tables = all(doc, (n) => n.tagName === "table" && attr(n, "data-table-id") !== undefined)
  return report.tables.map((t, ti) => {
    const table = tables[ti]!
    if (attr(table, "data-table-id") !== t.id) throw new Error(`table ${ti} is ${attr(table, "data-table-id")}, expected ${t.id}`)
    const headerJa = all(first(table, "thead")!, (n) => n.tagName === "span" && attr(n, "class") === "ja").map(text)
    const rows = all(first(table, "tbody")!, (n) => n.tagName === "tr").map((tr) =>
      children(tr).filter((n) => n.tagName === "td").map((td, ci): Report.Cell | null => {
        if (attr(td, "data-missing") !== undefined) return null
        const kind = t.columns[ci]!.kind
        switch (kind) {
          case "text":
            return text(td)
          case "integer":
          case "decimal":
          case "percent":
            return Number(attr(first(td, "data")!, "value"))
          case "date":
            return attr(first(td, "time")!, "datetime")!
          case "datetime":
            return new Date(attr(first(td, "time")!, "datetime")!)
          case "boolean":
            return attr(first(td, "data")!, "value") === "true"
        }
      })
    )
    return { headerJa, rows }
  })
}
