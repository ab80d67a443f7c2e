// Alert rules and their sounds: whales, premium over an amount, sweeps on the watchlist,
// spreads wider than a percent of mid (judged by main on every open book window's contract), and
// book events (refill, pull, stack, touch: shared/analytics/FLOW-RULES.md §7) by kind and side.
import type { AlertSettings } from '../../shared/domain/app-settings.ts';
import { BOOK_EVENT_KINDS, type BookSideName } from '../../shared/domain/book-events.ts';
import { FLOW_KINDS } from '../../shared/domain/flow.ts';
import type { AlertRuleKind } from '../../shared/domain/session.ts';
import { ALERT_RULE_KINDS } from '../../shared/domain/session.ts';
import { SOUNDS } from '../alerts/alert-tones.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { SettingsSection } from './FormBits.tsx';
import type { RuleDraft } from './settings-form.ts';
import { newRule, parseRules, RULE_LABELS, ruleDraft, thresholdUnit } from './settings-form.ts';
import { useSection } from './use-section.ts';
import { DestinationChoice } from './DestinationChoice.tsx';
import type { WebhookDestination } from '../../shared/domain/webhooks.ts';

export function AlertRulesSection({ alerts }: { alerts: AlertSettings }) {
  const model = useFeedModel();
  const form = useSection(alerts.rules.map(ruleDraft), parseRules, (rules) => ({ alerts: { ...(model.settings.get()?.alerts ?? alerts), rules } }));
  const rules = form.draft;
  const destinations = model.settings.get()?.webhooks.destinations ?? [];
  const change = (i: number, patch: Partial<RuleDraft>): void => form.setDraft(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = (kind: AlertRuleKind): void => form.setDraft([...rules, newRule(kind, rules)]);
  const note = 'Spread rules are judged on the contracts with an open book window; book event rules on every contract with a book, or only those with an open window. Sounds play in this window; volume and desktop notifications are in the Alerts tab too.';
  return (
    <SettingsSection id="alerts" title="Alerts" note={note} {...form} onSave={form.save} onReset={form.reset}>
      <div className="alert-general">
        <label className="check-row">
          <input type="checkbox" checked={!alerts.muted} onChange={(e) => void model.setMuted(!e.target.checked)} />
          Sounds
        </label>
        <input type="range" min={0} max={1} step={0.05} value={alerts.volume} aria-label="Alert volume" onChange={(e) => void model.updateAlertSettings({ volume: Number(e.target.value) })} />
        <label className="check-row">
          <input type="checkbox" checked={alerts.notifications} onChange={(e) => void model.updateAlertSettings({ notifications: e.target.checked })} />
          Desktop notifications
        </label>
      </div>
      <table className="data-table rules-table">
        <thead>
          <tr>
            <th>On</th>
            <th>Rule</th>
            <th>Threshold</th>
            <th>Underlyings</th>
            <th>Kinds</th>
            <th>Sound</th>
            <th>Send to</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, i) => (
            <RuleLine key={rule.id} rule={rule} error={form.errors[`${i}.threshold`] ?? form.errors[`${i}.symbols.0`]} onChange={(patch) => change(i, patch)} onRemove={() => form.setDraft(rules.filter((_, j) => j !== i))} onPreview={() => model.alerts.preview(rule.sound, rule.kind)} destinations={destinations} />
          ))}
        </tbody>
      </table>
      <div className="add-rule">
        <span className="muted">Add</span>
        {ALERT_RULE_KINDS.map((kind) => (
          <button key={kind} type="button" className="chip" onClick={() => add(kind)} data-testid={`add-rule-${kind}`}>
            + {RULE_LABELS[kind]}
          </button>
        ))}
      </div>
    </SettingsSection>
  );
}

interface LineProps {
  rule: RuleDraft;
  error: string | undefined;
  onChange: (patch: Partial<RuleDraft>) => void;
  onRemove: () => void;
  onPreview: () => void;
  destinations: readonly WebhookDestination[];
}

