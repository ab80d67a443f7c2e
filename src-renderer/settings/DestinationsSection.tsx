// Webhook destinations for alerts: add, edit, test and delete one, and see how its deliveries
// went (ok, retrying, failed with the last error and its time). The URL goes to main once and
// never comes back: main keeps it in the OS keychain and settings show only its host. Which
// rules post to a destination is chosen in the Alerts section.
import { useEffect, useState } from 'react';
import type { DeliveryStatus, WebhookDestination } from '../../shared/domain/webhooks.ts';
import { WEBHOOK_FORMAT_LABELS, WEBHOOK_FORMATS, type WebhookFormat } from '../../shared/domain/webhooks.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { draftOf, EMPTY_DRAFT, parseDestination, statusLine, type DestinationDraft } from './destinations-view.ts';

function useStatuses(): Map<string, DeliveryStatus> {
  const model = useFeedModel();
  const [statuses, setStatuses] = useState<DeliveryStatus[]>([]);
  useEffect(() => {
    const off = model.bridge.on.webhooks.status(setStatuses);
    // Pushes before this section opened are asked for once.
    void model.bridge.api.webhooks.statuses({}).then(setStatuses, () => undefined);
    return off;
  }, [model]);
  return new Map(statuses.map((s) => [s.id, s]));
}

export function DestinationsSection({ destinations }: { destinations: WebhookDestination[] }) {
  const model = useFeedModel();
  const statuses = useStatuses();
  const [draft, setDraft] = useState<DestinationDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: string, work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      model.hooks.emit('webhook', { what });
      return true;
    } catch (e) {
      setError(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = (): void => {
    if (!draft) return;
    const parsed = parseDestination(draft);
    if (!parsed.ok) {
      setError(`Not saved: ${parsed.error}`);
      return;
    }
    void run('Saving', () => model.bridge.api.webhooks.save(parsed.value)).then((ok) => ok && setDraft(null));
  };
  const note = 'Alerts can also be posted to webhooks: a generic JSON POST, Discord or Slack. The URL is kept in the OS keychain (never in settings); pick the rules that post to each destination in the Alerts section.';
  return (
    <section className="settings-section" id="settings-destinations" data-testid="settings-destinations">
      <header className="settings-section-head">
        <h2>Alert destinations</h2>
        <p className="settings-note">{note}</p>
      </header>
      {destinations.length > 0 ? (
        <table className="data-table destinations-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Format</th>
              <th>Address</th>
              <th>Deliveries</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {destinations.map((d) => {
              const status = statuses.get(d.id);
              return (
                <tr key={d.id} data-testid="destination" data-destination-id={d.id} data-name={d.name}>
                  <td className="strong">{d.name}</td>
                  <td>{WEBHOOK_FORMAT_LABELS[d.format]}</td>
                  <td className="muted">{d.host}</td>
                  <td className={`destination-status is-${status?.state ?? 'idle'}`} data-testid="destination-status" data-state={status?.state ?? 'idle'}>
                    {statusLine(status)}
                  </td>
                  <td className="nowrap">
                    <button type="button" className="chip" disabled={busy} onClick={() => void run('Send test', () => model.bridge.api.webhooks.test({ id: d.id }))} data-testid="destination-test">
                      Send test
                    </button>
                    <button type="button" className="chip" disabled={busy} onClick={() => setDraft(draftOf(d))}>
                      Edit
                    </button>
                    <button type="button" className="icon-button" disabled={busy} aria-label={`Delete ${d.name}`} onClick={() => void run('Deleting', () => model.bridge.api.webhooks.remove({ id: d.id }))} data-testid="destination-remove">
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">No destinations yet.</p>
      )}
      {draft ? (
        <DestinationForm draft={draft} busy={busy} onChange={setDraft} onSave={save} onCancel={() => setDraft(null)} />
      ) : (
        <button type="button" className="chip" onClick={() => setDraft({ ...EMPTY_DRAFT })} data-testid="destination-add">
          + Destination
        </button>
      )}
      {error ? (
        <p className="field-error" data-testid="destination-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

interface FormProps {
  draft: DestinationDraft;
  busy: boolean;
  onChange: (draft: DestinationDraft) => void;
  onSave: () => void;
  onCancel: () => void;
}

function DestinationForm({ draft, busy, onChange, onSave, onCancel }: FormProps) {
  const editing = draft.id !== undefined;
  return (
    <div className="destination-form" data-testid="destination-form">
      <label className="form-field">
        <span className="form-label">Name</span>
        <input className="text-input" value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} data-testid="destination-name" />
      </label>
      <label className="form-field">
        <span className="form-label">Format</span>
        <select className="select" value={draft.format} onChange={(e) => onChange({ ...draft, format: e.target.value as WebhookFormat })} data-testid="destination-format">
          {WEBHOOK_FORMATS.map((f) => (
            <option key={f} value={f}>
              {WEBHOOK_FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field wide">
        <span className="form-label">{editing ? 'New URL (empty keeps the stored one)' : 'URL (https; http only to 127.0.0.1 or localhost)'}</span>
        <input className="text-input" type="password" autoComplete="off" spellCheck={false} value={draft.url} placeholder="https://…" onChange={(e) => onChange({ ...draft, url: e.target.value })} data-testid="destination-url" />
      </label>
      <span className="destination-form-actions">
        <button type="button" className="chip" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="chip chip-on" disabled={busy} onClick={onSave} data-testid="destination-save">
          {busy ? 'Saving…' : editing ? 'Save' : 'Add'}
        </button>
      </span>
    </div>
  );
}
