// The feed's delta, IV, IV-rank and IV-percentile bounds (settings.feed.volatility, FLOW-RULES.md
// §11). A bound that is not a number in its range, or a range that runs backwards, is said
// beside the fields and not applied.
import { useState } from 'react';
import type { VolatilityFilter } from '../../shared/domain/volatility.ts';

type Bounds = 'delta' | 'iv' | 'ivRank' | 'ivPercentile';

const RANGES: Record<Bounds, { label: string; min: number; max: number; testId: string; keys: [keyof VolatilityFilter, keyof VolatilityFilter] }> = {
  delta: { label: 'Delta', min: -1, max: 1, testId: 'filter-delta', keys: ['deltaMin', 'deltaMax'] },
  iv: { label: 'IV %', min: 0, max: 1000, testId: 'filter-iv', keys: ['ivMin', 'ivMax'] },
  ivRank: { label: 'IV rank', min: 0, max: 100, testId: 'filter-ivrank', keys: ['ivRankMin', 'ivRankMax'] },
  ivPercentile: { label: 'IV percentile', min: 0, max: 100, testId: 'filter-ivpct', keys: ['ivPercentileMin', 'ivPercentileMax'] },
};

export function VolatilityFilterFields({ value, onChange }: { value: VolatilityFilter; onChange: (next: VolatilityFilter) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const setBound = (bounds: Bounds, side: 0 | 1, bound: number | null) => {
    const range = RANGES[bounds];
    const next = { ...value, [range.keys[side]]: bound };
    const low = next[range.keys[0]] as number | null;
    const high = next[range.keys[1]] as number | null;
    if (low !== null && high !== null && low > high) return setProblem(`${range.label}: "from" is above "to"`);
    setProblem(null);
    onChange(next);
  };
  const row = (bounds: Bounds, lowest = RANGES[bounds].min) => {
    const range = RANGES[bounds];
    return (
      <>
        <span className="field-label">{range.label}</span>
        <div className="dte-range">
          <BoundInput label={`${range.label} from`} value={value[range.keys[0]] as number | null} min={lowest} max={range.max} onChange={(v) => setBound(bounds, 0, v)} onProblem={setProblem} testId={`${range.testId}-min`} />
          <span className="muted">to</span>
          <BoundInput label={`${range.label} to`} value={value[range.keys[1]] as number | null} min={lowest} max={range.max} onChange={(v) => setBound(bounds, 1, v)} onProblem={setProblem} testId={`${range.testId}-max`} />
        </div>
      </>
    );
  };
  return (
    <div className="volatility-filter" data-testid="filter-volatility">
      {row('delta', value.deltaAbsolute ? 0 : -1)}
      <label className="check-row">
        <input
          type="checkbox"
          checked={value.deltaAbsolute}
          onChange={(e) => {
            const abs = e.target.checked;
            // Signed bounds below zero mean nothing for |delta|: they are dropped.
            const clamp = (v: number | null) => (abs && v !== null && v < 0 ? null : v);
            onChange({ ...value, deltaAbsolute: abs, deltaMin: clamp(value.deltaMin), deltaMax: clamp(value.deltaMax) });
          }}
          data-testid="filter-delta-abs"
        />
        |delta| (puts and calls alike)
      </label>
      {row('iv')}
      {row('ivRank')}
      {row('ivPercentile')}
      {problem ? <p className="field-error" role="alert" data-testid="filter-volatility-problem">{problem}</p> : null}
    </div>
  );
}

function BoundInput(props: { label: string; value: number | null; min: number; max: number; onChange: (v: number | null) => void; onProblem: (p: string | null) => void; testId: string }) {
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (props.value === null ? '' : String(props.value));
  return (
    <input
      className="text-input small"
      aria-label={props.label}
      inputMode="decimal"
      placeholder="any"
      value={shown}
      data-testid={props.testId}
      onChange={(e) => {
        setText(e.target.value);
        const t = e.target.value.trim();
        if (t === '') return props.onChange(null);
        const n = Number(t);
        // "0." and "-" are on their way to a number: wait for the rest.
        if (t === '-' || t.endsWith('.')) return;
        if (!Number.isFinite(n) || n < props.min || n > props.max) return props.onProblem(`${props.label}: a number from ${props.min} to ${props.max}`);
        props.onChange(n);
      }}
      onBlur={() => setText(null)}
    />
  );
}
