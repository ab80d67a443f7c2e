// The IV history (FLOW-RULES.md §11): how often the ATM IV is sampled, the window IV rank and
// percentile are computed over, and the days of history they need.
import type { VolatilitySettings } from '../../shared/domain/volatility.ts';
import { NumberInput, SettingsSection } from './FormBits.tsx';
import { IV_FIELDS, parseIvHistory } from './iv-history-form.ts';
import { toDraft } from './settings-form.ts';
import { useSection } from './use-section.ts';

export function IvHistorySection({ volatility }: { volatility: VolatilitySettings }) {
  const form = useSection(toDraft(volatility, IV_FIELDS), parseIvHistory, (value) => ({ volatility: value }));
  return (
    <SettingsSection
      id="iv-history"
      title="IV history"
      note="Fathom stores each watchlist underlying's 30-day at-the-money IV from its monthly options; IV rank and percentile use each day's last sample over the window, and say none with too few days."
      {...form}
      onSave={form.save}
      onReset={form.reset}
    >
      <div className="form-grid">
        {IV_FIELDS.map((f) => (
          <NumberInput key={f.key} name={f.key} label={f.label} unit={f.unit} value={form.draft[f.key] ?? ''} error={form.errors[f.key]} onChange={(v) => form.setDraft({ ...form.draft, [f.key]: v })} />
        ))}
      </div>
    </SettingsSection>
  );
}
