// The history search's criteria: underlyings, one contract, strike and expiry ranges, calls or
// puts, kind, side, premium range, sentiment, the ET days to look at, and the repeat criterion;
// the saved searches fill it in.
import type { ReactNode } from 'react';
import { FLOW_KINDS, SIDES, type FlowKind, type Sentiment, type Side } from '../../shared/domain/flow.ts';
import { SAVED_SEARCHES, SENTIMENTS } from '../../shared/domain/history-search.ts';
import type { Right } from '../../shared/domain/market.ts';
import { STRATEGY_LABELS, STRATEGY_TYPES, type StrategyType } from '../../shared/domain/strategy.ts';
import { toggleChoice } from '../../shared/analytics/flow-filter.ts';
import { ToggleGroup } from '../ui/ToggleGroup.tsx';
import { EMPTY_FORM, formOf, type HistoryForm } from './history-form.ts';

const SIDE_LABELS: Record<Side, string> = { ABOVE_ASK: 'Above ask', ASK: 'Ask', MID: 'Mid', BID: 'Bid', BELOW_BID: 'Below bid' };
const RIGHTS: readonly Right[] = ['C', 'P'];

interface Props {
  form: HistoryForm;
  errors: Partial<Record<keyof HistoryForm, string>>;
  onChange: (form: HistoryForm) => void;
  onSearch: () => void;
  /** Fills the form with a saved search and runs it. */
  onRun: (form: HistoryForm) => void;
}

type TextKey = 'underlyings' | 'contract' | 'strikeMin' | 'strikeMax' | 'expiryFrom' | 'expiryTo' | 'minPremium' | 'maxPremium' | 'dateFrom' | 'dateTo';

export function HistorySearchForm({ form, errors, onChange, onSearch, onRun }: Props) {
  const text = (key: TextKey, placeholder: string, type: 'text' | 'date' = 'text') => (
    <input
      className="text-input small"
      type={type}
      value={form[key]}
      placeholder={placeholder}
      aria-label={placeholder}
      aria-invalid={errors[key] ? true : undefined}
      title={errors[key]}
      onChange={(e) => onChange({ ...form, [key]: e.target.value })}
      data-testid={`history-${key}`}
    />
  );
  return (
    <form
      className="history-form"
      data-testid="history-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
    >
      <Field label="Underlyings" error={errors.underlyings}>{text('underlyings', 'SPY, QQQ')}</Field>
      <Field label="Contract" error={errors.contract}>{text('contract', 'SPY 261218C00600000')}</Field>
      <Field label="Strike" error={errors.strikeMin ?? errors.strikeMax}>
        {text('strikeMin', 'min')} – {text('strikeMax', 'max')}
      </Field>
      <Field label="Expiry" error={errors.expiryFrom ?? errors.expiryTo}>
        {text('expiryFrom', 'expiry from', 'date')} – {text('expiryTo', 'expiry to', 'date')}
      </Field>
      <Field label="Premium" error={errors.minPremium ?? errors.maxPremium}>
        {text('minPremium', 'min, e.g. 100k')} – {text('maxPremium', 'max')}
      </Field>
      <Field label="Days (ET)" error={errors.dateFrom ?? errors.dateTo}>
        {text('dateFrom', 'from day', 'date')} – {text('dateTo', 'to day', 'date')}
      </Field>
      <Field label="Calls / puts">
        <ToggleGroup label="Calls or puts" testId="history-rights" options={RIGHTS.map((r) => ({ value: r, label: r === 'C' ? 'Calls' : 'Puts' }))} chosen={form.rights} onToggle={(v) => onChange({ ...form, rights: toggleChoice(form.rights, v, RIGHTS) })} />
      </Field>
      <Field label="Kind">
        <ToggleGroup label="Kind" testId="history-kinds" options={FLOW_KINDS.map((k) => ({ value: k, label: k }))} chosen={form.kinds} onToggle={(v: FlowKind) => onChange({ ...form, kinds: toggleChoice(form.kinds, v, FLOW_KINDS) })} />
      </Field>
      <Field label="Side">
        <ToggleGroup label="Side" testId="history-sides" options={SIDES.map((s) => ({ value: s, label: SIDE_LABELS[s] }))} chosen={form.sides} onToggle={(v: Side) => onChange({ ...form, sides: toggleChoice(form.sides, v, SIDES) })} />
      </Field>
      <Field label="Sentiment">
        <ToggleGroup label="Sentiment" testId="history-sentiments" options={SENTIMENTS.map((s) => ({ value: s, label: s.toLowerCase() }))} chosen={form.sentiments} onToggle={(v: Sentiment) => onChange({ ...form, sentiments: toggleChoice(form.sentiments, v, SENTIMENTS) })} />
      </Field>
      <Field label="Strategy leg">
        <ToggleGroup label="Strategy leg" testId="history-strategies" options={STRATEGY_TYPES.map((t) => ({ value: t, label: STRATEGY_LABELS[t] }))} chosen={form.strategies} onToggle={(v: StrategyType) => onChange({ ...form, strategies: toggleChoice(form.strategies, v, STRATEGY_TYPES) })} />
      </Field>
      <Field label="Repeat" error={errors.repeat}>
        <label className="check-row" title="The same contract, in the same direction, on at least this many distinct ET trading days">
          <input type="checkbox" checked={form.repeat !== null} onChange={(e) => onChange({ ...form, repeat: e.target.checked ? { direction: 'BUY', minDays: '3' } : null })} data-testid="history-repeat" />
          same contract
        </label>
        {form.repeat ? (
          <>
            <select className="select" value={form.repeat.direction} onChange={(e) => onChange({ ...form, repeat: { minDays: form.repeat?.minDays ?? '3', direction: e.target.value === 'SELL' ? 'SELL' : 'BUY' } })} aria-label="Direction" data-testid="history-repeat-direction">
              <option value="BUY">bought</option>
              <option value="SELL">sold</option>
            </select>
            <span>on</span>
            <input className="text-input small days" value={form.repeat.minDays} onChange={(e) => onChange({ ...form, repeat: { direction: form.repeat?.direction ?? 'BUY', minDays: e.target.value } })} aria-label="Distinct days" data-testid="history-repeat-days" />
            <span>+ days</span>
          </>
        ) : null}
      </Field>
      <div className="history-actions">
        <button type="submit" className="chip chip-on" data-testid="history-search">
          Search all sessions
        </button>
        <button type="button" className="chip" onClick={() => onChange({ ...EMPTY_FORM })} data-testid="history-clear">
          Clear
        </button>
        <span className="muted">Saved:</span>
        {SAVED_SEARCHES.map((saved) => (
          <button key={saved.id} type="button" className="chip" title={saved.description} onClick={() => onRun(formOf(saved))} data-testid={`history-saved-${saved.id}`}>
            {saved.label}
          </button>
        ))}
      </div>
    </form>
  );
}

function Field({ label, error, children }: { label: string; error?: string | undefined; children: ReactNode }) {
  return (
    <div className="history-field">
      <span className="field-label">{label}</span>
      <div className="inline-form">{children}</div>
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
