// The history search form as a trader types it (text fields, chips) and the query it makes, with a
// clear message for each field that cannot be read. The contract's own schema checks it again in main.
import type { FlowKind, Sentiment, Side } from '../../shared/domain/flow.ts';
import type { HistoryQuery, SavedSearch } from '../../shared/domain/history-search.ts';
import type { Right } from '../../shared/domain/market.ts';
import type { StrategyType } from '../../shared/domain/strategy.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { tryParseTicker } from '../../shared/symbols/ticker.ts';
import { etMidnight, parseCalendarDate } from '../../shared/time/eastern.ts';
import { parsePremium } from '../feed/parse-premium.ts';

export interface HistoryForm {
  underlyings: string;
  contract: string;
  strikeMin: string;
  strikeMax: string;
  expiryFrom: string;
  expiryTo: string;
  rights: Right[];
  kinds: FlowKind[];
  sides: Side[];
  minPremium: string;
  maxPremium: string;
  sentiments: Sentiment[];
  strategies: StrategyType[];
  /** ET trading days, YYYY-MM-DD, both inclusive. */
  dateFrom: string;
  dateTo: string;
  repeat: { direction: 'BUY' | 'SELL'; minDays: string } | null;
}

export const EMPTY_FORM: Readonly<HistoryForm> = Object.freeze({
  underlyings: '',
  contract: '',
  strikeMin: '',
  strikeMax: '',
  expiryFrom: '',
  expiryTo: '',
  rights: [],
  kinds: [],
  sides: [],
  minPremium: '',
  maxPremium: '',
  sentiments: [],
  strategies: [],
  dateFrom: '',
  dateTo: '',
  repeat: null,
});

export type FormResult = { ok: true; query: HistoryQuery } | { ok: false; errors: Partial<Record<keyof HistoryForm, string>> };

const DAY_MS = 86_400_000;

/** The query a form asks for; an empty chip group means any value. */
export function queryOf(form: HistoryForm): FormResult {
  const errors: Partial<Record<keyof HistoryForm, string>> = {};
  const query: HistoryQuery = {};
  const tickers = form.underlyings.split(/[\s,]+/).filter(Boolean);
  const underlyings: string[] = [];
  for (const text of tickers) {
    const parsed = tryParseTicker(text);
    if (parsed.ok) underlyings.push(parsed.ticker);
    else errors.underlyings = `${text}: ${parsed.error}`;
  }
  if (underlyings.length > 0) query.underlyings = [...new Set(underlyings)];
  if (form.contract.trim() !== '') {
    const parsed = tryParseOptionSymbol(form.contract.trim());
    if (parsed.ok) query.contract = parsed.contract.symbol;
    else errors.contract = parsed.error.message;
  }
  const number = (key: 'strikeMin' | 'strikeMax') => {
    const text = form[key].trim();
    if (text === '') return;
    const n = Number(text);
    if (Number.isFinite(n) && n >= 0) query[key] = n;
    else errors[key] = `${text} is not a strike`;
  };
  number('strikeMin');
  number('strikeMax');
  const premium = (key: 'minPremium' | 'maxPremium') => {
    if (form[key].trim() === '') return;
    const n = parsePremium(form[key]);
    if (n === null) errors[key] = `${form[key].trim()} is not a premium (try 250k or 1.5m)`;
    else query[key] = n;
  };
  premium('minPremium');
  premium('maxPremium');
  const date = (key: 'expiryFrom' | 'expiryTo' | 'dateFrom' | 'dateTo'): string | null => {
    const text = form[key].trim();
    if (text === '') return null;
    try {
      parseCalendarDate(text);
      return text;
    } catch (error) {
      errors[key] = (error as Error).message;
      return null;
    }
  };
  const expiryFrom = date('expiryFrom');
  const expiryTo = date('expiryTo');
  if (expiryFrom !== null) query.expiryFrom = expiryFrom;
  if (expiryTo !== null) query.expiryTo = expiryTo;
  const dateFrom = date('dateFrom');
  const dateTo = date('dateTo');
  if (dateFrom !== null) query.from = etMidnight(dateFrom);
  // The last day counts whole: up to the next ET midnight (a DST day is 23 or 25 hours).
  if (dateTo !== null) query.to = etMidnight(nextDay(dateTo));
  if (form.rights.length > 0) query.rights = [...form.rights];
  if (form.kinds.length > 0) query.kinds = [...form.kinds];
  if (form.sides.length > 0) query.sides = [...form.sides];
  if (form.sentiments.length > 0) query.sentiments = [...form.sentiments];
  if (form.strategies.length > 0) query.strategies = [...form.strategies];
  if (form.repeat) {
    const days = Number(form.repeat.minDays);
    if (Number.isInteger(days) && days >= 2 && days <= 3650) query.repeat = { direction: form.repeat.direction, minDays: days };
    else errors.repeat = 'distinct days is a whole number from 2';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query };
}

function nextDay(date: string): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
  return next.toISOString().slice(0, 10);
}

/** The form showing a saved search (its criteria on an otherwise empty form). */
export function formOf(saved: SavedSearch): HistoryForm {
  const { repeat } = saved.query;
  return { ...EMPTY_FORM, repeat: repeat ? { direction: repeat.direction, minDays: String(repeat.minDays) } : null };
}
