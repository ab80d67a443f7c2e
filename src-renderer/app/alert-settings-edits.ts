// The feed window's changes to the alert settings: what it shows changes at once, then main saves
// it (the answer replaces it). A failure rejects; the caller tells the trader (feed-model.ts).
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { BridgeApi } from '../../shared/ipc/bridge.ts';
import type { Cell } from '../state/cell.ts';

type Settings = Cell<AppSettings | null>;

export async function saveMuted(api: BridgeApi, settings: Settings, muted: boolean): Promise<void> {
  await api.alerts.mute({ muted });
  const current = settings.get();
  if (current) settings.set({ ...current, alerts: { ...current.alerts, muted } });
}

export async function saveAlertSettings(api: BridgeApi, settings: Settings, change: Partial<AppSettings['alerts']>): Promise<void> {
  const current = settings.get();
  if (!current) return;
  const alerts = { ...current.alerts, ...change };
  settings.set({ ...current, alerts });
  settings.set(await api.settings.update({ alerts }));
}
