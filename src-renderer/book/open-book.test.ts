import { describe, expect, it } from 'vitest';
import { bookRoute, type OpenAnswer } from '../../shared/ipc/windows.ts';
import { parseRoute } from '../api/route.ts';
import { openBookWindow } from './open-book.ts';

const SYM = 'SPY   241129C00450000';

function bridge(answer: OpenAnswer) {
  const asked: string[] = [];
  const api = { windows: { openBook: async ({ symbol }: { symbol: string }) => (asked.push(symbol), answer) } };
  return { asked, bridge: { api } as unknown as Parameters<typeof openBookWindow>[0] };
}

describe('book route', () => {
  it('round-trips the padded symbol through the page route', () => {
    const route = bookRoute(SYM);
    expect(route).toBe('?window=book&symbol=SPY%20%20%20241129C00450000');
    expect(parseRoute(route)).toEqual({ window: 'book', symbol: SYM, token: null });
  });
});

describe('openBookWindow', () => {
  it('opens a tab where main says the page should', async () => {
    const { asked, bridge: b } = bridge({ by: 'page', url: bookRoute(SYM) });
    const tabs: string[] = [];
    expect(await openBookWindow(b, SYM, (url) => tabs.push(url))).toEqual({ symbol: SYM, opened: false, tab: true });
    expect(asked).toEqual([SYM]);
    expect(tabs).toEqual([bookRoute(SYM)]);
  });

  it('leaves it to main when the host opened a window', async () => {
    const { bridge: b } = bridge({ by: 'host' });
    const tabs: string[] = [];
    expect(await openBookWindow(b, SYM, (url) => tabs.push(url))).toEqual({ symbol: SYM, opened: true, tab: false });
    expect(tabs).toEqual([]);
  });
});
