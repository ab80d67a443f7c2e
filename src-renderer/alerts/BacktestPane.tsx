// A rule tried on the past: run over one recorded session or every session of a date range
// (main plays them through the replay's engine, FLOW-RULES.md §13), its hits listed with the
// flow each fired on and the count per day; each hit opens the replay at that moment.
import { useEffect, useState } from 'react';
import type { BacktestHit, BacktestResult } from '../../shared/domain/alert-backtest.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { formatDateTimeEt, formatTimeEt } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';

type Scope = 'session' | 'range';

export function BacktestPane({ rule, onClose }: { rule: AlertRule; onClose: () => void }) {
  const model = useFeedModel();
  const sessions = useCell(model.sessions.sessions);
  const [scope, setScope] = useState<Scope>('session');
  const [sessionId, setSessionId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<BacktestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void model.sessions.refresh();
  }, [model]);
  const chosen = sessionId || sessions?.[0]?.id || '';

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      const query = scope === 'session' ? { rule, sessionId: chosen } : { rule, from, to };
      const answer = await model.bridge.api.alerts.backtest(query);
      setResult(answer);
      model.hooks.emit('alert-backtest', { ruleId: rule.id, total: answer.total, sessions: answer.sessions });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  const replayAt = async (hit: BacktestHit) => {
    if (!(await model.sessions.openReplay(hit.sessionId))) return;
    // Where the print that fired reached Fathom: the replay's feed then holds the flow.
    await model.sessions.control({ action: 'seek', to: hit.at });
    if (hit.flowId) model.select(hit.flowId);
    model.hooks.emit('alert-replay', { sessionId: hit.sessionId, flowId: hit.flowId, at: hit.at });
  };

  return (
    <section className="backtest" data-testid="backtest" aria-label={`Back-test of ${rule.name ?? rule.id}`}>
      <header className="panel-head">
        <h3>Back-test: {rule.name ?? rule.id}</h3>
        <button type="button" className="icon-button" aria-label="Close the back-test" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="toggle-group">
        <button type="button" className={scope === 'session' ? 'chip chip-on' : 'chip'} onClick={() => setScope('session')}>
          One session
        </button>
        <button type="button" className={scope === 'range' ? 'chip chip-on' : 'chip'} onClick={() => setScope('range')}>
          Date range
        </button>
      </div>
      {scope === 'session' ? (
        <select className="select" value={chosen} onChange={(e) => setSessionId(e.target.value)} aria-label="Session" data-testid="backtest-session">
          {(sessions ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              #{s.id} {s.source} {formatDateTimeEt(s.start)}
              {s.end === null ? ' (recording)' : ''}
            </option>
          ))}
        </select>
      ) : (
        <div className="rule-pair">
          <input className="text-input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
          <input className="text-input" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
        </div>
      )}
      <button type="button" className="chip chip-on" disabled={running || (scope === 'session' ? chosen === '' : !from || !to)} onClick={() => void run()} data-testid="backtest-run">
        {running ? 'Running…' : 'Run'}
      </button>
      {error ? <p className="field-error">{error}</p> : null}
      {result ? (
        <div data-testid="backtest-result" data-total={result.total}>
          <p className="muted">
            {result.total} alert{result.total === 1 ? '' : 's'} over {result.sessions.length} session{result.sessions.length === 1 ? '' : 's'}
            {result.hits.length < result.total ? ` (first ${result.hits.length} listed)` : ''}
          </p>
          <ul className="backtest-days" data-testid="backtest-days">
            {result.perDay.map((d) => (
              <li key={d.day}>
                {d.day}: {d.count}
              </li>
            ))}
          </ul>
          <ul className="alert-list">
            {result.hits.map((hit, i) => (
              <li key={`${hit.sessionId}-${i}`} className="alert-item" data-testid="backtest-hit" data-flow-id={hit.flowId ?? ''} data-session-id={hit.sessionId}>
                <span className="alert-top">
                  <span className="alert-time">{formatTimeEt(hit.time)}</span>
                  <span className="muted">#{hit.sessionId}</span>
                  <button type="button" className="link-button" onClick={() => void replayAt(hit)} data-testid="backtest-replay">
                    ▶ Replay here
                  </button>
                </span>
                <span className="alert-title">{hit.title}</span>
                <span className="alert-body">{hit.body}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
