// Small pieces the settings sections share: a section frame with its save bar, and a labelled
// number field with its unit and error.
import type { ReactNode } from 'react';

interface SectionProps {
  id: string;
  title: string;
  note?: ReactNode;
  dirty: boolean;
  saving: boolean;
  saved: boolean;
  error: string | null;
  onSave: () => void;
  onReset: () => void;
  children: ReactNode;
}

export function SettingsSection({ id, title, note, dirty, saving, saved, error, onSave, onReset, children }: SectionProps) {
  return (
    <section className="settings-section" id={`settings-${id}`} data-testid={`settings-${id}`} data-dirty={dirty}>
      <header className="settings-section-head">
        <h2>{title}</h2>
        {note ? <p className="settings-note">{note}</p> : null}
      </header>
      {children}
      <footer className="settings-save">
        {error ? <span className="field-error">{error}</span> : saved && !dirty ? <span className="saved">Saved</span> : null}
        <span className="spacer" />
        <button type="button" className="chip" disabled={!dirty || saving} onClick={onReset}>
          Undo changes
        </button>
        <button type="button" className="chip chip-on" disabled={!dirty || saving} onClick={onSave} data-testid={`save-${id}`}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </footer>
    </section>
  );
}

interface FieldProps {
  name: string;
  label: string;
  unit: string;
  value: string;
  hint?: string | undefined;
  error?: string | undefined;
  onChange: (value: string) => void;
  placeholder?: string;
}

export function NumberInput({ name, label, unit, value, hint, error, onChange, placeholder }: FieldProps) {
  return (
    <label className={`form-field${error ? ' has-error' : ''}`} title={hint}>
      <span className="form-label">{label}</span>
      <span className="form-control">
        <input className="text-input" inputMode="decimal" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} data-testid={`field-${name}`} aria-invalid={error ? true : undefined} />
        <span className="form-unit">{unit}</span>
      </span>
      {error ? <span className="field-error">{error}</span> : null}
    </label>
  );
}
