// The feed filters (settings.feed). Every change applies to the loaded flows at once; saving
// to settings happens after a short pause (FilterSync).
import { useState } from 'react';
import type { FeedFilter, SenderFilter } from '../../shared/domain/app-settings.ts';
import { DEFAULT_FEED_FILTER, SENDER_FILTERS } from '../../shared/domain/app-settings.ts';
import type { FlowKind, Moneyness, Side } from '../../shared/domain/flow.ts';
import { FLOW_KINDS, MONEYNESS, SIDES } from '../../shared/domain/flow.ts';
import type { Right } from '../../shared/domain/market.ts';
import { formatPremium } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import type { ToggleOption } from '../ui/ToggleGroup.tsx';
import { ToggleGroup } from '../ui/ToggleGroup.tsx';
import { SIDE_LABELS } from './badges.ts';
import { isOpenFilter, toggleChoice } from '../../shared/analytics/flow-filter.ts';
import { normaliseUnderlying } from '../watchlist/watchlist-edit.ts';
import { parsePremium } from './parse-premium.ts';
import { VolatilityFilterFields } from './VolatilityFilterFields.tsx';

const PREMIUM_PRESETS = [0, 25_000, 100_000, 500_000, 1_000_000];
const RIGHTS: readonly ToggleOption<Right>[] = [
  { value: 'C', label: 'Calls' },
  { value: 'P', label: 'Puts' },
];
const KIND_OPTIONS: readonly ToggleOption<FlowKind>[] = FLOW_KINDS.map((k) => ({ value: k, label: k === 'SINGLE' ? 'Single' : k[0] + k.slice(1).toLowerCase() }));
const SIDE_OPTIONS: readonly ToggleOption<Side>[] = SIDES.map((s) => ({ value: s, label: SIDE_LABELS[s], title: s.replace('_', ' ').toLowerCase() }));
const MONEY_OPTIONS: readonly ToggleOption<Moneyness>[] = MONEYNESS.map((m) => ({ value: m, label: m }));
const SENDER_LABELS: Readonly<Record<SenderFilter, string>> = { ALL: 'Any', INSTITUTIONAL: 'Institutional', RETAIL: 'Retail' };

export function FilterPanel() {
  const model = useFeedModel();
  const filter = useCell(model.filter);
  const watchlist = useCell(model.watchlist);
  const edit = (patch: Partial<FeedFilter>) => model.editFilter({ ...filter, ...patch });

  return (
    <section className="panel filter-panel" aria-label="Filters" data-testid="filters">
      <header className="panel-head">
        <h2>Filters</h2>
        {isOpenFilter(filter) ? (
          <span className="muted">all flows</span>
        ) : (
          <button type="button" className="link-button" onClick={() => model.editFilter({ ...DEFAULT_FEED_FILTER, symbols: [] })} data-testid="filter-reset">
            reset
          </button>
        )}
      </header>

      <label className="field-label" htmlFor="min-premium">Min premium</label>
      <PremiumInput value={filter.minPremium} onChange={(minPremium) => edit({ minPremium })} />
      <div className="toggle-group presets">
        {PREMIUM_PRESETS.map((p) => (
          <button key={p} type="button" className={filter.minPremium === p ? 'chip chip-on' : 'chip'} onClick={() => edit({ minPremium: p })} data-testid={`premium-preset-${p}`}>
            {p === 0 ? 'any' : formatPremium(p)}
          </button>
        ))}
      </div>

      <label className="check-row">
        <input type="checkbox" checked={filter.whalesOnly} onChange={(e) => edit({ whalesOnly: e.target.checked })} data-testid="filter-whales" />
        Whales only
      </label>

      <label className="check-row" title="The last trading day's flows whose open interest the next day rose by them (FLOW-RULES §10)">
        <input type="checkbox" checked={filter.confirmedOpeners} onChange={(e) => edit({ confirmedOpeners: e.target.checked })} data-testid="filter-confirmed-openers" />
        Yesterday's confirmed openers
      </label>

      <span className="field-label" title="A published heuristic with a confidence, never a certainty (FLOW-RULES §9)">Likely sender</span>
      <div className="toggle-group" role="group" aria-label="Likely sender" data-testid="filter-sender">
        {SENDER_FILTERS.map((s) => (
          <button key={s} type="button" className={filter.sender === s ? 'chip chip-on' : 'chip'} aria-pressed={filter.sender === s} data-value={s} onClick={() => edit({ sender: s })}>
            {SENDER_LABELS[s]}
          </button>
        ))}
      </div>

      <span className="field-label">Type</span>
      <ToggleGroup label="Calls and puts" testId="filter-rights" options={RIGHTS} chosen={filter.rights} onToggle={(v) => edit({ rights: toggleChoice(filter.rights, v, ['C', 'P']) })} />
      <span className="field-label">Kind</span>
      <ToggleGroup label="Kinds" testId="filter-kinds" options={KIND_OPTIONS} chosen={filter.kinds} onToggle={(v) => edit({ kinds: toggleChoice(filter.kinds, v, FLOW_KINDS) })} />
      <span className="field-label">Side</span>
      <ToggleGroup label="Sides" testId="filter-sides" options={SIDE_OPTIONS} chosen={filter.sides} onToggle={(v) => edit({ sides: toggleChoice(filter.sides, v, SIDES) })} />
      <span className="field-label">Moneyness</span>
      <ToggleGroup label="Moneyness" testId="filter-moneyness" options={MONEY_OPTIONS} chosen={filter.moneyness} onToggle={(v) => edit({ moneyness: toggleChoice(filter.moneyness, v, MONEYNESS) })} />

      <span className="field-label">DTE</span>
      <div className="dte-range">
        <NumberInput label="DTE from" value={filter.dteMin} onChange={(v) => edit({ dteMin: v ?? 0 })} testId="filter-dte-min" />
        <span className="muted">to</span>
        <NumberInput label="DTE to" value={filter.dteMax} placeholder="any" onChange={(v) => edit({ dteMax: v })} testId="filter-dte-max" />
        <button type="button" className={filter.dteMin === 0 && filter.dteMax === 0 ? 'chip chip-on' : 'chip'} onClick={() => edit({ dteMin: 0, dteMax: 0 })}>
          0DTE
        </button>
      </div>

      <VolatilityFilterFields value={filter.volatility} onChange={(volatility) => edit({ volatility })} />

      <span className="field-label">Symbols</span>
      <SymbolChips
        symbols={filter.symbols}
        onChange={(symbols) => edit({ symbols })}
        watchlist={watchlist?.entries.map((e) => e.underlying) ?? []}
      />
    </section>
  );
}

