// Steering a replay: play and pause, one frame at a time, the speed, and a timeline to seek on.
// The feed (and any open book window) shows the replayed market exactly as it showed it live.
import type { CSSProperties } from 'react';
import { useEffect, useRef, useState } from 'react';
import { formatDateTimeEt, formatTimeEt } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { parseSpeed, progress, SPEED_CHOICES, speedLabel, timeAt } from './replay-view.ts';

const SEEK_SETTLE_MS = 180;

export function ReplayBar() {
  const model = useFeedModel();
  const state = useCell(model.sessions.replay);
  const market = useCell(model.market);
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);

  if (!state) {
    // A replay opened before this page loaded: the status says so; offer the way back.
    if (market?.source !== 'replay') return null;
    return (
      <div className="replay-bar" data-testid="replay-bar" data-state="unknown">
        <span className="replay-tag">REPLAY</span>
        <span className="muted">A recorded session is playing in place of the live market.</span>
        <span className="spacer" />
        <button type="button" className="chip" onClick={() => void model.sessions.close()} data-testid="replay-close">
          Back to live
        </button>
      </div>
    );
  }

  const fraction = draft ?? progress(state);
  const seekTo = (f: number): void => {
    setDraft(f);
    clearTimeout(timer.current ?? undefined);
    // Seek once the thumb settles: a drag is many input events, a seek resets the feed.
    timer.current = setTimeout(() => {
      setDraft(null);
      void model.sessions.control({ action: 'seek', to: timeAt(state, f) });
    }, SEEK_SETTLE_MS);
  };
  const shownTime = draft === null ? state.position : timeAt(state, draft);

  return (
    <div
      className="replay-bar"
      role="toolbar"
      aria-label="Replay"
      data-testid="replay-bar"
      data-session={state.sessionId}
      data-playing={state.playing}
      data-finished={state.finished}
      data-frame={state.frameIndex}
      data-position={state.position}
    >
      <span className="replay-tag">REPLAY</span>
      <span className="replay-session" title={`${formatDateTimeEt(state.start)} → ${formatDateTimeEt(state.end)}`}>
        Session {state.sessionId}
      </span>
      <button
        type="button"
        className="chip replay-play"
        onClick={() => void model.sessions.control({ action: state.playing ? 'pause' : 'play' })}
        disabled={state.finished && !state.playing}
        data-testid="replay-play"
        aria-label={state.playing ? 'Pause' : 'Play'}
      >
        {state.playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" className="chip" onClick={() => void model.sessions.control({ action: 'step' })} disabled={state.playing || state.finished} data-testid="replay-step" title="One frame forward">
        Step ▸|
      </button>
      <label className="replay-speed">
        Speed
        <select
          className="select"
          value={String(state.speed)}
          onChange={(e) => {
            const speed = parseSpeed(e.target.value);
            if (speed !== null) void model.sessions.control({ action: 'speed', speed });
          }}
          data-testid="replay-speed"
        >
          {SPEED_CHOICES.map((s) => (
            <option key={String(s)} value={String(s)}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <span className="replay-time num">{formatTimeEt(state.start)}</span>
      <input
        className="replay-timeline"
        type="range"
        min={0}
        max={1000}
        step={1}
        value={Math.round(fraction * 1000)}
        onChange={(e) => seekTo(Number(e.target.value) / 1000)}
        aria-label="Replay position"
        aria-valuetext={`${formatTimeEt(shownTime)} ET`}
        data-testid="replay-timeline"
        style={{ '--fill': `${fraction * 100}%` } as CSSProperties}
      />
      <span className="replay-time num">{formatTimeEt(state.end)}</span>
      <span className="replay-now num" data-testid="replay-position" title="Stream time reached">
        {formatTimeEt(shownTime, { millis: true })} ET
      </span>
      <span className="replay-frames num muted">
        {state.finished ? 'finished · ' : ''}frame {state.frameIndex.toLocaleString('en-US')} / {state.frameCount.toLocaleString('en-US')}
      </span>
      <button type="button" className="chip" onClick={() => void model.sessions.close()} data-testid="replay-close" title="Close the replay and return to the live market">
        Back to live
      </button>
    </div>
  );
}
