// A marker row where the stream had a gap: flows may be missing across it.
import type { Gap } from '../../shared/domain/session.ts';
import { formatDuration, formatTimeEt } from '../../shared/format/format.ts';

export function GapRowView({ gap, top }: { gap: Gap; top: number }) {
  const span = gap.end === null ? 'ongoing' : formatDuration(gap.end - gap.start);
  return (
    <div className="gap-row" style={{ transform: `translateY(${top}px)` }} role="row" data-testid="gap-row" title={gap.reason}>
      <span>
        Gap {formatTimeEt(gap.start)}
        {gap.end !== null ? `–${formatTimeEt(gap.end)}` : ''} · {span} · {gap.reason}
      </span>
    </div>
  );
}
