// The native tray for a TrayView (tray-model.ts): an icon per connection state, the tooltip, and
// the menu built from data. Clicking an item hands its action back; nothing is decided here.
import { join } from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { Logger } from '../../util/log.ts';
import { TRAY_ICONS, type TrayAction, type TrayIcon, type TrayMenuItem, type TrayView } from './tray-model.ts';

export interface NativeTray {
  render(view: TrayView): void;
  destroy(): void;
}

/**
 * Creates the tray, or returns null where the desktop has none (some Linux desktops): the app
 * then works from its windows alone.
 */
export function nativeTray(iconDir: string, onAction: (action: TrayAction) => void, logger: Logger): NativeTray | null {
  const log = logger.child('tray');
  const images = new Map<TrayIcon, NativeImage>();
  for (const icon of TRAY_ICONS) {
    // tray-<state>.png with tray-<state>@2x.png beside it: Electron picks the sharper one itself.
    const image = nativeImage.createFromPath(join(iconDir, `tray-${icon}.png`));
    if (image.isEmpty()) log.warn('a tray icon is missing', { icon });
    images.set(icon, image);
  }
  let tray: Tray;
  try {
    tray = new Tray(images.get('connecting') ?? nativeImage.createEmpty());
  } catch (error) {
    log.warn('no system tray here', { reason: (error as Error).message });
    return null;
  }
  let shownIcon: TrayIcon | null = null;
  // A left click opens the feed on Windows; macOS and Linux open the menu on click.
  if (process.platform === 'win32') tray.on('click', () => onAction({ type: 'open-feed' }));

  const toTemplate = (item: TrayMenuItem): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    const click = action ? () => onAction(action) : undefined;
    if (item.type === 'checkbox') return { type: 'checkbox', label: item.label, checked: item.checked, click };
    return { type: 'normal', label: item.label, enabled: item.enabled, ...(click ? { click } : {}) };
  };

  return {
    render(view) {
      if (tray.isDestroyed()) return;
      if (view.icon !== shownIcon) {
        const image = images.get(view.icon);
        if (image && !image.isEmpty()) tray.setImage(image);
        shownIcon = view.icon;
      }
      tray.setToolTip(view.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(view.menu.map(toTemplate)));
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
