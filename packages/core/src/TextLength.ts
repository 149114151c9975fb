/**
 * How long a free-text field may be ([design], not the plan's): at least one character and at
 * most `max`, counted in Unicode code points — as people count characters (`𠮷` and `😊` are
 * one each, though two UTF-16 units) and as JSON Schema's `maxLength` counts, so the published
 * contract (`contract/*.schema.json`) says exactly what the decoder accepts. Names, addresses,
 * notes, organisations and sources use it; ids have their own patterns.
 *
 * A stored event is also limited to 64 KiB of UTF-8 (`EventStore.MAX_EVENT_BYTES`): text of the
 * Basic Multilingual Plane (Japanese included) takes at most 3 bytes a character, so a 20,000
 * character note fits; one of 20,000 characters outside it (4 bytes each) does not, and the
 * store refuses that event with a typed `InvalidEvent`, nothing written.
 *
 * @module
 */
import { Schema } from "effect"

/** Non-empty text of at most `max` characters (code points); a longer one is refused saying so. */
export const upTo = (max: number) =>
  Schema.NonEmptyString.check(Schema.isMaxCodePoints(max, { expected: `a text of at most ${max} characters (Unicode code points)` }))
