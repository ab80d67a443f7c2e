// Flags shared by the commands that read a recorded session.
import type { FlowKind } from '../../shared/domain/flow.ts';
import { FLOW_KINDS } from '../../shared/domain/flow.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { flowSettingsSchema } from '../../shared/ipc/settings.ts';
import type { Db } from '../store/database.ts';
import type { ExportFormat } from '../store/flow-export.ts';
import type { ExportFileFormat } from '../store/export-file.ts';
import { getSession, latestSessionId } from '../store/sessions.ts';
import { UsageError } from './args.ts';

export function sessionFlag(db: Db, value: string | undefined): number {
  if (value === undefined || value === 'latest') {
    const id = latestSessionId(db);
    if (id === null) throw new UsageError('the database has no sessions');
    return id;
  }
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`--session takes a session id or "latest", got "${value}"`);
  if (!getSession(db, id)) throw new UsageError(`no session ${id} in this database`);
  return id;
}

export function formatFlag(value: string | undefined, fallback: ExportFormat = 'ndjson'): ExportFormat {
  const format = value ?? fallback;
  if (format !== 'csv' && format !== 'json' && format !== 'ndjson') throw new UsageError(`--format is csv, json or ndjson, got "${format}"`);
  return format;
}

/** The file format of `export --out`, from the file's extension. */
export function fileFormatFlag(extension: string): ExportFileFormat {
  // A file named without an extension gets NDJSON, as before Parquet.
  if (extension === '' || extension === 'ndjson') return 'ndjson';
  if (extension === 'parquet') return 'parquet';
  if (extension === 'csv' || extension === 'json') return extension;
  throw new UsageError(`--out must end in .csv, .json, .ndjson or .parquet, got ".${extension}"`);
}

/** The flow kinds `--kind` takes, for the help. */
export const KIND_NAMES = FLOW_KINDS.join(',');

export function kindsFlag(value: string | undefined): FlowKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value.split(',').map((k) => k.trim().toUpperCase()).filter(Boolean);
  const bad = kinds.filter((k) => !FLOW_KINDS.includes(k as FlowKind));
  if (bad.length > 0) throw new UsageError(`--kind takes ${KIND_NAMES}; unknown: ${bad.join(', ')}`);
  return kinds as FlowKind[];
}

/** `--set whaleMinPremium=50000 --set clusterWindowMs=500`, checked against the settings schema. */
export function settingsOverrides(values: readonly string[] | undefined): Partial<FlowSettings> {
  const raw: Record<string, number> = {};
  for (const item of values ?? []) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(item.trim());
    if (!match) throw new UsageError(`--set takes key=value, got "${item}"`);
    const key = match[1] as string;
    if (!(key in flowSettingsSchema.shape)) throw new UsageError(`--set: unknown setting "${key}"; known: ${Object.keys(flowSettingsSchema.shape).join(', ')}`);
    raw[key] = Number(match[2]);
  }
  const parsed = flowSettingsSchema.partial().safeParse(raw);
  if (!parsed.success) throw new UsageError(`--set: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
