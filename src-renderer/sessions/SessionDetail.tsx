// One session opened in the sessions view: what it followed, where its stream had gaps, and the
// flow rules it was recorded with where they differ from today's.
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { FLOW_FIELDS } from '../settings/settings-form.ts';
import type { SessionRow } from './session-rows.ts';
import { changedRules, gapLines } from './session-rows.ts';

export function SessionDetail({ row, current, now, columns }: { row: SessionRow; current: FlowSettings | null; now: number; columns: number }) {
  const gaps = gapLines(row.session, now);
  const changed = current ? changedRules(row.session.settings, current) : [];
  return (
    <tr className="session-detail" data-testid="session-detail">
      <td colSpan={columns}>
        <div className="detail-grid">
          <section>
            <h3>Followed</h3>
            <p className="detail-list">
              {row.underlyings.map((u, i) => (
                <span key={u}>
                  <strong>{u}</strong> <span className="muted">{row.contractsOf[i] ? `${row.contractsOf[i]} contracts` : 'quotes'}</span>
                </span>
              ))}
            </p>
          </section>
          <section>
            <h3>Gaps</h3>
            {gaps.length === 0 ? (
              <p className="muted">The stream never stopped.</p>
            ) : (
              <ul className="detail-gaps">
                {gaps.map((g) => (
                  <li key={g.from}>
                    <span className="num">{g.from} → {g.to}</span> <span className="gaps-some">{g.length}</span> <span className="muted">{g.reason}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section>
            <h3>Flow rules</h3>
            {changed.length === 0 ? (
              <p className="muted">Recorded with today&apos;s flow rules.</p>
            ) : (
              <ul className="detail-rules">
                {changed.map((key) => {
                  const field = FLOW_FIELDS.find((f) => f.key === key);
                  const scale = field?.scale ?? 1;
                  return (
                    <li key={key}>
                      {field?.label ?? key}: <strong>{show(row.session.settings[key] * scale)}</strong> <span className="muted">(today {show((current as FlowSettings)[key] * scale)}) {field?.unit}</span>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </div>
      </td>
    </tr>
  );
}

function show(n: number): string {
  return String(Number(n.toPrecision(12)));
}
