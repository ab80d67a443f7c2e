// One rule's conditions: the feed's filters (FLOW rules), the rule set's underlyings, sentiment
// and flags, then what holds it back: cool-down, cap per hour, quiet hours (FLOW-RULES.md §13).
import { useState } from 'react';
import type { FlowKind, Moneyness, Sentiment, Side } from '../../shared/domain/flow.ts';
import { FLOW_KINDS, MONEYNESS, SIDES } from '../../shared/domain/flow.ts';
import type { Right } from '../../shared/domain/market.ts';
import type { AlertFlowFlag, AlertRule } from '../../shared/domain/session.ts';
import { ALERT_FLOW_FLAGS, ALERT_SENTIMENTS } from '../../shared/domain/session.ts';
import { SIDE_LABELS } from '../feed/badges.ts';
import { formOf, ruleOf, toggled, type FormErrors, type RuleForm } from './rule-form.ts';

const FLAG_LABELS: Readonly<Record<AlertFlowFlag, string>> = { UNUSUAL: 'Unusual vol/OI', REPEATER: 'Repeated hits', OPENING_LIKELY: 'Opening (size > OI)', STRATEGY_LEG: 'Strategy leg' };
const RIGHTS: readonly Right[] = ['C', 'P'];

interface Props {
  rule: AlertRule;
  onSave: (rule: AlertRule) => void;
  onCancel: () => void;
}

export function RuleEditor({ rule, onSave, onCancel }: Props) {
  const [form, setForm] = useState<RuleForm>(() => formOf(rule));
  const [errors, setErrors] = useState<FormErrors>({});
  const edit = (patch: Partial<RuleForm>) => setForm((f) => ({ ...f, ...patch }));
  const save = () => {
    const parsed = ruleOf(rule, form);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    onSave(parsed.rule);
  };
  const flow = rule.kind === 'FLOW';
  const text = (key: keyof RuleForm, label: string, placeholder = '') => (
    <label className="rule-field">
      <span className="field-label">{label}</span>
      <input className={`text-input${errors[key] ? ' has-error' : ''}`} value={String(form[key])} placeholder={placeholder} onChange={(e) => edit({ [key]: e.target.value })} data-testid={`rule-${key}`} />
      {errors[key] ? <span className="field-error">{errors[key]}</span> : null}
    </label>
  );
  return (
    <form
      className="rule-editor"
      data-testid="rule-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {text('name', 'Name', 'e.g. Golden sweep')}
      {text('underlyings', 'Underlyings', 'all')}
      {flow ? (
        <>
          {text('minPremium', 'Min premium', 'any')}
          <Choices label="Kinds" every={FLOW_KINDS} chosen={form.kinds} name={(k: FlowKind) => k.toLowerCase()} onChange={(kinds) => edit({ kinds })} />
          <Choices label="Side" every={SIDES} chosen={form.sides} name={(s: Side) => SIDE_LABELS[s]} onChange={(sides) => edit({ sides })} />
          <Choices label="Calls / puts" every={RIGHTS} chosen={form.rights} name={(r: Right) => (r === 'C' ? 'calls' : 'puts')} onChange={(rights) => edit({ rights })} />
          <Choices label="Sentiment" every={ALERT_SENTIMENTS} chosen={form.sentiments} name={(s: Sentiment) => s.toLowerCase()} onChange={(sentiments) => edit({ sentiments })} />
          <Choices label="Moneyness" every={MONEYNESS} chosen={form.moneyness} name={(m: Moneyness) => m} onChange={(moneyness) => edit({ moneyness })} />
          <Choices label="Must be" every={ALERT_FLOW_FLAGS} chosen={form.flags} name={(f: AlertFlowFlag) => FLAG_LABELS[f]} onChange={(flags) => edit({ flags })} none="nothing more" />
          <label className="check-row">
            <input type="checkbox" checked={form.whalesOnly} onChange={(e) => edit({ whalesOnly: e.target.checked })} data-testid="rule-whales" />
            Whales only
          </label>
          <div className="rule-pair">
            {text('dteMin', 'DTE from', '0')}
            {text('dteMax', 'to', 'any')}
          </div>
          <div className="rule-pair">
            {text('deltaMin', 'Delta from', 'any')}
            {text('deltaMax', 'to', 'any')}
            <label className="check-row">
              <input type="checkbox" checked={form.deltaAbsolute} onChange={(e) => edit({ deltaAbsolute: e.target.checked })} />
              |delta|
            </label>
          </div>
        </>
      ) : rule.kind === 'PREMIUM_OVER' || rule.kind === 'SPREAD_WIDE' || rule.kind === 'BOOK_EVENT' ? (
        text('threshold', rule.kind === 'PREMIUM_OVER' ? 'Premium over ($)' : rule.kind === 'SPREAD_WIDE' ? 'Spread over (% of mid)' : 'Size at least', 'any')
      ) : null}
      <div className="rule-pair">
        {text('cooldownMin', 'Cool-down (min)', 'none')}
        {text('maxPerHour', 'At most an hour', 'no cap')}
      </div>
      <div className="rule-pair">
        {text('quietFrom', 'Quiet from (ET)', 'HH:MM')}
        {text('quietTo', 'to', 'HH:MM')}
      </div>
      {errors.rule ? <p className="field-error">{errors.rule}</p> : null}
      <div className="rule-actions">
        <button type="submit" className="chip chip-on" data-testid="rule-save">
          Save rule
        </button>
        <button type="button" className="chip" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface ChoiceProps<T> {
  label: string;
  every: readonly T[];
  chosen: readonly T[];
  name: (value: T) => string;
  onChange: (chosen: T[]) => void;
  none?: string;
}

/** None chosen means any: the chips read like the feed's filters. */
function Choices<T extends string>({ label, every, chosen, name, onChange, none = 'any' }: ChoiceProps<T>) {
  return (
    <div className="rule-field">
      <span className="field-label">
        {label} {chosen.length === 0 ? <span className="muted">({none})</span> : null}
      </span>
      <span className="toggle-group" data-testid={`rule-choice-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
        {every.map((value) => {
          const on = chosen.includes(value);
          return (
            <button key={value} type="button" className={on ? 'chip chip-on' : 'chip'} aria-pressed={on} data-value={value} onClick={() => onChange(toggled(chosen, value, every))}>
              {name(value)}
            </button>
          );
        })}
      </span>
    </div>
  );
}
