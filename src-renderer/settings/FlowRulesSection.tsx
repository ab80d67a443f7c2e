// The flow-rule thresholds (shared/analytics/FLOW-RULES.md). A running session keeps the rules
// it started with, so its stored flows and a replay of it agree; new values apply to the next
// session and to replays run "with current flow rules".
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { DEFAULT_FLOW_SETTINGS } from '../../shared/domain/settings.ts';
import { NumberInput, SettingsSection } from './FormBits.tsx';
import { FLOW_FIELDS, parseFlow, toDraft } from './settings-form.ts';
import { useSection } from './use-section.ts';

export function FlowRulesSection({ flow }: { flow: FlowSettings }) {
  const form = useSection(toDraft(flow, FLOW_FIELDS), parseFlow, (value) => ({ flow: value }));
  const note = (
    <>
      New values apply to <strong>new flows</strong> — the next session — and to <strong>replays</strong> run with current rules. The session recording now keeps the rules it started with, so its flows and a replay of it agree.
    </>
  );
  return (
    <SettingsSection id="flow" title="Flow rules" note={note} {...form} onSave={form.save} onReset={form.reset}>
      <div className="form-grid">
        {FLOW_FIELDS.map((f) => (
          <NumberInput
            key={f.key}
            name={f.key}
            label={f.label}
            unit={f.unit}
            hint={f.hint}
            value={form.draft[f.key] ?? ''}
            error={form.errors[f.key]}
            onChange={(v) => form.setDraft({ ...form.draft, [f.key]: v })}
          />
        ))}
      </div>
      <button type="button" className="link-button" onClick={() => form.setDraft(toDraft(DEFAULT_FLOW_SETTINGS, FLOW_FIELDS))}>
        Restore the defaults
      </button>
    </SettingsSection>
  );
}
