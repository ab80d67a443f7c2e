// Schwab's asset classification for an equity key, as quotes and stream snapshots carry it.

/** ETFs among the default underlyings; other tickers count as common equity ("COE"). */
const ETFS = new Set(['SPY', 'QQQ', 'IWM', 'DIA', 'GLD', 'TLT', 'XLF', 'XLE', 'SMH']);

export interface EquityAssetTypes {
  assetMainType: 'EQUITY' | 'INDEX';
  assetSubType: 'COE' | 'ETF' | 'INDX';
}

/** Indexes are `$`-prefixed (`$SPX`). */
export function equityAssetTypes(symbol: string): EquityAssetTypes {
  if (symbol.startsWith('$')) return { assetMainType: 'INDEX', assetSubType: 'INDX' };
  return { assetMainType: 'EQUITY', assetSubType: ETFS.has(symbol) ? 'ETF' : 'COE' };
}
