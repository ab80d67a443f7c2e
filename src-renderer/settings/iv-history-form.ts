// The IV-history settings as a form (FLOW-RULES.md §11): the sampling period shown in seconds.
import type { VolatilitySettings } from '../../shared/domain/volatility.ts';
import { volatilitySettingsSchema } from '../../shared/ipc/volatility-settings.ts';
import { fromDraft, type Draft, type NumberField, type Parsed } from './settings-form.ts';

export const IV_FIELDS: readonly NumberField<keyof VolatilitySettings>[] = [
  { key: 'windowDays', label: 'IV rank window', unit: 'weekdays' },
  { key: 'minDays', label: 'No rank with fewer than', unit: 'days' },
  { key: 'sampleEveryMs', label: 'Sample the ATM IV every', unit: 's', scale: 0.001, hint: 'from the next session' },
];

export function parseIvHistory(draft: Draft): Parsed<VolatilitySettings> {
  return fromDraft(draft, IV_FIELDS, volatilitySettingsSchema);
}