function PremiumInput({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (value === 0 ? '' : String(value));
  return (
    <input
      id="min-premium"
      className="text-input"
      inputMode="numeric"
      placeholder="0"
      value={shown}
      data-testid="filter-min-premium"
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parsePremium(e.target.value);
        if (parsed !== null) onChange(parsed);
      }}
      onBlur={() => setText(null)}
    />
  );
}

function NumberInput({ label, value, placeholder, onChange, testId }: { label: string; value: number | null; placeholder?: string; onChange: (v: number | null) => void; testId: string }) {
  return (
    <input
      className="text-input small"
      aria-label={label}
      inputMode="numeric"
      placeholder={placeholder}
      value={value === null ? '' : String(value)}
      data-testid={testId}
      onChange={(e) => {
        const t = e.target.value.trim();
        if (t === '') return onChange(null);
        const n = Number(t);
        if (Number.isInteger(n) && n >= 0 && n <= 5000) onChange(n);
      }}
    />
  );
}

function SymbolChips({ symbols, onChange, watchlist }: { symbols: string[]; onChange: (s: string[]) => void; watchlist: string[] }) {
  const [text, setText] = useState('');
  const add = () => {
    const symbol = normaliseUnderlying(text);
    if (symbol && !symbols.includes(symbol)) onChange([...symbols, symbol]);
    setText('');
  };
  return (
    <div className="symbol-chips" data-testid="filter-symbols">
      <div className="toggle-group">
        {symbols.map((s) => (
          <button key={s} type="button" className="chip chip-on" title="Remove" onClick={() => onChange(symbols.filter((x) => x !== s))}>
            {s} ×
          </button>
        ))}
        {symbols.length === 0 ? <span className="muted">all underlyings</span> : null}
      </div>
      <div className="inline-form">
        <input
          className="text-input small"
          aria-label="Add a symbol to the filter"
          placeholder="SPY"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
          data-testid="filter-symbol-input"
        />
        <button type="button" className="chip" onClick={add}>Add</button>
        {watchlist.length > 0 ? (
          <button type="button" className="chip" title="Show only the watchlist's underlyings" onClick={() => onChange([...watchlist])}>
            Watchlist
          </button>
        ) : null}
      </div>
    </div>
  );
}
