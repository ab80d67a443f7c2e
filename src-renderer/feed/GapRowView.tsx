// A marker row where the stream had a gap: flows may be missing across it.
import type { Gap } from '../../shared/domain/session.ts';
import { formatDuration, formatTimeEt } from '../../shared/format/format.ts';

export function GapRowView({ gap }: { gap: Gap }) {
  const span = gap.end === null ? 'ongoing' : formatDuration(gap.end - gap.start);
  return (
    <div className="gap-row" role="row" data-testid="gap-row" title={gap.reason}>
      <span>
        Gap {formatTimeEt(gap.start)}
        {gap.end !== null ? `–${formatTimeEt(gap.end)}` : ''} · {span} · {gap.reason}
      </span>
    </div>
  );
}
