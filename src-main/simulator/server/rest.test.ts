// REST routes over real HTTP (docs/schwab-streaming.md §2): userPreference, chains, quotes, auth
// and errors.
import { describe, expect, it } from 'vitest';
import { SCRIPTED_CALL } from './scripted-market.testkit.ts';
import { accessToken, getJson, scriptedPerTest } from './simulator.testkit.ts';

const scripted = scriptedPerTest();

async function setup() {
  const setup = await scripted();
  return { ...setup, token: await accessToken(setup.sim) };
}

describe('auth on market-data and trader routes', () => {
  it('answers 401 without a token, with a bad one, and with a Basic header', async () => {
    const { sim } = await setup();
    for (const path of [
      '/trader/v1/userPreference',
      '/marketdata/v1/chains?symbol=SPY',
      '/marketdata/v1/quotes?symbols=SPY',
    ]) {
      expect((await getJson(sim, path, null)).status).toBe(401);
      expect((await getJson(sim, path, 'I0.unknown@')).status).toBe(401);
    }
    const basic = await fetch(`${sim.apiBase}/trader/v1/userPreference`, {
      headers: { Authorization: 'Basic abc' },
    });
    expect(basic.status).toBe(401);
  });

  it('answers unknown paths with the 404 error shape', async () => {
    const { sim, token } = await setup();
    const missing = await getJson(sim, '/marketdata/v1/nothing', token);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errors: [{ status: '404', title: 'Not Found' }] });
  });
});

describe('GET /trader/v1/userPreference', () => {
  it('returns accounts, one streamerInfo pointing at the simulator, and NP offers', async () => {
    const { sim, token } = await setup();
    const { status, body } = await getJson(sim, '/trader/v1/userPreference', token);
    expect(status).toBe(200);
    const pref = body as {
      accounts: unknown[];
      streamerInfo: Record<string, string>[];
      offers: unknown[];
    };
    expect(pref.accounts).toHaveLength(1);
    expect(pref.streamerInfo).toHaveLength(1);
    const info = pref.streamerInfo[0] ?? {};
    expect(info.streamerSocketUrl).toBe(sim.wsUrl);
    expect(info.schwabClientCustomerId).toMatch(/^[0-9a-f]{64}$/);
    expect(info.schwabClientCorrelId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(info).toMatchObject({ schwabClientChannel: 'N9', schwabClientFunctionId: 'APIAPP' });
    expect(pref.offers).toEqual([{ level2Permissions: true, mktDataPermission: 'NP' }]);
    expect(sim.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(sim.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('GET /marketdata/v1/chains', () => {
  it('returns the market chain, filtered by contractType', async () => {
    const { sim, token } = await setup();
    const { status, body } = await getJson(
      sim,
      '/marketdata/v1/chains?symbol=SPY&strikeCount=4&contractType=CALL&fromDate=2025-01-01&toDate=2025-02-01',
      token,
    );
    expect(status).toBe(200);
    const chain = body as {
      symbol: string;
      callExpDateMap: Record<string, Record<string, { symbol: string }[]>>;
      putExpDateMap: object;
    };
    expect(chain.symbol).toBe('SPY');
    expect(chain.callExpDateMap['2025-01-17:30']?.['500.0']?.[0]?.symbol).toBe(SCRIPTED_CALL);
    expect(chain.putExpDateMap).toEqual({});
  });

  it('answers 404 for an unknown underlying and 400 for bad parameters', async () => {
    const { sim, token } = await setup();
    const unknown = await getJson(sim, '/marketdata/v1/chains?symbol=NOPE', token);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errors: [{ status: '404', title: 'Not Found' }] });
    expect((await getJson(sim, '/marketdata/v1/chains', token)).status).toBe(400);
    expect(
      (await getJson(sim, '/marketdata/v1/chains?symbol=SPY&strikeCount=x', token)).status,
    ).toBe(400);
    expect(
      (await getJson(sim, '/marketdata/v1/chains?symbol=SPY&contractType=BOTH', token)).status,
    ).toBe(400);
    expect(
      (await getJson(sim, '/marketdata/v1/chains?symbol=SPY&fromDate=01/02/2025', token)).status,
    ).toBe(400);
  });
});

describe('GET /marketdata/v1/quotes', () => {
  it('keys quote entries by symbol, for options and equities, and leaves unknown symbols out', async () => {
    const { sim, token } = await setup();
    const symbols = encodeURIComponent(`SPY,${SCRIPTED_CALL},NOPE`);
    const { status, body } = await getJson(
      sim,
      `/marketdata/v1/quotes?symbols=${symbols}&fields=quote,reference`,
      token,
    );
    expect(status).toBe(200);
    const quotes = body as Record<string, Record<string, unknown>>;
    expect(Object.keys(quotes).sort()).toEqual([SCRIPTED_CALL, 'SPY'].sort());
    expect(quotes.SPY).toMatchObject({
      assetMainType: 'EQUITY',
      assetSubType: 'ETF',
      symbol: 'SPY',
      realtime: true,
      quote: { bidPrice: 499.9, askPrice: 500.1, lastPrice: 500, closePrice: 495 },
    });
    expect(quotes[SCRIPTED_CALL]).toMatchObject({
      assetMainType: 'OPTION',
      quote: { bidPrice: 1, askPrice: 1.1, openInterest: 100, volatility: 25, delta: 0.5 },
      reference: { contractType: 'C', strikePrice: 500, underlying: 'SPY' },
    });
    const quoteOnly = (await getJson(sim, '/marketdata/v1/quotes?symbols=SPY&fields=quote', token))
      .body as Record<string, Record<string, unknown>>;
    expect(quoteOnly.SPY?.reference).toBeUndefined();
  });

  it('answers 404 when no symbol is known, and serves the single-symbol route', async () => {
    const { sim, token } = await setup();
    expect((await getJson(sim, '/marketdata/v1/quotes?symbols=NOPE,ALSO', token)).status).toBe(404);
    expect((await getJson(sim, '/marketdata/v1/quotes', token)).status).toBe(400);
    const single = await getJson(
      sim,
      `/marketdata/v1/${encodeURIComponent(SCRIPTED_CALL)}/quotes`,
      token,
    );
    expect(single.status).toBe(200);
    expect(Object.keys(single.body as object)).toEqual([SCRIPTED_CALL]);
    expect((await getJson(sim, '/marketdata/v1/NOPE/quotes', token)).status).toBe(404);
  });
});
