import { describe, expect, it } from 'vitest';
import { defaultAppSettings } from '../domain/app-settings.ts';
import { appSettingsSchema, settingsPatchSchema } from './settings.ts';

describe('book settings: montage sort and layout', () => {
  it('default to size and auto', () => {
    expect(defaultAppSettings().book).toMatchObject({ montageSort: 'size', layout: 'auto' });
  });

  it('load from settings saved before they existed, keeping the rest of the section', () => {
    const saved = { ...defaultAppSettings(), book: { levels: 20, spreadAlertPercent: 7, imbalanceLevels: 3 } };
    const loaded = appSettingsSchema.parse(JSON.parse(JSON.stringify(saved)));
    expect(loaded.book).toEqual({ levels: 20, spreadAlertPercent: 7, imbalanceLevels: 3, montageSort: 'size', layout: 'auto' });
  });

  it('keep what the window chose and refuse anything else', () => {
    const book = { ...defaultAppSettings().book, montageSort: 'time', layout: 'ladder' };
    expect(settingsPatchSchema.parse({ book }).book).toEqual(book);
    expect(settingsPatchSchema.safeParse({ book: { ...book, montageSort: 'venue' } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ book: { ...book, layout: 'grid' } }).success).toBe(false);
  });
});
