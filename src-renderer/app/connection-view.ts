// The connection status a trader sees at all times: the host link first (if the page lost the
// host, nothing else is current), then the market connection behind it.
import type { ConnectionState } from '../../shared/domain/session.ts';
import { formatTimeEt } from '../../shared/format/format.ts';
import type { LinkState } from '../api/transport.ts';

export type ConnectionTone = 'ok' | 'info' | 'warn' | 'bad';

export interface ConnectionView {
  /** For the DOM: offline (host link down), connecting, live, reconnecting, stopped, error. */
  state: 'offline' | ConnectionState['state'];
  /** live, demo, replay, or '' while unknown. */
  source: string;
  label: string;
  detail: string;
  tone: ConnectionTone;
  /** The data streams delayed (Schwab says so per key): the windows say DELAYED beside the label. */
  delayed: boolean;
}

const SOURCE_LABEL = { live: 'LIVE', demo: 'DEMO', replay: 'REPLAY' } as const;

export function connectionView(link: LinkState, market: ConnectionState | null, now: number): ConnectionView {
  if (link.status === 'connecting' && link.attempt === 0) {
    // The first connection of this page: nothing has been lost yet.
    return { state: 'connecting', source: market?.source ?? '', label: 'CONNECTING', detail: 'reaching the host', tone: 'info', delayed: false };
  }
  if (link.status !== 'open') {
    const detail =
      link.status === 'waiting'
        ? `host unreachable · attempt ${link.attempt}, next try in ${secondsUntil(link.retryAt, now)} s`
        : `reaching the host · attempt ${link.attempt}`;
    return { state: 'offline', source: market?.source ?? '', label: 'OFFLINE', detail, tone: 'bad', delayed: false };
  }
  if (!market) return { state: 'connecting', source: '', label: 'CONNECTING', detail: 'waiting for the market status', tone: 'info', delayed: false };
  const source = SOURCE_LABEL[market.source];
  switch (market.state) {
    case 'live':
      return {
        state: 'live',
        source: market.source,
        label: source,
        detail: market.delayed ? `delayed quotes (Schwab sends this login no real-time data) · streaming since ${clock(market.since)}` : `streaming since ${clock(market.since)}`,
        tone: market.delayed ? 'warn' : market.source === 'live' ? 'ok' : 'info',
        delayed: market.delayed,
      };
    case 'connecting':
      return { state: 'connecting', source: market.source, label: 'CONNECTING', detail: market.reason ? `${source} stream · ${market.reason}` : `${source} stream`, tone: 'info', delayed: false };
    case 'reconnecting':
      return {
        state: 'reconnecting',
        source: market.source,
        label: 'RECONNECTING',
        detail: `attempt ${market.attempt}, next try in ${secondsUntil(market.since + market.nextDelayMs, now)} s · ${market.reason}`,
        tone: 'warn',
        delayed: false,
      };
    case 'stopped':
      return { state: 'stopped', source: market.source, label: 'STOPPED', detail: market.reason, tone: 'warn', delayed: false };
    case 'error':
      return { state: 'error', source: market.source, label: 'ERROR', detail: market.reason, tone: 'bad', delayed: false };
  }
}

function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function clock(epochMs: number): string {
  return `${formatTimeEt(epochMs).slice(0, 5)} ET`;
}
