// The book window's defaults, and where Fathom keeps its data.
import type { BookSettings, DataSettings } from '../../shared/domain/app-settings.ts';
import { NumberInput, SettingsSection } from './FormBits.tsx';
import { BOOK_FIELDS, parseBook, parseData, toDraft } from './settings-form.ts';
import { useSection } from './use-section.ts';

export function BookSection({ book }: { book: BookSettings }) {
  const form = useSection(toDraft(book, BOOK_FIELDS), parseBook, (value) => ({ book: value }));
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
  const initial = { folder: data.folder ?? '', retention: data.retentionMb === null ? '' : String(data.retentionMb) };
  const form = useSection(initial, (d) => parseData(d.folder, d.retention), (value) => ({ data: value }));
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
        <label className={`form-field wide${form.errors.folder ? ' has-error' : ''}`}>
          <span className="form-label">Data folder</span>
          <span className="form-control">
            <input className="text-input" value={form.draft.folder} placeholder="the platform's default" onChange={(e) => form.setDraft({ ...form.draft, folder: e.target.value })} data-testid="field-folder" />
          </span>
          {form.errors.folder ? <span className="field-error">{form.errors.folder}</span> : null}
        </label>
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
