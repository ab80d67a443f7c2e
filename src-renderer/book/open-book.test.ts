import { describe, expect, it } from 'vitest';
import { parseRoute } from '../api/route.ts';
import { bookPath, openBookWindow } from './open-book.ts';

const SYM = 'SPY   241129C00450000';

function bridge(host: 'web' | 'electron', opened: boolean) {
  const asked: string[] = [];
  const api = { windows: { openBook: async ({ symbol }: { symbol: string }) => (asked.push(symbol), { opened }) } };
  return { asked, bridge: { host, api } as unknown as Parameters<typeof openBookWindow>[0] };
}

describe('book route', () => {
  it('round-trips the padded symbol through the page route', () => {
    const path = bookPath('/', SYM);
    expect(path).toBe('/?window=book&symbol=SPY%20%20%20241129C00450000');
    expect(parseRoute(path.slice(1))).toEqual({ window: 'book', symbol: SYM, token: null });
  });
});

describe('openBookWindow', () => {
  it('opens a tab when the web host cannot open a window', async () => {
    const { asked, bridge: b } = bridge('web', false);
    const tabs: string[] = [];
    expect(await openBookWindow(b, SYM, '/', (url) => tabs.push(url))).toEqual({ symbol: SYM, opened: false, tab: true });
    expect(asked).toEqual([SYM]);
    expect(tabs).toEqual([bookPath('/', SYM)]);
  });

  it('leaves it to main when main opened a window', async () => {
    const { bridge: b } = bridge('electron', true);
    const tabs: string[] = [];
    expect(await openBookWindow(b, SYM, '/', (url) => tabs.push(url))).toEqual({ symbol: SYM, opened: true, tab: false });
    expect(tabs).toEqual([]);
  });
});
