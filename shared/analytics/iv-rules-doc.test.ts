import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VOLATILITY_SETTINGS } from '../domain/volatility.ts';
import { ATM_MAX_DISTANCE, ATM_QUOTE_MAX_AGE_MS, IV_TARGET_DAYS } from './atm-iv.ts';
import { REALIZED_VOL_DAYS, TRADING_DAYS_PER_YEAR } from './realized-vol.ts';

// FLOW-RULES.md §11 states the IV-history rules with the values the code uses.
const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
const samplerSource = readFileSync(new URL('../../src-main/market/atm-iv-sampler.ts', import.meta.url), 'utf8');
const contractsSource = readFileSync(new URL('../../src-main/ingest/atm-iv-contracts.ts', import.meta.url), 'utf8');
const historySource = readFileSync(new URL('../../src-main/ingest/iv-history.ts', import.meta.url), 'utf8');

describe('FLOW-RULES.md §11 IV history', () => {
  // Line breaks fall anywhere in prose: compare with single spaces.
  const section = doc.slice(doc.indexOf('## 11. IV history, IV rank and IV percentile')).replace(/\s+/g, ' ');

  it('is there, after the sections before it', () => {
    expect(doc.indexOf('## 11. IV history, IV rank and IV percentile')).toBeGreaterThan(doc.indexOf('## 7. Book events'));
  });

  it('states every threshold and default with its value', () => {
    expect(section).toContain(`within ${ATM_MAX_DISTANCE * 100}% of the spot (\`ATM_MAX_DISTANCE\`)`);
    expect(section).toContain(`${ATM_QUOTE_MAX_AGE_MS / 60_000} minutes (\`ATM_QUOTE_MAX_AGE_MS\`)`);
    expect(section).toContain(`constant ${IV_TARGET_DAYS} days (\`IV_TARGET_DAYS\`)`);
    expect(section).toContain(`\`sampleEveryMs\` (default ${DEFAULT_VOLATILITY_SETTINGS.sampleEveryMs.toLocaleString('en-US')} ms`);
    expect(section).toContain(`\`windowDays\` weekdays ending on the latest sample's day (default ${DEFAULT_VOLATILITY_SETTINGS.windowDays}`);
    expect(section).toContain(`\`minDays\` (default ${DEFAULT_VOLATILITY_SETTINGS.minDays}, a setting)`);
    expect(/export const RETRY_MS = (\d+);/.exec(samplerSource)?.[1]).toBe('1000');
    expect(section).toContain('at most once a second (`RETRY_MS`)');
    expect(/const CHAIN_STRIKES = (\d+);/.exec(contractsSource)?.[1]).toBe('4');
    expect(section).toContain('a chain of 4 strikes around the money');
    expect(section).toContain(`the last ${REALIZED_VOL_DAYS} daily log returns (\`REALIZED_VOL_DAYS\`) × √${TRADING_DAYS_PER_YEAR} × 100`);
    expect(/export const REALIZED_RETRY_MS = ([^;]+);/.exec(historySource)?.[1]).toBe('15 * 60_000');
    expect(section).toContain('after 15 minutes, `REALIZED_RETRY_MS`');
  });
});
