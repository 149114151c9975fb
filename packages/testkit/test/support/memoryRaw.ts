/** The raw backdoor of the in-memory reference store, for the kit's own tests. */
import { EventHash, MemoryEventStore } from "@kitakami-juso/core"
import type { RawEvent } from "@kitakami-juso/testkit"
import { Effect } from "effect"

const toRaw = (e: MemoryEventStore.RawTable extends { rows: () => ReadonlyArray<infer A> } ? A : never): RawEvent.RawEvent => ({
  position: e.position,
  stream: e.stream,
  version: e.version,
  eventId: e.eventId,
  type: e.type,
  payload: EventHash.canonicalJson(e.payload),
  metadata: e.metadata === null ? null : EventHash.canonicalJson(e.metadata),
  recordedAt: e.recordedAt,
  prevHash: e.prevHash,
  hash: e.hash
})

export const raw: RawEvent.RawAccess<MemoryEventStore.Raw> = {
  read: Effect.map(Effect.service(MemoryEventStore.Raw), (table) => table.rows().map(toRaw)),
  update: (position, patch) =>
    Effect.map(Effect.service(MemoryEventStore.Raw), (table) => {
      const row = table.rows().find((r) => r.position === position)
      if (row === undefined) return
      const { metadata, payload, ...rest } = patch
      table.update(position, {
        ...row,
        ...rest,
        ...(payload === undefined ? {} : { payload: JSON.parse(payload) }),
        ...(metadata === undefined ? {} : { metadata: metadata === null ? null : JSON.parse(metadata) })
      })
    }),
  delete: (position) => Effect.map(Effect.service(MemoryEventStore.Raw), (table) => table.delete(position)),
  insert: ({ metadata, payload, ...row }) =>
    Effect.map(Effect.service(MemoryEventStore.Raw), (table) =>
      table.insert({ ...row, payload: JSON.parse(payload), metadata: metadata === null ? null : JSON.parse(metadata) })),
  setHead: (stream, head) => Effect.map(Effect.service(MemoryEventStore.Raw), (table) => table.setHead(stream, head))
}

