/** Worksheet names Excel accepts. @internal */

/** A valid, unique worksheet name (≤ 31 characters, no `[]:*?/\`, not starting or ending with `'`). */
export const sheetName = (title: string, used: Set<string>): string => {
  let base = title.replace(/[[\]:*?/\\]/g, "_").replace(/^'+|'+$/g, "").trim()
  if (base.length === 0) base = "Sheet"
  base = [...base].slice(0, 31).join("")
  let name = base
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`
    name = [...base].slice(0, 31 - suffix.length).join("") + suffix
  }
  used.add(name.toLowerCase())
  return name
}
