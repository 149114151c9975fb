/**
 * Personal data: names, addresses and free-text notes, always held in `Redacted` (AUD-2).
 *
 * In memory a personal field is a `Redacted<string>`: `String()`, `JSON.stringify`, `console.log`
 * and Effect's loggers print `<redacted>`, so a name cannot slip into a log line, an error message
 * or an aggregate export by accident. Code that truly needs the value (a case worker's screen, the
 * plan shown to the person) calls `Redacted.value` explicitly.
 *
 * **Stored form.** Case history is only useful if it keeps what was recorded, so the JSON codec
 * of an event writes the plain value into the stored payload (`"name": "北上 花子"`) and decoding
 * wraps it again. The event store therefore holds personal data and must be protected as the
 * case record it is (access control, encryption at rest: the adapter's and the deployment's
 * concern). Nothing else does: errors carry ids and rule ids only, and reports built on the
 * decoded events see `Redacted` values.
 *
 * @module
 */
import { Schema } from "effect"
import * as TextLength from "./TextLength.ts"

/** A person's name (氏名). Redacted in memory, plain in the stored payload. */
export const Name = Schema.RedactedFromValue(TextLength.upTo(200))
/** The type of {@link Name}. */
export type Name = typeof Name.Type

/** An address or place of residence (住所). */
export const Address = Schema.RedactedFromValue(TextLength.upTo(500))
/** The type of {@link Address}. */
export type Address = typeof Address.Type

/** Free text about a person: notes, summaries, goals, reasons, evaluations (記録). */
export const Note = Schema.RedactedFromValue(TextLength.upTo(20_000))
/** The type of {@link Note}. */
export type Note = typeof Note.Type
