// IV history: each underlying's latest ATM IV with its IV rank and percentile (FLOW-RULES.md §11).
import type { IvSummary } from '../domain/volatility.ts';
import { defineDomain, event, request } from './define.ts';
import { empty } from './common.ts';

const domain = defineDomain(
  'volatility',
  {
    /** Every underlying with a sample in the history window, by name. */
    summaries: request<IvSummary[]>()(empty, ['feed']),
  },
  {
    /** Sent after each round of samples: the whole list again. */
    summaries: event<IvSummary[]>('latest'),
  },
);

export const volatility = domain.requests;
export const volatilityEvents = domain.events;
