// The watchlist: underlyings followed either by hand-picked contracts or by the N strikes
// around the money, and how much of the streamer's subscription budget they use. A change that
// would pass Schwab's budget (500 keys per service) is refused here with the reason, and the
// steppers stop at it; the worker refuses it too, before saving.
import { useState } from 'react';
import type { ServiceUsage, WatchlistEntry } from '../../shared/domain/watchlist.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { formatStrikeMilli, tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { shortExpiry } from '../feed/row-labels.ts';
import { ChainPicker } from './ChainPicker.tsx';
import type { Watchlist } from '../../shared/domain/watchlist.ts';
import { addUnderlying, budgetRefusal, describeEntry, normaliseUnderlying, removeUnderlying, updateEntry } from './watchlist-edit.ts';

export function WatchlistPanel({ onPick, onOpenBook }: { onPick: (underlying: string) => void; onOpenBook: (symbol: string) => void }) {
  const model = useFeedModel();
  const watchlist = useCell(model.watchlist);
  const usage = useCell(model.usage);
  const [text, setText] = useState('');
  const [picking, setPicking] = useState<string | null>(null);
  const [browsing, setBrowsing] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const list = watchlist ?? { entries: [] };

  const save = (next: Watchlist) => {
    const problem = budgetRefusal(list, next, usage);
    setRefusal(problem);
    if (problem === null) void model.setWatchlist(next);
  };
  const add = () => {
    const underlying = normaliseUnderlying(text);
    if (!underlying) return;
    setText('');
    save(addUnderlying(list, underlying));
  };
  const patched = (underlying: string, patch: Partial<WatchlistEntry>) => updateEntry(list, underlying, (e) => ({ ...e, ...patch }));
  const change = (underlying: string, patch: Partial<WatchlistEntry>) => save(patched(underlying, patch));
  /** Why one more would not fit, for the + of a stepper; null when it would. */
  const blocked = (underlying: string, patch: Partial<WatchlistEntry>) => budgetRefusal(list, patched(underlying, patch), usage);
  const pickingEntry = list.entries.find((e) => e.underlying === picking) ?? null;
  const browsingEntry = list.entries.find((e) => e.underlying === browsing) ?? null;

  return (
    <section className="panel watchlist-panel" aria-label="Watchlist" data-testid="watchlist">
      <header className="panel-head">
        <h2>Watchlist</h2>
      </header>
      <div className="inline-form">
        <input
          className="text-input small"
          aria-label="Add an underlying"
          placeholder="Add ticker"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
          data-testid="watchlist-input"
        />
        <button type="button" className="chip" onClick={add} data-testid="watchlist-add">
          Add
        </button>
      </div>
      {watchlist === null ? <p className="muted">Loading…</p> : null}
      <ul className="watch-entries">
        {list.entries.map((entry) => (
          <li key={entry.underlying} className="watch-entry" data-testid="watch-entry" data-underlying={entry.underlying}>
            <div className="watch-line">
              <button type="button" className="link-button strong" onClick={() => onPick(entry.underlying)} title="Chart it">
                {entry.underlying}
              </button>
              <span className="muted">{describeEntry(entry)}</span>
              <button type="button" className="chip" onClick={() => setBrowsing(entry.underlying)} title="Open a contract's Level 2 book from the chain" data-testid="watch-book">
                L2
              </button>
              <button type="button" className="icon-button" aria-label={`Remove ${entry.underlying}`} onClick={() => save(removeUnderlying(list, entry.underlying))}>
                ×
              </button>
            </div>
            <div className="watch-line">
              <div className="toggle-group">
                <button type="button" className={entry.mode === 'around' ? 'chip chip-on' : 'chip'} onClick={() => change(entry.underlying, { mode: 'around' })} title="Follow the strikes around the money">
                  Around
                </button>
                <button type="button" className={entry.mode === 'contracts' ? 'chip chip-on' : 'chip'} onClick={() => setPicking(entry.underlying)} data-testid="watch-pick">
                  Pick…
                </button>
              </div>
              {entry.mode === 'around' ? (
                <span className="steppers">
                  <Stepper label="strikes each side" value={entry.strikesAround} min={1} max={50} onChange={(v) => change(entry.underlying, { strikesAround: v })} blockedUp={blocked(entry.underlying, { strikesAround: entry.strikesAround + 1 })} prefix="±" />
                  <Stepper label="expiries" value={entry.expiries} min={1} max={8} onChange={(v) => change(entry.underlying, { expiries: v })} blockedUp={blocked(entry.underlying, { expiries: entry.expiries + 1 })} suffix="x" />
                </span>
              ) : null}
            </div>
            {entry.mode === 'contracts' && entry.contracts.length > 0 ? (
              <div className="watch-contracts">
                {entry.contracts.map((symbol) => (
                  <button key={symbol} type="button" className="link-button" onClick={() => onOpenBook(symbol)} title="Open the book" data-testid="watch-contract" data-symbol={symbol}>
                    {contractLabel(symbol)}
                  </button>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <UsageMeters usage={usage} />
      {refusal ? (
        <p className="notice-text" role="alert" data-testid="budget-refused">
          {refusal}
        </p>
      ) : null}
      {browsingEntry ? (
        <ChainPicker
          entry={browsingEntry}
          onClose={() => setBrowsing(null)}
          onSave={() => setBrowsing(null)}
          onOpen={(symbol) => {
            setBrowsing(null);
            onOpenBook(symbol);
          }}
        />
      ) : null}
      {pickingEntry ? (
        <ChainPicker
          entry={pickingEntry}
          onClose={() => setPicking(null)}
          onSave={(contracts) => {
            setPicking(null);
            change(pickingEntry.underlying, { contracts, mode: contracts.length > 0 ? 'contracts' : 'around' });
          }}
        />
      ) : null}
    </section>
  );
}

/** `Nov 29 450C` for a picked contract; the symbol itself if it does not parse. */
function contractLabel(symbol: string): string {
  const parsed = tryParseOptionSymbol(symbol);
  if (!parsed.ok) return symbol.trim();
  const c = parsed.contract;
  return `${shortExpiry(c.expiry)} ${formatStrikeMilli(c.strikeMilli)}${c.right}`;
}

function Stepper({
  label,
  value,
  min,
  max,
  onChange,
  blockedUp = null,
  prefix = '',
  suffix = '',
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
  /** Why one more is refused (Schwab's key budget); the + is disabled and says so. */
  blockedUp?: string | null;
  prefix?: string;
  suffix?: string;
}) {
  return (
    <span className="stepper" title={blockedUp ?? label}>
      <button type="button" aria-label={`fewer ${label}`} disabled={value <= min} onClick={() => onChange(value - 1)}>
        −
      </button>
      <span>
        {prefix}
        {value}
        {suffix}
      </span>
      <button type="button" aria-label={`more ${label}`} disabled={value >= max || blockedUp !== null} title={blockedUp ?? undefined} onClick={() => onChange(value + 1)}>
        +
      </button>
    </span>
  );
}

function UsageMeters({ usage }: { usage: ServiceUsage[] }) {
  if (usage.length === 0) return null;
  return (
    <div className="usage" data-testid="usage">
      <span className="field-label">Subscriptions</span>
      {usage.map((u) => {
        const share = u.limit > 0 ? Math.min(1, u.keys / u.limit) : 0;
        return (
          <div key={u.service} className="usage-row" title={`${u.keys} of ${u.limit} keys: Schwab streams at most ${u.limit} per service`}>
            <span className="usage-name">{u.service.replace(/_/g, ' ').toLowerCase()}</span>
            <span className="usage-bar">
              <span className={share > 0.9 ? 'over' : share > 0.7 ? 'near' : ''} style={{ width: `${share * 100}%` }} />
            </span>
            <span className="num">
              {u.keys}/{u.limit}
            </span>
          </div>
        );
      })}
    </div>
  );
}
