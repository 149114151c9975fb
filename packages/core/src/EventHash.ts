/**
 * The hash chain that makes stored history tamper-evident (AUD-1).
 *
 * Each event's hash is SHA-256 over the previous event's hash in the same stream and the
 * event's canonical content (stream, version, eventId, type, payload, metadata, recordedAt),
 * serialised as JSON with object keys sorted. Every adapter uses these functions, so a chain
 * written by one adapter verifies under any other.
 *
 * @module
 */
import { createHash } from "node:crypto"
import type { Schema } from "effect"

/** JSON text with object keys sorted at every depth: equal values give equal text. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null"
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`
}

export interface HashInput {
  readonly stream: string
  readonly version: number
  readonly eventId: string
  readonly type: string
  readonly payload: Schema.Json
  readonly metadata: Schema.Json | null
  readonly recordedAt: string
}

/** `sha256(prevHash + "\n" + canonicalJson(content))`, hex. */
export const hashEvent = (prevHash: string, e: HashInput): string =>
  createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(
      canonicalJson({
        stream: e.stream,
        version: e.version,
        eventId: e.eventId,
        type: e.type,
        payload: e.payload,
        metadata: e.metadata,
        recordedAt: e.recordedAt
      })
    )
    .digest("hex")

/** A digest of a whole append request, to tell an idempotent replay from a reused key. */
export const hashRequest = (stream: string, events: ReadonlyArray<{ eventId: string; type: string; payload: unknown; metadata?: unknown }>): string =>
  createHash("sha256")
    .update(canonicalJson({ stream, events: events.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload, metadata: e.metadata ?? null })) }))
    .digest("hex")
