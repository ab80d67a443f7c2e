// The alert history as a file: CSV (one row per alert, RFC 4180 quoting) or JSON, each row with
// the flow it fired on, so the flow's evidence can be found again (`fathom flows`, the History view).
import type { Alert } from '../../shared/domain/session.ts';

export type AlertExportFormat = 'csv' | 'json';

const COLUMNS = ['id', 'sessionId', 'ruleId', 'ruleKind', 'time', 'timeIso', 'at', 'symbol', 'flowId', 'title', 'body'] as const;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: quoted with a ' it stays text.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function alertsText(alerts: readonly Alert[], format: AlertExportFormat): string {
  if (format === 'json') return `${JSON.stringify(alerts.map((a) => ({ ...a, timeIso: new Date(a.time).toISOString() })), null, 2)}\n`;
  const rows = alerts.map((a) => {
    const row: Record<(typeof COLUMNS)[number], string | number | null | undefined> = { ...a, at: a.at ?? null, timeIso: new Date(a.time).toISOString() };
    return COLUMNS.map((c) => cell(row[c])).join(',');
  });
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** Saves the text through the browser's download (the desktop app asks where). */
export function downloadText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
