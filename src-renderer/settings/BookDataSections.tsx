// The book window's defaults, and where Fathom keeps its data.
import { useState } from 'react';
import type { BookSettings, DataSettings } from '../../shared/domain/app-settings.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { NumberInput, SettingsSection } from './FormBits.tsx';
import { BOOK_FIELDS, parseBook, parseData, toDraft } from './settings-form.ts';
import { useSection } from './use-section.ts';

export function BookSection({ book }: { book: BookSettings }) {
  const form = useSection(toDraft(book, BOOK_FIELDS), (draft) => parseBook(draft, book), (value) => ({ book: value }));
  return (
    <SettingsSection id="book" title="Book window" note="Every book window follows these; its own Levels menu and spread field change them too." {...form} onSave={form.save} onReset={form.reset}>
      <div className="form-grid">
        {BOOK_FIELDS.map((f) => (
          <NumberInput key={f.key} name={f.key} label={f.label} unit={f.unit} value={form.draft[f.key] ?? ''} error={form.errors[f.key]} onChange={(v) => form.setDraft({ ...form.draft, [f.key]: v })} />
        ))}
      </div>
    </SettingsSection>
  );
}

export function DataSection({ data }: { data: DataSettings }) {
  const model = useFeedModel();
  const [picking, setPicking] = useState(false);
  // The folder is never typed: the host's own picker chooses it (a page never names a path).
  const initial = { retention: data.retentionMb === null ? '' : String(data.retentionMb) };
  const form = useSection(initial, (d) => parseData(data.folder, d.retention), (value) => ({ data: value }));
  const choose = (): void => {
    setPicking(true);
    model.bridge.api.settings
      .chooseDataFolder({})
      .then((settings) => model.adoptSettings(settings))
      .catch((error: unknown) => model.fail('choosing the data folder', error))
      .finally(() => setPicking(false));
  };
  return (
    <SettingsSection
      id="data"
      title="Data"
      note="Sessions (every raw frame and flow) are kept in SQLite. With a size cap the oldest sessions are pruned first; a new folder takes effect at the next start."
      {...form}
      onSave={form.save}
      onReset={form.reset}
    >
      <div className="form-grid">
        <div className="form-field wide">
          <span className="form-label">Data folder</span>
          <span className="form-control">
            <code className="folder-path" data-testid="field-folder">
              {data.folder ?? "the platform's default"}
            </code>
            <button type="button" className="link-button" onClick={choose} disabled={picking} data-testid="choose-folder">
              Choose folder…
            </button>
          </span>
        </div>
        <NumberInput
          name="retentionMb"
          label="Keep at most"
          unit="MB"
          placeholder="no limit"
          value={form.draft.retention}
          error={form.errors.retentionMb}
          onChange={(v) => form.setDraft({ ...form.draft, retention: v })}
        />
      </div>
    </SettingsSection>
  );
}
