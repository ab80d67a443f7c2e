// The simulator's HTTP routes (docs/schwab-streaming.md §1–2): OAuth authorize and token,
// userPreference with streamerInfo, option chains, expiration chains, quotes and daily price
// history. Market-data and trader routes need a live Bearer token and share the REST budget
// (429 past it, §6.1); a chain too big for Schwab's gateway is its 502 "Body buffer overflow"
// (§2.2). With `faults` set, POST /__faults/<kind> applies a fault (fault-route.ts); without, it
// is a 404.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../util/log.ts';
import type { SimulatorMarket } from '../market/market.ts';
import { applyFaultRequest, FAULT_PATH_PREFIX } from './fault-route.ts';
import { systemClock } from '../../util/clock.ts';
import { ServiceModes, type SimulatorFaults } from './faults.ts';
import type { OAuthAuthority } from './oauth.ts';
import { parseChainQuery, parseQuoteBlocks, quoteEntry } from './rest-market.ts';
import { priceHistory } from './rest-history.ts';
import type { StatsRecorder } from './stats.ts';

export interface RestContext {
  auth: OAuthAuthority;
  market: SimulatorMarket;
  customerId: string;
  /** The streamer URL, known once the server listens. */
  streamerUrl: () => string;
  stats: StatsRecorder;
  logger: Logger;
  /**
   * The switchable behaviours: REST budget, chain buffer, userPreference failures, delayed data.
   * Without, none of them: no budget, no buffer, no failures.
   */
  modes?: ServiceModes;
  /** Serves the fault endpoint when set (tests only); not counted as a REST request. */
  faults?: SimulatorFaults;
}