function RuleLine({ rule, error, onChange, onRemove, onPreview, destinations }: LineProps) {
  const unit = thresholdUnit(rule.kind);
  const flowRule = rule.kind !== 'SPREAD_WIDE' && rule.kind !== 'BOOK_EVENT' && rule.kind !== 'FLOW';
  const bookRule = rule.kind === 'BOOK_EVENT';
  return (
    <tr data-testid="alert-rule" data-rule-id={rule.id} data-kind={rule.kind} className={rule.enabled ? undefined : 'is-off'}>
      <td>
        <input type="checkbox" checked={rule.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} aria-label="Enabled" />
      </td>
      <td className="nowrap strong">{rule.extra.name ?? RULE_LABELS[rule.kind]}</td>
      <td>
        {unit ? (
          <span className={`form-control${error ? ' has-error' : ''}`}>
            <input className="text-input narrow" inputMode="decimal" value={rule.threshold} placeholder={bookRule ? 'any' : undefined} onChange={(e) => onChange({ threshold: e.target.value })} aria-label="Threshold" data-testid="rule-threshold" />
            <span className="form-unit">{unit}</span>
          </span>
        ) : (
          <span className="muted">{rule.kind === 'WHALE' ? 'whale rule in Flow rules' : '—'}</span>
        )}
        {error ? <span className="field-error">{error}</span> : null}
      </td>
      <td>
        <input className="text-input" value={rule.symbols} placeholder={rule.kind === 'WATCHLIST_SWEEP' ? 'the watchlist' : 'all'} onChange={(e) => onChange({ symbols: e.target.value })} aria-label="Underlyings" data-testid="rule-symbols" />
      </td>
      <td>
        {flowRule ? (
          <span className="toggle-group">
            {FLOW_KINDS.map((k) => {
              const on = rule.kinds.includes(k);
              return (
                <button key={k} type="button" className={on ? 'chip chip-on' : 'chip'} aria-pressed={on} title={rule.kinds.length === 0 ? 'No kind chosen: every kind' : undefined} onClick={() => onChange({ kinds: on ? rule.kinds.filter((x) => x !== k) : [...rule.kinds, k] })}>
                  {k === 'SINGLE' ? 'single' : k.toLowerCase()}
                </button>
              );
            })}
          </span>
        ) : bookRule ? (
          <BookEventChoice rule={rule} onChange={onChange} />
        ) : rule.kind === 'FLOW' ? (
          <span className="muted">the filter, cool-down and quiet hours: Alerts tab, Rules</span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="nowrap">
        <select className="select" value={rule.sound} onChange={(e) => onChange({ sound: e.target.value })} aria-label="Sound" data-testid="rule-sound">
          {SOUNDS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <button type="button" className="icon-button" title="Play it" aria-label="Play the sound" onClick={onPreview} disabled={rule.sound === ''}>
          ♪
        </button>
      </td>
      <td>
        <DestinationChoice chosen={rule.destinations} destinations={destinations} onChange={(ids) => onChange({ destinations: ids })} />
      </td>
      <td>
        <button type="button" className="icon-button" aria-label={`Remove the ${RULE_LABELS[rule.kind]} rule`} onClick={onRemove} data-testid="rule-remove">
          ×
        </button>
      </td>
    </tr>
  );
}

const SIDES: readonly BookSideName[] = ['bid', 'ask'];

/** A book event rule's kinds and sides (none chosen: all), and whether only open books count. */
function BookEventChoice({ rule, onChange }: { rule: RuleDraft; onChange: (patch: Partial<RuleDraft>) => void }) {
  return (
    <span className="toggle-group" data-testid="rule-book-events">
      {BOOK_EVENT_KINDS.map((k) => {
        const on = rule.bookEvents.includes(k);
        return (
          <button key={k} type="button" className={on ? 'chip chip-on' : 'chip'} aria-pressed={on} data-book-event={k} title={rule.bookEvents.length === 0 ? 'No event chosen: every event' : undefined} onClick={() => onChange({ bookEvents: on ? rule.bookEvents.filter((x) => x !== k) : [...rule.bookEvents, k] })}>
            {k}
          </button>
        );
      })}
      {SIDES.map((side) => {
        const on = rule.sides.includes(side);
        return (
          <button key={side} type="button" className={on ? 'chip chip-on' : 'chip'} aria-pressed={on} data-side={side} title={rule.sides.length === 0 ? 'No side chosen: both sides' : undefined} onClick={() => onChange({ sides: on ? rule.sides.filter((x) => x !== side) : [...rule.sides, side] })}>
            {side}
          </button>
        );
      })}
      <label className="check-row">
        <input type="checkbox" checked={rule.watchedOnly} onChange={(e) => onChange({ watchedOnly: e.target.checked })} data-testid="rule-watched-only" />
        open books only
      </label>
    </span>
  );
}
