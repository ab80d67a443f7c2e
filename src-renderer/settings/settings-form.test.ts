import { describe, expect, it } from 'vitest';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import { BOOK_FIELDS, FLOW_FIELDS, newRule, parseBook, parseData, parseFlow, parseRules, ruleDraft, toDraft } from './settings-form.ts';

const defaults = defaultAppSettings();

describe('number sections', () => {
  it('round-trips the flow rules, fractions shown as percents', () => {
    const draft = toDraft(defaults.flow, FLOW_FIELDS);
    expect(draft.atmBand).toBe('0.5');
    expect(draft.unusualTopPremiumFraction).toBe('1');
    expect(draft.whaleMinPremium).toBe('100000');
    expect(parseFlow(draft)).toEqual({ ok: true, value: defaults.flow });
    const edited = parseFlow({ ...draft, whaleMinPremium: '$250,000', atmBand: '1.5' });
    expect(edited.ok && edited.value.whaleMinPremium).toBe(250_000);
    expect(edited.ok && edited.value.atmBand).toBe(0.015);
  });

  it('names the field that is wrong', () => {
    const draft = toDraft(defaults.flow, FLOW_FIELDS);
    expect(parseFlow({ ...draft, clusterWindowMs: 'soon' })).toEqual({ ok: false, errors: { clusterWindowMs: 'a number, please' } });
    const bad = parseFlow({ ...draft, repeaterMinHits: '1' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && Object.keys(bad.errors)).toEqual(['repeaterMinHits']);
    const book = parseBook({ ...toDraft(defaults.book, BOOK_FIELDS), levels: '51' });
    expect(!book.ok && Object.keys(book.errors)).toEqual(['levels']);
    expect(parseBook(toDraft(defaults.book, BOOK_FIELDS))).toEqual({ ok: true, value: defaults.book });
  });

  it('reads the data section, empty meaning the default', () => {
    expect(parseData(null, '')).toEqual({ ok: true, value: { folder: null, retentionMb: null } });
    expect(parseData('/data/fathom', '2048')).toEqual({ ok: true, value: { folder: '/data/fathom', retentionMb: 2048 } });
    expect(parseData('', '5').ok).toBe(false);
    expect(parseData('', 'lots').ok).toBe(false);
  });
});

describe('alert rules', () => {
  it('round-trips the default rules and adds new ones with fresh ids', () => {
    const drafts = defaults.alerts.rules.map(ruleDraft);
    expect(parseRules(drafts)).toEqual({ ok: true, value: defaults.alerts.rules });
    const spread = newRule('SPREAD_WIDE', drafts);
    expect(spread).toMatchObject({ id: 'spread-wide-1', threshold: '15', sound: 'spread', enabled: true });
    expect(newRule('SPREAD_WIDE', [...drafts, spread]).id).toBe('spread-wide-2');
    const parsed = parseRules([...drafts, { ...spread, symbols: 'spy, qqq spy', threshold: '12.5%' }]);
    expect(parsed.ok && parsed.value.at(-1)).toMatchObject({ kind: 'SPREAD_WIDE', threshold: 12.5, symbols: ['SPY', 'QQQ'] });
  });

  it('wants a threshold where the rule has one', () => {
    const premium = { ...newRule('PREMIUM_OVER', []), threshold: '' };
    expect(parseRules([premium])).toEqual({ ok: false, errors: { '0.threshold': 'a threshold in $' } });
    expect(parseRules([{ ...newRule('WHALE', []), threshold: 'ignored' }])).toMatchObject({ ok: true, value: [{ threshold: null }] });
  });

  it('edits a book event rule: kinds, sides, open books only, and a smallest size that may be left empty', () => {
    const drafts = defaults.alerts.rules.map(ruleDraft);
    const book = newRule('BOOK_EVENT', drafts);
    expect(book).toMatchObject({ id: 'book-event-1', threshold: '', sound: 'book', bookEvents: ['refill'], sides: [], watchedOnly: true });
    const parsed = parseRules([...drafts, book]);
    expect(parsed.ok && parsed.value.at(-1)).toEqual({ id: 'book-event-1', kind: 'BOOK_EVENT', enabled: true, symbols: [], threshold: null, kinds: [], sound: 'book', bookEvents: ['refill'], sides: [], watchedOnly: true });
    const edited = parseRules([{ ...book, threshold: '50', bookEvents: ['pull', 'refill'], sides: ['bid'], watchedOnly: false, symbols: 'spy' }]);
    expect(edited).toEqual({ ok: true, value: [{ id: 'book-event-1', kind: 'BOOK_EVENT', enabled: true, symbols: ['SPY'], threshold: 50, kinds: [], sound: 'book', bookEvents: ['pull', 'refill'], sides: ['bid'], watchedOnly: false }] });
    expect(parseRules([{ ...book, threshold: 'many' }])).toEqual({ ok: false, errors: { '0.threshold': 'a threshold in contracts' } });
    // The rule round-trips through its draft, as main stores it.
    const stored = edited.ok ? edited.value : [];
    expect(parseRules(stored.map(ruleDraft))).toEqual(edited);
  });
});