const MAX_BODY_BYTES = 64 * 1024;
const SINGLE_QUOTE_PATH = /^\/marketdata\/v1\/([^/]+)\/quotes$/;

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** The market-data error shape (`{"errors":[{id,status,title}]}`), status as a string like Schwab's 404s. */
function sendErrors(res: ServerResponse, status: number, title: string, detail?: string): void {
  sendJson(res, status, {
    errors: [
      {
        id: randomUUID(),
        status: String(status),
        title,
        ...(detail === undefined ? {} : { detail }),
      },
    ],
  });
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export function createRestHandler(
  ctx: RestContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  const modes =
    ctx.modes ??
    new ServiceModes(systemClock(), {
      delayed: false,
      emptyTimeoutMs: 0,
      emptyClose: 'notify',
      symbolLimit: Number.POSITIVE_INFINITY,
      restPerMinute: 0,
      chainContractLimit: Number.POSITIVE_INFINITY,
    });
  const authorize: Handler = (_req, res, url) => {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    const result = ctx.auth.authorize(q.get('client_id'), redirectUri, q.get('response_type'));
    if (!result.ok) return sendJson(res, result.status, result.body);
    // The real flow shows login and account pages first; the simulator approves at once.
    const state = q.get('state');
    const separator = redirectUri.includes('?') ? '&' : '?';
    const location = `${redirectUri}${separator}code=${encodeURIComponent(result.value)}&session=${randomUUID()}${
      state === null ? '' : `&state=${encodeURIComponent(state)}`
    }`;
    res.writeHead(302, { Location: location, 'Content-Length': '0' });
    res.end();
  };

  const token: Handler = async (req, res) => {
    const body = await readBody(req);
    if (body === null)
      return sendJson(res, 413, {
        error: 'invalid_request',
        error_description: 'Request body too large',
      });
    const result = ctx.auth.grant(req.headers.authorization, new URLSearchParams(body));
    const noStore = { 'Cache-Control': 'no-store' };
    if (!result.ok) {
      ctx.logger.info('token request refused', { status: result.status, error: result.body.error });
      return sendJson(res, result.status, result.body, noStore);
    }
    sendJson(res, 200, result.value, noStore);
  };

  const userPreference: Handler = (_req, res) => {
    // Schwab's userPreference fails now and then (docs/schwab-streaming.md §9).
    if (modes.takePreferenceFailure()) return sendErrors(res, 500, 'Internal Server Error');
    sendJson(res, 200, {
      accounts: [
        {
          accountNumber: '88880001',
          primaryAccount: true,
          type: 'BROKERAGE',
          nickName: 'Simulated',
          displayAcctId: '...001',
          autoPositionEffect: false,
          accountColor: 'Green',
        },
      ],
      streamerInfo: [
        {
          streamerSocketUrl: ctx.streamerUrl(),
          schwabClientCustomerId: ctx.customerId,
          schwabClientCorrelId: randomUUID(),
          schwabClientChannel: 'N9',
          schwabClientFunctionId: 'APIAPP',
        },
      ],
      offers: [{ level2Permissions: true, mktDataPermission: 'NP' }],
    });
  };

  /** The gateway's answer to a body over its buffer (Apigee's TooBigBody, docs/schwab-streaming.md §2.2). */
  const tooBig = (res: ServerResponse) =>
    sendJson(res, 502, {
      fault: {
        faultstring: 'Body buffer overflow',
        detail: { errorcode: 'protocol.http.TooBigBody' },
      },
    });

  const chains: Handler = (_req, res, url) => {
    const symbol = url.searchParams.get('symbol');
    if (!symbol) return sendErrors(res, 400, 'Bad Request', 'symbol is required');
    const query = parseChainQuery(url.searchParams);
    if (!query.ok) return sendErrors(res, 400, 'Bad Request', query.problem);
    const chain = ctx.market.chain(symbol, query.query);
    if (chain === null) return sendErrors(res, 404, 'Not Found');
    if (chain.numberOfContracts > modes.chainContractLimit) {
      ctx.stats.chainsTooBig++;
      return tooBig(res);
    }
    sendJson(res, 200, modes.delayed ? { ...chain, isDelayed: true } : chain);
  };

  /** GET /marketdata/v1/expirationchain: the listed expiries, nearest first. */
  const expirationChain: Handler = (_req, res, url) => {
    const symbol = url.searchParams.get('symbol');
    if (!symbol) return sendErrors(res, 400, 'Bad Request', 'symbol is required');
    const chain = ctx.market.chain(symbol, { strikeCount: 1 });
    if (chain === null) return sendErrors(res, 404, 'Not Found');
    sendJson(res, 200, { status: 'SUCCESS', expirationList: expirationList(chain, symbol) });
  };

  const quotes: Handler = (_req, res, url) => {
    const symbols = (url.searchParams.get('symbols') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (symbols.length === 0) return sendErrors(res, 400, 'Bad Request', 'symbols is required');
    const blocks = parseQuoteBlocks(url.searchParams.get('fields'));
    const out: Record<string, unknown> = {};
    for (const symbol of symbols) {
      const entry = quoteEntry(ctx.market, symbol, blocks);
      if (entry !== null) out[symbol] = modes.delayed ? { ...entry, realtime: false } : entry;
    }
    // Unknown symbols are left out; when none is known the answer is Schwab's 404 shape.
    if (Object.keys(out).length === 0) return sendErrors(res, 404, 'Not Found');
    sendJson(res, 200, out);
  };

  const singleQuote: Handler = (_req, res, url) => {
    const match = SINGLE_QUOTE_PATH.exec(url.pathname);
    const symbol = decodeURIComponent(match?.[1] ?? '');
    const entry = quoteEntry(ctx.market, symbol, parseQuoteBlocks(url.searchParams.get('fields')));
    if (entry === null) return sendErrors(res, 404, 'Not Found');
    sendJson(res, 200, { [symbol]: entry });
  };

  /** GET /marketdata/v1/pricehistory: daily candles (rest-history.ts). */
  const pricehistory: Handler = (_req, res, url) => {
    const answer = priceHistory(ctx.market, url.searchParams);
    if (!answer.ok) return sendErrors(res, answer.status, answer.status === 404 ? 'Not Found' : 'Bad Request', answer.problem);
    sendJson(res, 200, answer.answer);
  };

  const open: Record<string, { method: string; handler: Handler }> = {
    '/v1/oauth/authorize': { method: 'GET', handler: authorize },
    '/v1/oauth/token': { method: 'POST', handler: token },
  };
  const protectedRoutes: Record<string, Handler> = {
    '/trader/v1/userPreference': userPreference,
    '/marketdata/v1/chains': chains,
    '/marketdata/v1/expirationchain': expirationChain,
    '/marketdata/v1/quotes': quotes,
    '/marketdata/v1/pricehistory': pricehistory,
  };

  const fault = async (req: IncomingMessage, res: ServerResponse, url: URL, faults: SimulatorFaults) => {
    const body = req.method === 'POST' ? await readBody(req) : (req.resume(), '');
    if (body === null) return sendJson(res, 413, { applied: false, error: `The fault body is over ${MAX_BODY_BYTES} bytes.` });
    const answer = applyFaultRequest(faults, {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      origin: req.headers.origin,
      body,
    });
    if (answer.status === 200) ctx.logger.info('fault applied', { fault: url.pathname });
    else ctx.logger.info('fault request refused', { status: answer.status, fault: url.pathname });
    sendJson(res, answer.status, answer.body, answer.headers);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname;
    if (ctx.faults && path.startsWith(FAULT_PATH_PREFIX)) return fault(req, res, url, ctx.faults);
    ctx.stats.restRequests++;
    const openRoute = open[path];
    if (openRoute) {
      if (req.method !== openRoute.method) return sendErrors(res, 405, 'Method Not Allowed');
      return openRoute.handler(req, res, url);
    }
    const handler =
      protectedRoutes[path] ?? (SINGLE_QUOTE_PATH.test(path) ? singleQuote : undefined);
    if (!handler) return sendErrors(res, 404, 'Not Found');
    if (req.method !== 'GET') return sendErrors(res, 405, 'Method Not Allowed');
    if (!ctx.auth.accessTokenValid(bearer(req))) {
      return sendJson(res, 401, {
        errors: [
          { id: randomUUID(), status: 401, title: 'Unauthorized', detail: 'Client not authorized' },
        ],
      });
    }
    // About 120 requests a minute (docs/schwab-streaming.md §6.1); the token service is apart.
    if (!modes.takeRestSlot()) {
      ctx.stats.restRateLimited++;
      return sendErrors(res, 429, 'Too Many Requests', 'Rate limit exceeded');
    }
    return handler(req, res, url);
  };

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      ctx.logger.error('REST handler failed', { path: req.url?.split('?')[0], error });
      if (!res.headersSent) sendErrors(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  };
}

/** The expiries of a chain (keys "<yyyy-MM-dd>:<days>"), in the expirationchain shape, nearest first. */
function expirationList(
  chain: { callExpDateMap: Record<string, unknown>; putExpDateMap: Record<string, unknown> },
  symbol: string,
): Record<string, unknown>[] {
  const keys = new Set([...Object.keys(chain.callExpDateMap), ...Object.keys(chain.putExpDateMap)]);
  return [...keys]
    .map((key) => {
      const [date = '', days = '0'] = key.split(':');
      return { expirationDate: date, daysToExpiration: Number(days) };
    })
    .sort((a, b) => a.expirationDate.localeCompare(b.expirationDate))
    .map((e) => ({ ...e, optionRoots: symbol }));
}
