// Webhook destinations as the settings page shows them: a draft checked with the contract's own
// parser (shared/ipc/webhooks.ts), and each destination's delivery status in words.
import type { DeliveryStatus, WebhookDestination, WebhookFormat } from '../../shared/domain/webhooks.ts';
import { saveDestinationSchema, type SaveDestination } from '../../shared/ipc/webhooks.ts';
import { formatTimeEt } from '../../shared/format/dates.ts';

export interface DestinationDraft {
  /** Absent for a new destination. */
  id?: string;
  name: string;
  format: WebhookFormat;
  /** Empty on an edit keeps the stored URL. */
  url: string;
}

export const EMPTY_DRAFT: DestinationDraft = { name: '', format: 'generic', url: '' };

export function draftOf(destination: WebhookDestination): DestinationDraft {
  return { id: destination.id, name: destination.name, format: destination.format, url: '' };
}

/** The request to send, or the first problem in words. */
export function parseDestination(draft: DestinationDraft): { ok: true; value: SaveDestination } | { ok: false; error: string } {
  const url = draft.url.trim();
  if (draft.id === undefined && url === '') return { ok: false, error: 'the URL, please' };
  const parsed = saveDestinationSchema.safeParse({ ...(draft.id ? { id: draft.id } : {}), name: draft.name, format: draft.format, ...(url ? { url } : {}) });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'destination'}: ${issue?.message ?? 'not valid'}` };
}

/** One line about a destination's deliveries. */
export function statusLine(status: DeliveryStatus | undefined): string {
  if (!status) return 'Nothing sent yet';
  const extra = [status.queued > 1 ? `${status.queued} waiting` : '', status.dropped > 0 ? `${status.dropped} dropped (queue full)` : ''].filter(Boolean).join(', ');
  const tail = extra ? ` · ${extra}` : '';
  const at = (ms: number | null) => (ms === null ? '' : formatTimeEt(ms));
  switch (status.state) {
    case 'idle':
      return `Nothing sent yet${tail}`;
    case 'ok':
      return `Delivered at ${at(status.lastDeliveredAt)} (${status.delivered} so far${status.failed > 0 ? `, ${status.failed} failed` : ''})${tail}`;
    case 'retrying':
      return `Retrying: attempt ${status.attempt} failed at ${at(status.lastErrorAt)} (${status.lastError ?? 'unknown'}); next try at ${at(status.nextAttemptAt)}${tail}`;
    case 'failed':
      return `Failed at ${at(status.lastErrorAt)}: ${status.lastError ?? 'unknown'} (gave up; ${status.failed} failed)${tail}`;
  }
}
