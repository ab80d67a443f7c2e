// Pick contracts of one underlying from its chain: calls left, puts right, the money line
// marked. Picks are a draft until saved, so browsing costs no subscriptions; a pick past
// Schwab's key budget (with the rest of the watchlist and the open books) is refused, saying so.
import { useEffect, useMemo, useState } from 'react';
import type { ChainContract, ChainSummary, WatchlistEntry } from '../../shared/domain/watchlist.ts';
import { formatNumber, formatPrice, formatSize } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { shortExpiry } from '../feed/row-labels.ts';
import { nearestStrikeIndex, strikeRows } from './chain-rows.ts';
import { pickRefusal, pickRoom } from './watchlist-edit.ts';

const STRIKES = 24;
const EXPIRIES = 4;

interface Props {
  entry: WatchlistEntry;
  onSave: (contracts: string[]) => void;
  onClose: () => void;
  /** Browsing to open a book: a click opens that contract's book instead of picking it. */
  onOpen?: (symbol: string) => void;
}

type Load = { status: 'loading' } | { status: 'loaded'; chain: ChainSummary } | { status: 'failed'; message: string };

export function ChainPicker({ entry, onSave, onClose, onOpen }: Props) {
  const model = useFeedModel();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [expiry, setExpiry] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>(entry.contracts);
  const [refused, setRefused] = useState<string | null>(null);
  const usage = useCell(model.usage);
  const room = pickRoom(entry, usage);

  useEffect(() => {
    let current = true;
    model.bridge.api.marketData
      .chain({ underlying: entry.underlying, strikeCount: STRIKES, expiries: EXPIRIES })
      .then((chain) => current && setLoad({ status: 'loaded', chain }))
      .catch((error: unknown) => current && setLoad({ status: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      current = false;
    };
  }, [model, entry.underlying]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const chain = load.status === 'loaded' ? load.chain : null;
  const shownExpiry = expiry ?? chain?.expiries[0] ?? null;
  const rows = useMemo(() => (chain && shownExpiry ? strikeRows(chain, shownExpiry) : []), [chain, shownExpiry]);
  const money = nearestStrikeIndex(rows, chain?.underlyingPrice ?? null);
  const toggle = (c: ChainContract) => {
    if (onOpen) return onOpen(c.symbol);
    if (picked.includes(c.symbol)) {
      setRefused(null);
      return setPicked(picked.filter((s) => s !== c.symbol));
    }
    if (picked.length >= room) return setRefused(pickRefusal(room));
    setRefused(null);
    setPicked([...picked, c.symbol]);
  };

  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <div
        className="modal chain-picker"
        role="dialog"
        aria-modal="true"
        aria-label={`${entry.underlying} chain`}
        data-mode={onOpen ? 'open-book' : 'pick'}
        data-testid="chain-picker"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2>
            {entry.underlying} chain {chain && chain.underlyingPrice !== null ? <span className="muted">spot {formatPrice(chain.underlyingPrice)}</span> : null}
          </h2>
          <div className="toggle-group">
            {chain?.expiries.map((e) => (
              <button key={e} type="button" className={e === shownExpiry ? 'chip chip-on' : 'chip'} onClick={() => setExpiry(e)}>
                {shortExpiry(e)}
              </button>
            ))}
          </div>
        </header>
        <div className="chain-scroll">
          {load.status === 'loading' ? <p className="muted">Loading the chain…</p> : null}
          {load.status === 'failed' ? <p className="notice-text">Chain unavailable: {load.message}</p> : null}
          {rows.length > 0 ? (
            <table className="chain-table">
              <thead>
                <tr className="side-head">
                  <th colSpan={5}>Calls</th>
                  <th className="strike-col" />
                  <th colSpan={5}>Puts</th>
                </tr>
                <tr>
                  <th className="num">Bid</th><th className="num">Ask</th><th className="num">Vol</th><th className="num">OI</th><th className="num">Δ</th>
                  <th className="strike-col">Strike</th>
                  <th className="num">Bid</th><th className="num">Ask</th><th className="num">Vol</th><th className="num">OI</th><th className="num">Δ</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <tr key={row.strike} className={i === money ? 'money-line' : undefined}>
                    <ContractCells contract={row.call} picked={picked} onToggle={toggle} />
                    <td className="strike-col">{formatNumber(row.strike, row.strike % 1 === 0 ? 0 : 2)}</td>
                    <ContractCells contract={row.put} picked={picked} onToggle={toggle} />
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
        {onOpen ? (
          <footer className="modal-foot">
            <span className="muted">Click a contract to open its book</span>
            <button type="button" className="chip" onClick={onClose}>Close</button>
          </footer>
        ) : (
          <footer className="modal-foot">
            {refused ? (
              <span className="notice-text" role="alert" data-testid="pick-refused">
                {refused}
              </span>
            ) : (
              <span className="muted">{picked.length} picked · click a side to pick it</span>
            )}
            <button type="button" className="chip" onClick={onClose}>Cancel</button>
            <button type="button" className="chip chip-on" onClick={() => onSave(picked)} data-testid="chain-save">
              Save
            </button>
          </footer>
        )}
      </div>
    </div>
  );
}

function ContractCells({ contract, picked, onToggle }: { contract: ChainContract | null; picked: string[]; onToggle: (c: ChainContract) => void }) {
  if (!contract) return <td colSpan={5} />;
  const on = picked.includes(contract.symbol);
  const cells = [
    contract.bid === null ? '—' : formatPrice(contract.bid),
    contract.ask === null ? '—' : formatPrice(contract.ask),
    contract.volume === null ? '—' : formatSize(contract.volume),
    contract.openInterest === null ? '—' : formatSize(contract.openInterest),
    contract.delta === null ? '—' : formatNumber(contract.delta, 2),
  ];
  return (
    <>
      {cells.map((text, i) => (
        <td
          key={i}
          className={on ? 'num pickable picked' : 'num pickable'}
          onClick={() => onToggle(contract)}
          title={contract.symbol}
          data-symbol={i === 0 ? contract.symbol : undefined}
        >
          {text}
        </td>
      ))}
    </>
  );
}
