import { describe, expect, it } from 'vitest';
import { parseRoute, searchWithoutToken, socketUrl } from './route.ts';

describe('parseRoute', () => {
  it('defaults to the feed', () => {
    expect(parseRoute('')).toEqual({ window: 'feed', symbol: null, token: null });
    expect(parseRoute('?window=nonsense')).toEqual({ window: 'feed', symbol: null, token: null });
  });

  it('reads a book window with its symbol', () => {
    expect(parseRoute('?window=book&symbol=SPY%20%20%20241129C00450000&token=abcdefgh1234')).toEqual({
      window: 'book',
      symbol: 'SPY   241129C00450000',
      token: 'abcdefgh1234',
    });
  });

  it('falls back to the feed for a book without a symbol', () => {
    expect(parseRoute('?window=book').window).toBe('feed');
  });

  it('ignores a token that is not token-shaped', () => {
    expect(parseRoute('?token=<script>').token).toBeNull();
    expect(parseRoute('?token=short').token).toBeNull();
  });
});

describe('searchWithoutToken', () => {
  it('keeps everything but the token', () => {
    expect(searchWithoutToken('?token=abc&window=book&symbol=X')).toBe('?window=book&symbol=X');
    expect(searchWithoutToken('?token=abc')).toBe('');
  });
});

describe('socketUrl', () => {
  it('builds the IPC socket URL of the page', () => {
    const url = socketUrl({ protocol: 'http:', host: '127.0.0.1:5199' }, { window: 'feed', symbol: null, token: 'tok12345' }, '/ipc');
    expect(url).toBe('ws://127.0.0.1:5199/ipc?token=tok12345&window=feed&wire=binary');
    const book = socketUrl({ protocol: 'https:', host: 'h' }, { window: 'book', symbol: 'SPY', token: 't0k3n-xx' }, '/ipc');
    expect(book).toBe('wss://h/ipc?token=t0k3n-xx&window=book&symbol=SPY&wire=binary');
  });
});
