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
 * Commands that move the server from `active` to `desired`, through states Schwab accepts:
 * - never more keys in a service than the end state has (Schwab caps each service, code 19):
 *   a service UNSUBS what it drops before it ADDs what it gains;
 * - never no key at all while something is wanted (Schwab ends a stream the moment it holds
 *   none, code 30, docs/schwab-streaming.md §3.4): a service whose keys all change is moved
 *   with one SUBS (which replaces the list), and a service that drops every key goes last.
 * A service with nothing active starts with SUBS (which also replaces whatever the server
 * thinks it has, e.g. after a reconnect). Keys the server refused stay out until the next
 * connection.
 */
export function planCommands(
  desired: DesiredSubscriptions,
  active: ReadonlyMap<MarketService, ReadonlySet<string>>,
  refused: ReadonlyMap<MarketService, ReadonlySet<string>>,
): SubscriptionCommand[] {
  const commands: SubscriptionCommand[] = [];
  const emptying: SubscriptionCommand[] = [];
  for (const service of MARKET_SERVICES) {
    const want = desired.keys(service).filter((k) => !refused.get(service)?.has(k));
    const have = active.get(service) ?? new Set<string>();
    const toAdd = want.filter((k) => !have.has(k));
    const wantSet = new Set(want);
    const toRemove = [...have].filter((k) => !wantSet.has(k));
    if (want.length === 0) {
      if (toRemove.length > 0) emptying.push({ service, command: 'UNSUBS', keys: toRemove });
      continue;
    }
    if (have.size === 0 || toRemove.length === have.size) {
      if (toAdd.length > 0) commands.push({ service, command: 'SUBS', keys: want });
      continue;
    }
    if (toRemove.length > 0) commands.push({ service, command: 'UNSUBS', keys: toRemove });
    if (toAdd.length > 0) commands.push({ service, command: 'ADD', keys: toAdd });
  }
  return [...commands, ...emptying];
}

/**
 * What the server holds for this connection: keys sent (counted as held as soon as the command
 * goes out, so a second round never repeats it) and keys it refused (not asked again until the
 * next connection).
 */
export class ServerSubscriptions {
  private readonly active = new Map<MarketService, Set<string>>();
  private readonly refused = new Map<MarketService, Set<string>>();

  /** A new connection holds nothing and has refused nothing. */
  clear(): void {
    this.active.clear();
    this.refused.clear();
  }

  plan(desired: DesiredSubscriptions): SubscriptionCommand[] {
    return planCommands(desired, this.active, this.refused);
  }

  sent(command: SubscriptionCommand): void {
    const active = this.set(this.active, command.service);
    if (command.command === 'UNSUBS') for (const key of command.keys) active.delete(key);
    else {
      if (command.command === 'SUBS') active.clear();
      for (const key of command.keys) active.add(key);
    }
  }

  /** The keys this connection holds for a service (sent and not refused). */
  activeKeys(service: MarketService): string[] {
    return [...(this.active.get(service) ?? [])];
  }

  /** Keys it refused, to be asked again on the next connection. */
  refusedKeys(service: MarketService): string[] {
    return [...(this.refused.get(service) ?? [])];
  }

  refusedBy(command: SubscriptionCommand): void {
    const active = this.set(this.active, command.service);
    const refused = this.set(this.refused, command.service);
    for (const key of command.keys) {
      active.delete(key);
      refused.add(key);
    }
  }

  private set(map: Map<MarketService, Set<string>>, service: MarketService): Set<string> {
    let set = map.get(service);
    if (!set) map.set(service, (set = new Set()));
    return set;
  }
}
