// Recorded sessions: what each one followed, for how long, how many flows it found and where
// the stream had gaps; replay one (with its own flow rules or today's) or export its flows.
import { Fragment, useEffect, useState } from 'react';
import type { ExportFormat, ExportProgress } from '../../shared/ipc/sessions.ts';
import { formatNumber } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { SessionDetail } from './SessionDetail.tsx';
import type { SessionRow } from './session-rows.ts';
import { sessionRows, underlyingsLabel } from './session-rows.ts';

export function SessionsView({ onClose }: { onClose: () => void }) {
  const model = useFeedModel();
  const sessions = useCell(model.sessions.sessions);
  const exports = useCell(model.sessions.exports);
  const replay = useCell(model.sessions.replay);
  const settings = useCell(model.settings);
  const [currentRules, setCurrentRules] = useState(false);
  const [now] = useState(() => Date.now());
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    void model.sessions.refresh();
  }, [model]);

  const rows = sessions ? sessionRows(sessions, now) : [];
  const totalFlows = rows.reduce((sum, r) => sum + r.flows, 0);
  const replayRow = async (row: SessionRow) => {
    const opened = await model.sessions.openReplay(row.id, currentRules && settings ? settings.flow : undefined);
    if (opened) onClose();
  };

  return (
    <section className="page sessions-page" aria-label="Recorded sessions" data-testid="sessions-view" data-count={rows.length}>
      <header className="page-head">
        <h1>Sessions</h1>
        <span className="muted" data-testid="sessions-summary">
          {rows.length > 0 ? `${rows.length} recorded · ${formatNumber(totalFlows, 0)} flows · ` : ''}every frame is kept, and a replay runs them through the same engine
        </span>
        <span className="spacer" />
        <label className="check-row" title="Replay with the flow rules in Settings instead of the ones the session was recorded with">
          <input type="checkbox" checked={currentRules} onChange={(e) => setCurrentRules(e.target.checked)} data-testid="replay-current-rules" />
          Replay with current flow rules
        </label>
        <button type="button" className="chip" onClick={() => void model.sessions.refresh()} data-testid="sessions-refresh">
          Refresh
        </button>
        <button type="button" className="icon-button" aria-label="Close sessions" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="page-scroll">
        {sessions === null ? <p className="muted page-empty">Loading…</p> : null}
        {sessions !== null && rows.length === 0 ? <p className="muted page-empty">No sessions recorded yet.</p> : null}
        {rows.length > 0 ? (
          <table className="data-table sessions-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Started (ET)</th>
                <th>Source</th>
                <th>Followed</th>
                <th className="num">Duration</th>
                <th className="num">Frames</th>
                <th className="num">Flows</th>
                <th>Gaps</th>
                <th className="actions-col">Replay · export</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Fragment key={row.id}>
                  <SessionLine
                    row={row}
                    open={open === row.id}
                    onToggle={() => setOpen(open === row.id ? null : row.id)}
                    replaying={replay?.sessionId === row.id}
                    progress={exports.get(row.id) ?? null}
                    onReplay={() => void replayRow(row)}
                    onExport={(format) => void model.sessions.startExport(row.id, format)}
                  />
                  {open === row.id ? <SessionDetail row={row} current={settings?.flow ?? null} now={now} columns={9} /> : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}

interface LineProps {
  row: SessionRow;
  open: boolean;
  onToggle: () => void;
  replaying: boolean;
  progress: ExportProgress | null;
  onReplay: () => void;
  onExport: (format: ExportFormat) => void;
}

function SessionLine({ row, open, onToggle, replaying, progress, onReplay, onExport }: LineProps) {
  const exporting = progress !== null && !progress.done;
  return (
    <tr className={`${row.recording ? 'is-recording' : ''}${open ? ' is-open' : ''}`} onClick={onToggle} title="Click for its gaps and flow rules" data-testid="session-row" data-session-id={row.id} data-flows={row.flows} data-recording={row.recording} data-replayable={row.replayable}>
      <td className="num muted">
        <span className="caret" aria-hidden="true">{open ? '▾' : '▸'}</span> {row.id}
      </td>
      <td className="nowrap">{row.started}</td>
      <td>
        <span className={`source-tag source-${row.source}`}>{row.source.toUpperCase()}</span>
      </td>
      <td className="followed" title={row.underlyings.join(', ')}>
        <span className="strong">{underlyingsLabel(row.underlyings)}</span>
        <span className="muted"> · {row.contracts.toLocaleString('en-US')} contracts</span>
      </td>
      <td className="num nowrap">
        {row.recording ? (
          <span className="recording">
            <span className="rec-dot" />
            recording ·{' '}
          </span>
        ) : null}
        {row.duration}
      </td>
      <td className="num">{formatNumber(row.frames, 0)}</td>
      <td className="num strong">{formatNumber(row.flows, 0)}</td>
      <td className={row.gaps > 0 ? 'gaps-some' : 'muted'}>{row.gaps > 0 ? `${row.gaps} · ${row.gapTime} down` : 'none'}</td>
      <td className="actions-col" onClick={(e) => e.stopPropagation()}>
        <div className="row-actions">
          <button type="button" className={replaying ? 'chip chip-on' : 'chip'} disabled={!row.replayable} title={row.why ?? 'Replay this session in the feed'} onClick={onReplay} data-testid="session-replay">
            {replaying ? 'Replaying' : '▶ Replay'}
          </button>
          <button type="button" className="chip" disabled={exporting} onClick={() => onExport('csv')} data-testid="session-export-csv">
            CSV
          </button>
          <button type="button" className="chip" disabled={exporting} onClick={() => onExport('json')} data-testid="session-export-json">
            JSON
          </button>
          <button type="button" className="chip" disabled={exporting} onClick={() => onExport('parquet')} title="Parquet, for DuckDB, Polars or Spark" data-testid="session-export-parquet">
            Parquet
          </button>
          {progress ? <ExportBar progress={progress} /> : null}
        </div>
      </td>
    </tr>
  );
}

function ExportBar({ progress }: { progress: ExportProgress }) {
  const share = progress.totalRows > 0 ? Math.min(1, progress.rows / progress.totalRows) : progress.done ? 1 : 0;
  const label = progress.error
    ? `failed: ${progress.error}`
    : progress.done
      ? `${formatNumber(progress.rows, 0)} rows`
      : `${formatNumber(progress.rows, 0)} / ${formatNumber(progress.totalRows, 0)}`;
  return (
    <span className={`export-progress${progress.error ? ' is-failed' : ''}`} data-testid="export-progress" data-done={progress.done} data-rows={progress.rows} data-format={progress.format} title={progress.delivered?.by === 'file' ? progress.delivered.path : undefined}>
      <span className="export-bar" role="progressbar" aria-valuemin={0} aria-valuemax={progress.totalRows} aria-valuenow={progress.rows}>
        <span style={{ width: `${share * 100}%` }} />
      </span>
      <span className="export-label num">
        {progress.format.toUpperCase()} {label}
      </span>
      {progress.done && progress.delivered?.by === 'link' ? (
        <a className="link-button" href={progress.delivered.url} download data-testid="export-link">
          save again
        </a>
      ) : null}
    </span>
  );
}
