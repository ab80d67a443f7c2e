// Schwab REST response shapes (docs/schwab-streaming.md §2), shared by the client and the
// simulator.

export interface SchwabChainContract {
  putCall: 'CALL' | 'PUT';
  symbol: string;
  description: string;
  exchangeName: string;
  bid: number;
  ask: number;
  last: number;
  mark: number;
  bidSize: number;
  askSize: number;
  lastSize: number;
  totalVolume: number;
  openInterest: number;
  volatility: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  strikePrice: number;
  expirationDate: string;
  daysToExpiration: number;
  multiplier: number;
  quoteTimeInLong: number;
  tradeTimeInLong: number;
  inTheMoney: boolean;
}

export interface SchwabChainResponse {
  symbol: string;
  status: 'SUCCESS' | 'FAILED';
  underlyingPrice: number;
  isDelayed: boolean;
  numberOfContracts: number;
  /** "<yyyy-MM-dd>:<days>" → strike string → contracts */
  callExpDateMap: Record<string, Record<string, SchwabChainContract[]>>;
  putExpDateMap: Record<string, Record<string, SchwabChainContract[]>>;
}

export interface ChainQuery {
  strikeCount?: number;
  fromDate?: string;
  toDate?: string;
  contractType?: 'CALL' | 'PUT' | 'ALL';
}

/**
 * What a caller of SchwabRest.chains asks for. Every request that leaves is limited by strikes
 * and dates (an unlimited chain of a big root overflows Schwab's response buffer,
 * docs/schwab-streaming.md §2.2): without `fromDate`/`toDate` the client asks the expiration
 * chain and covers the nearest `expiries` (default DEFAULT_CHAIN_EXPIRIES); without
 * `strikeCount`, DEFAULT_CHAIN_STRIKES.
 */
export interface ChainRequest extends ChainQuery {
  expiries?: number;
}

/** One listed expiry of GET /marketdata/v1/expirationchain. */
export interface SchwabExpiration {
  /** yyyy-MM-dd */
  expirationDate: string;
  daysToExpiration: number;
  expirationType?: string;
  settlementType?: string;
  optionRoots?: string;
  standard?: boolean;
}

export interface SchwabExpirationChain {
  status?: string;
  expirationList: SchwabExpiration[];
}

/** One candle of GET /marketdata/v1/pricehistory; `datetime` is the candle's start (epoch ms). */
export interface SchwabCandle {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  datetime: number;
}

export interface SchwabPriceHistory {
  symbol: string;
  empty: boolean;
  candles: SchwabCandle[];
}

export interface StreamerInfo {
  streamerSocketUrl: string;
  schwabClientCustomerId: string;
  schwabClientCorrelId: string;
  schwabClientChannel: string;
  schwabClientFunctionId: string;
}

export interface UserPreference {
  streamerInfo: StreamerInfo[];
  offers?: { level2Permissions?: boolean; mktDataPermission?: string }[];
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}
