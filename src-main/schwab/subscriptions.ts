// What the client wants subscribed, per service, reference-counted by subscriber; and what the
// server has acknowledged. The difference between the two is the next commands to send.
import type { MarketService } from './protocol.ts';
import { MARKET_SERVICES } from './protocol.ts';

export class DesiredSubscriptions {
  private readonly counts = new Map<MarketService, Map<string, number>>();

  add(service: MarketService, keys: readonly string[]): void {
    const map = this.map(service);
    for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  }

  remove(service: MarketService, keys: readonly string[]): void {
    const map = this.map(service);
    for (const key of keys) {
      const n = map.get(key);
      if (n === undefined) continue;
      if (n <= 1) map.delete(key);
      else map.set(key, n - 1);
    }
  }

  has(service: MarketService, key: string): boolean {
    return this.map(service).has(key);
  }

  keys(service: MarketService): string[] {
    return [...this.map(service).keys()];
  }

  isEmpty(): boolean {
    return MARKET_SERVICES.every((s) => this.map(s).size === 0);
  }

  private map(service: MarketService): Map<string, number> {
    let map = this.counts.get(service);
    if (!map) {
      map = new Map();
      this.counts.set(service, map);
    }
    return map;
  }
}

export interface SubscriptionCommand {
  service: MarketService;
  command: 'SUBS' | 'ADD' | 'UNSUBS';
  keys: string[];
}

/**
 * Commands that move the server from `active` to `desired`. A service with nothing active
 * starts with SUBS (which replaces whatever the server thinks it has, e.g. after a reconnect);
 * otherwise ADD the new keys and UNSUBS the dropped ones. Keys the server refused stay out
 * until the next connection.
 */
export function planCommands(
  desired: DesiredSubscriptions,
  active: ReadonlyMap<MarketService, ReadonlySet<string>>,
  refused: ReadonlyMap<MarketService, ReadonlySet<string>>,
): SubscriptionCommand[] {
  const commands: SubscriptionCommand[] = [];
  for (const service of MARKET_SERVICES) {
    const want = desired.keys(service).filter((k) => !refused.get(service)?.has(k));
    const have = active.get(service) ?? new Set<string>();
    const toAdd = want.filter((k) => !have.has(k));
    const wantSet = new Set(want);
    const toRemove = [...have].filter((k) => !wantSet.has(k));
    if (have.size === 0 && toAdd.length > 0) {
      commands.push({ service, command: 'SUBS', keys: toAdd });
      continue;
    }
    if (toAdd.length > 0) commands.push({ service, command: 'ADD', keys: toAdd });
    if (toRemove.length > 0) commands.push({ service, command: 'UNSUBS', keys: toRemove });
  }
  return commands;
}
