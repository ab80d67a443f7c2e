// Saving one settings section: main validates and stores it, answers with the whole settings,
// and tells every other window (settings:changed).
import type { SettingsPatch } from '../../shared/ipc/settings.ts';
import type { FeedModel } from '../app/feed-model.ts';

export async function saveSection(model: FeedModel, patch: SettingsPatch): Promise<boolean> {
  const sections = Object.keys(patch);
  try {
    model.settings.set(await model.bridge.api.settings.update(patch));
    model.hooks.emit('settings-saved', { sections });
    return true;
  } catch (error) {
    model.fail(`saving ${sections.join(', ')} settings`, error);
    return false;
  }
}
