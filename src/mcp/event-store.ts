import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Events kept per session for resumption; older ones are dropped first. */
const MAX_EVENTS = 1000;

/**
 * Server-to-client messages of one Streamable HTTP session, kept so a client that lost its
 * stream can resume with `Last-Event-ID` and miss nothing.
 */
export function createEventStore(): EventStore {
  const events: Array<{ id: EventId; stream: StreamId; message: JSONRPCMessage }> = [];
  let next = 0;
  return {
    async storeEvent(stream, message) {
      const id = `${stream}_${(next++).toString(36).padStart(8, '0')}`;
      events.push({ id, stream, message });
      if (events.length > MAX_EVENTS) events.shift();
      return id;
    },
    async getStreamIdForEventId(id) {
      return events.find((event) => event.id === id)?.stream;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const at = events.findIndex((event) => event.id === lastEventId);
      const stream = events[at]?.stream ?? '';
      if (at < 0) return stream;
      for (const event of events.slice(at + 1)) if (event.stream === stream) await send(event.id, event.message);
      return stream;
    },
  };
}
