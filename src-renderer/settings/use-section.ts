// One settings section's form state: the draft, whether it differs from what is saved, its
// field errors, and saving it (the section is replaced whole).
import { useState } from 'react';
import type { SettingsPatch } from '../../shared/ipc/settings.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import type { Parsed } from './settings-form.ts';
import { saveSection } from './save-settings.ts';

export interface SectionForm<D> {
  draft: D;
  setDraft: (next: D) => void;
  dirty: boolean;
  saving: boolean;
  saved: boolean;
  errors: Record<string, string>;
  /** The first error, in words, for the save bar. */
  error: string | null;
  save: () => void;
  reset: () => void;
}

export function useSection<D, T>(initial: D, parse: (draft: D) => Parsed<T>, toPatch: (value: T) => SettingsPatch): SectionForm<D> {
  const model = useFeedModel();
  const [draft, setDraftState] = useState(initial);
  const [baseline, setBaseline] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  /** A save is under way: what comes back replaces the draft (main may have normalised it). */
  const [adopting, setAdopting] = useState(false);
  // The saved values changed (this save, or one from another window): show them, unless the
  // trader is in the middle of an edit of their own.
  if (JSON.stringify(initial) !== JSON.stringify(baseline)) {
    setBaseline(initial);
    if (adopting || JSON.stringify(draft) === JSON.stringify(baseline)) setDraftState(initial);
    setAdopting(false);
  }
  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline);
  const setDraft = (next: D): void => {
    setDraftState(next);
    setErrors({});
    setSaved(false);
    setAdopting(false);
  };
  const save = (): void => {
    const parsed = parse(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setSaving(true);
    setAdopting(true);
    // On success the saved values come back as `initial`, and the draft adopts them.
    // (main's answer reaches `initial` a frame later; adopting ends there, or at the next edit).
    void saveSection(model, toPatch(parsed.value)).then((ok) => {
      if (!ok) setAdopting(false);
      setSaving(false);
      setSaved(ok);
    });
  };
  const first = Object.entries(errors)[0];
  return {
    draft,
    setDraft,
    dirty,
    saving,
    saved,
    errors,
    error: first ? `Not saved: ${first[1]}` : null,
    save,
    reset: () => setDraft(baseline),
  };
}
