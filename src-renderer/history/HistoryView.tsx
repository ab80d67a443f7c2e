// History search over every recorded session: the criteria on top, the matching flows below as
// they stream in (newest first, no cap; only the rows on screen are rendered), each one a click
// away from a replay of its session at that moment.
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDateTimeEt, formatNumber, formatPremium, formatSize } from '../../shared/format/format.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { shortExpiry, strikeLabel } from '../feed/row-labels.ts';
import { useCell } from '../state/use-cell.ts';
import { virtualWindow } from '../ui/virtual-window.ts';
import { EMPTY_FORM, queryOf, type HistoryForm } from './history-form.ts';
import { HistorySearchForm } from './HistorySearchForm.tsx';

const ROW_HEIGHT = 26;

export function HistoryView({ onClose }: { onClose: () => void }) {
  const model = useFeedModel();
  const state = useCell(model.history.state);
  const sessions = useCell(model.sessions.sessions);
  const [form, setForm] = useState<HistoryForm>(() => ({ ...EMPTY_FORM }));
  const [errors, setErrors] = useState<Partial<Record<keyof HistoryForm, string>>>({});

  useEffect(() => {
    void model.sessions.refresh();
  }, [model]);

  const recording = useMemo(() => new Set((sessions ?? []).filter((s) => s.end === null).map((s) => s.id)), [sessions]);

  const run = (next: HistoryForm) => {
    setForm(next);
    const result = queryOf(next);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    void model.history.search(result.query);
  };

  const replayAt = async (row: FlowRow) => {
    if (!(await model.sessions.openReplay(row.sessionId))) return;
    // The replay stops where the flow first reached Fathom: the feed then holds it and what came before.
    const at = model.history.seenAt.get(row.id) ?? row.time;
    await model.sessions.control({ action: 'seek', to: at });
    model.select(row.id);
    model.hooks.emit('history-replay', { sessionId: row.sessionId, id: row.id, time: row.time, at });
    onClose();
  };

  const status = state.searchId === null ? 'Search every recorded session at once.' : `${formatNumber(state.rows, 0)} flows${state.done ? '' : ' · searching…'}${state.error && state.error !== 'cancelled' ? ` · ${state.error}` : ''}`;

  return (
    <section className="page history-page" aria-label="History search" data-testid="history-view">
      <header className="page-head">
        <h1>History</h1>
        <span className="muted" data-testid="history-status" data-rows={state.rows} data-pages={state.pages} data-done={state.done} data-search={state.searchId ?? ''}>
          {status}
          {state.firstPageMs !== null ? <span title="From the request to the first rows on screen"> · first rows in {state.firstPageMs} ms</span> : null}
        </span>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close history" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="history-body">
        <HistorySearchForm form={form} errors={errors} onChange={setForm} onSearch={() => run(form)} onRun={run} />
        <HistoryResults rows={model.history.rows} seenAt={model.history.seenAt} count={state.rows} recording={recording} onReplay={(row) => void replayAt(row)} />
      </div>
    </section>
  );
}

interface ResultsProps {
  rows: readonly FlowRow[];
  seenAt: ReadonlyMap<string, number>;
  /** How many rows are held: the array grows in place, this changes with it. */
  count: number;
  recording: ReadonlySet<string>;
  onReplay: (row: FlowRow) => void;
}

function HistoryResults({ rows, seenAt, count, recording, onReplay }: ResultsProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setScroll({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const view = virtualWindow(scroll.top, scroll.height, ROW_HEIGHT, count);
  const shown = rows.slice(view.first, view.last);
  return (
    <div className="history-results" role="table" aria-label="Matching flows" data-testid="history-results" data-count={count}>
      <div className="history-row history-head" role="row">
        <span role="columnheader">When (ET)</span>
        <span role="columnheader">Session</span>
        <span role="columnheader">Contract</span>
        <span role="columnheader">Side</span>
        <span role="columnheader">Kind</span>
        <span role="columnheader" className="num">Size</span>
        <span role="columnheader" className="num">Premium</span>
        <span role="columnheader">Sentiment</span>
        <span role="columnheader" />
      </div>
      <div className="history-scroll" ref={box} onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
        <div style={{ height: view.totalHeight, position: 'relative' }}>
          {shown.map((row, i) => (
            <div
              key={row.id}
              className={`history-row${row.whale ? ' is-whale' : ''}`}
              role="row"
              style={{ transform: `translateY(${view.offset + i * ROW_HEIGHT}px)` }}
              data-testid="history-row"
              data-flow-id={row.id}
              data-session-id={row.sessionId}
              data-time={row.time}
              data-seen-at={seenAt.get(row.id)}
            >
              <span role="cell" className="num">{formatDateTimeEt(row.time).replace(' ET', '')}</span>
              <span role="cell" className="num muted">#{row.sessionId}</span>
              <span role="cell" title={row.symbol}>
                <strong>{row.underlying}</strong> {strikeLabel(row)}
                {row.right} <span className="muted">{shortExpiry(row.expiry)} {row.expiry.slice(0, 4)}</span>
              </span>
              <span role="cell">{row.side.replace('_', ' ').toLowerCase()}</span>
              <span role="cell">{row.kind}</span>
              <span role="cell" className="num">{formatSize(row.size)}</span>
              <span role="cell" className="num strong">{formatPremium(row.premium)}</span>
              <span role="cell" className={`sentiment-${row.sentiment.toLowerCase()}`}>{row.sentiment.toLowerCase()}</span>
              <span role="cell">
                <button
                  type="button"
                  className="chip"
                  disabled={recording.has(row.sessionId)}
                  title={recording.has(row.sessionId) ? 'This session is still recording: replay it once it has ended' : 'Replay this session from this moment'}
                  onClick={() => onReplay(row)}
                  data-testid="history-replay"
                >
                  ▶ Replay here
                </button>
              </span>
            </div>
          ))}
        </div>
        {count === 0 ? <p className="muted page-empty">No flows shown yet.</p> : null}
      </div>
    </div>
  );
}
