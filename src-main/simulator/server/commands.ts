// What the streamer answers (docs/schwab-streaming.md §3.6 wording) and how SUBS/ADD/UNSUBS/VIEW
// change one service's subscription (docs/schwab-streaming.md §3.4): SUBS replaces the keys,
// ADD adds, UNSUBS removes, VIEW and any SUBS/ADD carrying fields replace the service's field
// list for every key.
import { CODE } from '../../schwab/codes.ts';
import { parseFieldList } from '../../schwab/fields.ts';
import type { ResponseContent } from '../../schwab/protocol.ts';
import type { ServiceFeed } from './feeds.ts';
import { splitKeys } from './requests.ts';

export const MESSAGES = {
  loginDenied: 'Login Denied.: token is invalid or has expired.',
  badFormat: 'Bad command formatting',
  notAvailable: 'Service not available or temporary down',
  // No source shows Schwab's text for code 20; this one says what went wrong.
  notLoggedIn:
    'Stream connection not found. LOGIN must succeed first, with the same customer and correl ids.',
  emptySubscription: 'Stop streaming due to empty subscription',
  // TDA-era wording (tda-api#267); the Schwab-era text was never captured.
  anotherConnection:
    'This Streamer was disconnected because of another connection for this username and password. Each user may only have one Streamer open at a time.',
} as const;

export function symbolLimitMessage(service: string, limit: number, discarded: number): string {
  return `You've reached the maximum number of symbols allowed.  (${service}=${limit}, DISCARDED=${discarded})`;
}

export type SubscriptionCommand = 'SUBS' | 'ADD' | 'UNSUBS' | 'VIEW';

const BAD_FORMAT: ResponseContent = { code: CODE.BAD_COMMAND_FORMAT, msg: MESSAGES.badFormat };

/** Applies one command to a service's feed; returns the response content. */
export function applySubscriptionCommand(
  feed: ServiceFeed,
  command: SubscriptionCommand,
  parameters: Record<string, string>,
  symbolLimit: number,
  now: number,
): ResponseContent {
  const fields = parseFieldList(parameters.fields);
  const succeeded: ResponseContent = { code: CODE.SUCCESS, msg: `${command} command succeeded` };
  if (command === 'VIEW') {
    if (fields === null || fields.size === 0) return BAD_FORMAT;
    feed.setFields(fields);
    return succeeded;
  }
  const keys = [...new Set(splitKeys(parameters.keys))];
  if (keys.length === 0) return BAD_FORMAT;
  if (command === 'UNSUBS') {
    for (const key of keys) feed.unsubscribe(key);
    return succeeded;
  }
  // SUBS and ADD need a field list unless the service already has one (ADD without fields
  // failed on Schwab; here it keeps the current list). The last list applies to every key.
  if (fields !== null && fields.size === 0) return BAD_FORMAT;
  if (fields === null && feed.fields === null) return BAD_FORMAT;
  if (fields !== null) feed.setFields(fields);
  if (command === 'SUBS') feed.clear();
  const fresh = keys.filter((key) => !feed.has(key));
  const accepted = new Set(fresh.slice(0, Math.max(0, symbolLimit - feed.size)));
  // Keys already subscribed start over with a fresh snapshot, like new ones.
  for (const key of keys) if (accepted.has(key) || feed.has(key)) feed.subscribe(key, now);
  const discarded = fresh.length - accepted.size;
  if (discarded === 0) return succeeded;
  const msg = symbolLimitMessage(feed.service, symbolLimit, discarded);
  return { code: CODE.REACHED_SYMBOL_LIMIT, msg };
}
