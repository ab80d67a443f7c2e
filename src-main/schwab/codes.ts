// Response codes (docs/schwab-streaming.md §3.6) and what the client does with each.

export const CODE = {
  SUCCESS: 0,
  LOGIN_DENIED: 3,
  UNKNOWN_FAILURE: 9,
  SERVICE_NOT_AVAILABLE: 11,
  CLOSE_CONNECTION: 12,
  REACHED_SYMBOL_LIMIT: 19,
  STREAM_CONN_NOT_FOUND: 20,
  BAD_COMMAND_FORMAT: 21,
  FAILED_COMMAND_SUBS: 22,
  FAILED_COMMAND_UNSUBS: 23,
  FAILED_COMMAND_ADD: 24,
  FAILED_COMMAND_VIEW: 25,
  SUCCEEDED_COMMAND_SUBS: 26,
  SUCCEEDED_COMMAND_UNSUBS: 27,
  SUCCEEDED_COMMAND_ADD: 28,
  SUCCEEDED_COMMAND_VIEW: 29,
  STOP_STREAMING: 30,
} as const;

export const CODE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(CODE).map(([name, code]) => [code, name]),
);

/**
 * - success: 0, and 26–29 which the GUIDE lists as success codes though live data shows only 0
 * - request: this request failed, the connection stays (report it per request)
 * - relogin: the server closes; log in again with a fresh token
 * - reconnect: the server lost our session; connect and log in again
 * - takeover: another streamer took the account's single connection; stop, don't fight it
 * - stop: the server stopped streaming (usually no subscriptions)
 */
export type CodeAction = 'success' | 'request' | 'relogin' | 'reconnect' | 'takeover' | 'stop';

export function actionFor(code: number): CodeAction {
  switch (code) {
    case CODE.SUCCESS:
    case CODE.SUCCEEDED_COMMAND_SUBS:
    case CODE.SUCCEEDED_COMMAND_UNSUBS:
    case CODE.SUCCEEDED_COMMAND_ADD:
    case CODE.SUCCEEDED_COMMAND_VIEW:
      return 'success';
    case CODE.LOGIN_DENIED:
      return 'relogin';
    case CODE.STREAM_CONN_NOT_FOUND:
      return 'reconnect';
    case CODE.CLOSE_CONNECTION:
      return 'takeover';
    case CODE.STOP_STREAMING:
      return 'stop';
    default:
      return 'request';
  }
}

export function describeCode(code: number, msg: string): string {
  const name = CODE_NAMES[code] ?? 'UNKNOWN_CODE';
  return `${name} (${code}): ${msg}`;
}

/** Code 19's message names the cap and the discarded count: "(CHART_EQUITY=300, DISCARDED=250)". */
export function parseSymbolLimit(msg: string): { service: string; limit: number; discarded: number } | null {
  const match = /\(([A-Z_]+)=(\d+),\s*DISCARDED=(\d+)\)/.exec(msg);
  if (!match) return null;
  return { service: match[1] as string, limit: Number(match[2]), discarded: Number(match[3]) };
}
