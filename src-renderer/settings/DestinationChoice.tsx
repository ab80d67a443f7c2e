// A rule's webhook destinations: one chip per destination (none chosen: the rule posts nowhere).
import type { WebhookDestination } from '../../shared/domain/webhooks.ts';

interface Props {
  chosen: readonly string[];
  destinations: readonly WebhookDestination[];
  onChange: (ids: string[]) => void;
}

export function DestinationChoice({ chosen, destinations, onChange }: Props) {
  if (destinations.length === 0) return <span className="muted" title="Add a destination in Alert destinations below">—</span>;
  return (
    <span className="toggle-group" data-testid="rule-destinations">
      {destinations.map((d) => {
        const on = chosen.includes(d.id);
        return (
          <button key={d.id} type="button" className={on ? 'chip chip-on' : 'chip'} aria-pressed={on} data-destination-id={d.id} title={`Post this rule's alerts to ${d.name} (${d.host})`} onClick={() => onChange(on ? chosen.filter((id) => id !== d.id) : [...chosen, d.id])}>
            {d.name}
          </button>
        );
      })}
    </span>
  );
}
