// Reading what a client sends (docs/schwab-streaming.md §3.2): the envelope, each request's
// required keys (case-exact), and which services the simulator serves, knows but refuses,
// or rejects.
import {
  COMMANDS,
  MARKET_SERVICES,
  SERVICES,
  isRecord,
  type CommandName,
  type MarketService,
} from '../../schwab/protocol.ts';

export interface ValidRequest {
  service: string;
  command: CommandName;
  requestid: string;
  customerId: string;
  correlId: string;
  parameters: Record<string, string>;
}

/** What can be echoed from a request that failed the format checks. */
export interface RequestEcho {
  service: string;
  command: string;
  requestid: string;
  correlId: string;
}

export type RequestCheck = { ok: true; request: ValidRequest } | { ok: false; echo: RequestEcho };

export type EnvelopeCheck = { ok: true; requests: unknown[] } | { ok: false };

export type ServiceKind = 'admin' | 'market' | 'unavailable' | 'unknown';

/**
 * Names Schwab knows but does not serve (TDA-era services and the futures/forex books): they
 * answer code 11, unlike a misspelt name, which is bad formatting (code 21). Real Schwab
 * services the simulator does not simulate also answer 11, as a service that is down would.
 */
const UNAVAILABLE = new Set([
  'TIMESALE_EQUITY',
  'TIMESALE_OPTIONS',
  'TIMESALE_FUTURES',
  'TIMESALE_FOREX',
  'NEWS_HEADLINE',
  'NEWS_HEADLINELIST',
  'NEWS_STORY',
  'FOREX_BOOK',
  'FUTURES_BOOK',
  'FUTURES_OPTIONS_BOOK',
  'LISTED_BOOK',
  'CHART_HISTORY_FUTURES',
  'CHART_OPTIONS',
  'QUOTE',
  'OPTION',
  'ACTIVES_NASDAQ',
  'ACTIVES_NYSE',
  'ACTIVES_OTCBB',
  'ACTIVES_OPTIONS',
]);

const KNOWN = new Set<string>(SERVICES);
const SIMULATED = new Set<string>(MARKET_SERVICES);
const COMMAND_SET = new Set<string>(COMMANDS);

export function serviceKind(service: string): ServiceKind {
  if (service === 'ADMIN') return 'admin';
  if (SIMULATED.has(service)) return 'market';
  if (KNOWN.has(service) || UNAVAILABLE.has(service)) return 'unavailable';
  return 'unknown';
}

export function isMarketService(service: string): service is MarketService {
  return SIMULATED.has(service);
}

/** `{"requests":[…]}`, or a bare request object as the GUIDE also shows. */
export function parseEnvelope(text: string): EnvelopeCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  if (!isRecord(value)) return { ok: false };
  if ('requests' in value)
    return Array.isArray(value.requests) && value.requests.length > 0
      ? { ok: true, requests: value.requests }
      : { ok: false };
  return 'service' in value || 'command' in value ? { ok: true, requests: [value] } : { ok: false };
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  // SDEV sends numeric request ids; the server echoes them back as strings.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Checks one request's shape; a failure answers code 21 "Bad command formatting". */
export function checkRequest(raw: unknown): RequestCheck {
  const record = isRecord(raw) ? raw : {};
  const echo: RequestEcho = {
    service: typeof record.service === 'string' ? record.service : '',
    command: typeof record.command === 'string' ? record.command : '',
    requestid: text(record.requestid) ?? '',
    correlId: typeof record.SchwabClientCorrelId === 'string' ? record.SchwabClientCorrelId : '',
  };
  const requestid = text(record.requestid);
  const customerId = record.SchwabClientCustomerId;
  const correlId = record.SchwabClientCorrelId;
  if (!isRecord(raw) || requestid === null || !COMMAND_SET.has(echo.command) || echo.service === '')
    return { ok: false, echo };
  if (
    typeof customerId !== 'string' ||
    customerId === '' ||
    typeof correlId !== 'string' ||
    correlId === ''
  )
    return { ok: false, echo };
  const parameters = checkParameters(record.parameters);
  if (parameters === null) return { ok: false, echo };
  const kind = serviceKind(echo.service);
  if (kind === 'unknown') return { ok: false, echo };
  const command = echo.command as CommandName;
  const adminCommand = command === 'LOGIN' || command === 'LOGOUT';
  // LOGIN/LOGOUT belong to ADMIN and ADMIN has nothing else.
  if ((kind === 'admin') !== adminCommand) return { ok: false, echo };
  return {
    ok: true,
    request: { service: echo.service, command, requestid, customerId, correlId, parameters },
  };
}

function checkParameters(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return null;
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    const v = text(raw);
    if (v === null) return null;
    out[name] = v;
  }
  return out;
}

/** Comma-separated keys, used verbatim (option keys keep their inner spaces); blanks dropped. */
export function splitKeys(keys: string | undefined): string[] {
  if (keys === undefined) return [];
  return keys.split(',').filter((key) => key !== '');
}
