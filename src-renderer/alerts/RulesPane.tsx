// The alert rules, a set per underlying: each one switched on or off, edited, back-tested or
// removed; new ones from the presets traders use or from the open filter. Saved to settings at
// once, where main picks them up for the live session (FLOW-RULES.md §13).
import { useState } from 'react';
import { ALERT_PRESETS, ruleFromPreset } from '../../shared/analytics/alert-presets.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { BacktestPane } from './BacktestPane.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { ruleSets } from './rule-form.ts';

const KIND_NAMES: Readonly<Record<AlertRule['kind'], string>> = {
  WHALE: 'Whale',
  PREMIUM_OVER: 'Premium over',
  WATCHLIST_SWEEP: 'Sweep on the watchlist',
  SPREAD_WIDE: 'Spread wider than',
  BOOK_EVENT: 'Book event',
  FLOW: 'Flow filter',
};

type Open = { mode: 'edit' | 'test'; id: string } | null;

export function RulesPane() {
  const model = useFeedModel();
  const settings = useCell(model.settings);
  const rules = settings?.alerts.rules ?? [];
  const [open, setOpen] = useState<Open>(null);
  const [preset, setPreset] = useState<string>(ALERT_PRESETS[0]?.id ?? '');

  const save = (next: AlertRule[]) => void model.updateAlertSettings({ rules: next });
  const replace = (rule: AlertRule) => save(rules.map((r) => (r.id === rule.id ? rule : r)));
  const add = (rule: AlertRule) => {
    save([...rules, rule]);
    setOpen({ mode: 'edit', id: rule.id });
  };
  const addPreset = () => {
    const chosen = ALERT_PRESETS.find((p) => p.id === preset);
    if (chosen) add(ruleFromPreset(chosen, rules));
  };
  const addBlank = () => {
    const base = ALERT_PRESETS.find((p) => p.id === 'whale-flow');
    if (!base) return;
    const rule = ruleFromPreset(base, []);
    let n = 1;
    while (rules.some((r) => r.id === `flow-${n}`)) n++;
    add({ ...rule, id: `flow-${n}`, name: `Rule ${n}`, ...(rule.filter ? { filter: { ...rule.filter, whalesOnly: false } } : {}) });
  };

  const openRule = open ? rules.find((r) => r.id === open.id) : undefined;

  return (
    <div className="rules-pane" data-testid="alert-rules">
      <div className="add-rule">
        <select className="select" value={preset} onChange={(e) => setPreset(e.target.value)} aria-label="Preset" data-testid="rule-preset">
          {ALERT_PRESETS.map((p) => (
            <option key={p.id} value={p.id} title={p.description}>
              {p.label}
            </option>
          ))}
        </select>
        <button type="button" className="chip" onClick={addPreset} data-testid="rule-add-preset" disabled={rules.length >= 100}>
          + Preset
        </button>
        <button type="button" className="chip" onClick={addBlank} data-testid="rule-add" disabled={rules.length >= 100}>
          + New rule
        </button>
      </div>
      {ruleSets(rules).map((set) => (
        <section key={set.underlying} className="rule-set" data-testid="rule-set" data-underlying={set.underlying}>
          <h3 className="rule-set-head">{set.underlying === 'All' ? 'All underlyings' : set.underlying}</h3>
          <ul className="rule-list">
            {set.rules.map((rule) => (
              <li key={rule.id} className={rule.enabled ? 'rule-item' : 'rule-item is-off'} data-testid="rule-item" data-rule-id={rule.id}>
                <label className="check-row">
                  <input type="checkbox" checked={rule.enabled} onChange={(e) => replace({ ...rule, enabled: e.target.checked })} aria-label={`${rule.name ?? rule.id} on`} />
                  <span className="strong">{rule.name ?? KIND_NAMES[rule.kind]}</span>
                </label>
                <span className="spacer" />
                <button type="button" className="link-button" onClick={() => setOpen({ mode: 'edit', id: rule.id })} data-testid="rule-edit">
                  edit
                </button>
                <button type="button" className="link-button" onClick={() => setOpen({ mode: 'test', id: rule.id })} data-testid="rule-backtest">
                  back-test
                </button>
                <button type="button" className="icon-button" aria-label={`Remove ${rule.name ?? rule.id}`} onClick={() => save(rules.filter((r) => r.id !== rule.id))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {open && openRule && open.mode === 'edit' ? (
        <RuleEditor
          key={openRule.id}
          rule={openRule}
          onCancel={() => setOpen(null)}
          onSave={(rule) => {
            replace(rule);
            setOpen(null);
            model.hooks.emit('alert-rule-saved', { id: rule.id });
          }}
        />
      ) : null}
      {open && openRule && open.mode === 'test' ? <BacktestPane key={openRule.id} rule={openRule} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
