import { describe, expect, it } from 'vitest';
import { PORT_REQUEST_CHANNEL, PORT_RESPONSE_CHANNEL, type PortOffer } from '../shared/ipc/port-handshake.ts';
import { createPortRelay, type PortIpc } from './port-relay.ts';

function standIn() {
  const sent: unknown[][] = [];
  let answer: ((event: { ports: readonly unknown[] }, ...args: unknown[]) => void) | null = null;
  const ipc: PortIpc = {
    send: (channel, ...args) => sent.push([channel, ...args]),
    on: (channel, listener) => {
      if (channel === PORT_RESPONSE_CHANNEL) answer = listener;
    },
  };
  const posted: [PortOffer, unknown[]][] = [];
  const request = createPortRelay(ipc, (offer, ports) => posted.push([offer, ports]));
  return { sent, posted, request, answer: (nonce: unknown, ports: unknown[]) => answer?.({ ports }, nonce) };
}

const NONCE = 'abcdefghijklmnopqrstuvwx';

describe('port relay', () => {
  it('asks main under the page nonce and posts the port back to the page once', () => {
    const s = standIn();
    s.request(NONCE);
    expect(s.sent).toEqual([[PORT_REQUEST_CHANNEL, NONCE]]);
    const port = { a: 'port' };
    s.answer(NONCE, [port]);
    s.answer(NONCE, [port]);
    expect(s.posted).toEqual([[{ fathomPort: NONCE }, [port]]]);
  });

  it('passes on nothing the page did not ask for, and refuses a malformed nonce', () => {
    const s = standIn();
    s.answer(NONCE, [{}]);
    s.request(NONCE);
    s.answer(NONCE, []);
    s.answer('short', [{}]);
    expect(s.posted).toEqual([]);
    expect(() => s.request('not a nonce')).toThrow(/nonce/);
  });
});
