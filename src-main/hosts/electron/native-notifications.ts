// Native notifications for the router (notification-router.ts decides; this shows). A shown
// notification is kept referenced until it is clicked or closed: a garbage-collected
// Notification loses its click handler, a known Electron pitfall.
import { Notification } from 'electron';
import type { Logger } from '../../util/log.ts';
import type { NotificationSpec } from './notification-router.ts';

/** Notifications kept alive at once; the oldest are let go beyond this. */
const KEEP = 50;

export interface NativeNotifier {
  supported(): boolean;
  show(spec: NotificationSpec, onClick: () => void): void;
}

export function nativeNotifier(logger: Logger, icon: string | undefined): NativeNotifier {
  const log = logger.child('notification');
  const live = new Map<string, Notification>();
  return {
    supported: () => Notification.isSupported(),
    show(spec, onClick) {
      const notification = new Notification({
        title: spec.title,
        body: spec.body,
        silent: spec.silent,
        // Never 'critical': GNOME shows critical notifications through do-not-disturb.
        urgency: 'normal',
        ...(icon ? { icon } : {}),
      });
      const release = () => live.delete(spec.id);
      notification.on('click', () => {
        release();
        onClick();
      });
      notification.on('close', release);
      notification.on('failed', (_event, error) => {
        release();
        log.warn('a notification failed', { reason: error });
      });
      live.set(spec.id, notification);
      for (const id of live.keys()) {
        if (live.size <= KEEP) break;
        live.delete(id);
      }
      notification.show();
    },
  };
}
