// How main talks to the ingest pipeline: the same calls whether it runs in a worker thread (the
// app) or in this thread (tests). `handlersFor` maps each request to the service.
import type { IngestService } from './ingest-service.ts';
import type { IngestRequestName, IngestRequests } from './ingest-types.ts';

export type IngestResult<N extends IngestRequestName> = Awaited<ReturnType<IngestRequests[N]>>;

export interface IngestPort {
  call<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>>;
  close(): Promise<void>;
}

type AsyncHandlers = { [N in IngestRequestName]: (...args: Parameters<IngestRequests[N]>) => IngestResult<N> | Promise<IngestResult<N>> };

export function handlersFor(service: IngestService, replay: ReplayHandlers): AsyncHandlers {
  return {
    start: (config) => service.start(config),
    stop: () => service.stop(),
    setSymbols: ({ options, tickers }) => service.setSymbols(options, tickers),
    setRules: (change) => {
      service.setRules(change);
      return { ok: true as const };
    },
    watchBooks: (symbols) => {
      service.watchBooks(symbols);
      replay.watchBooks(symbols);
      return { ok: true as const };
    },
    evidence: (id) => replay.evidence(id) ?? service.evidence(id),
    recentFlows: ({ symbol, limit }) => replay.recentFlows(symbol, limit) ?? service.recentFlows(symbol, limit),
    recentBars: (symbol) => service.recentBars(symbol),
    chain: ({ underlying, strikeCount, expiries }) => service.chain(underlying, strikeCount, expiries),
    status: () => service.status(),
    openReplay: (query) => replay.open(query),
    controlReplay: (action) => replay.control(action),
    closeReplay: () => replay.close(),
    replayBacklog: (limit) => replay.backlog(limit),
    fault: (kind) => service.fault(kind),
  };
}

/** The replay side of the pipeline (replay/replay-controller.ts). */
export interface ReplayHandlers {
  open: IngestRequests['openReplay'];
  control: IngestRequests['controlReplay'];
  close: IngestRequests['closeReplay'];
  backlog: IngestRequests['replayBacklog'];
  watchBooks(symbols: string[]): void;
  evidence(id: string): ReturnType<IngestRequests['evidence']>;
  /** Null when no replay is open. */
  recentFlows(symbol: string, limit: number): ReturnType<IngestRequests['recentFlows']> | null;
}

export class InThreadIngest implements IngestPort {
  private readonly handlers: AsyncHandlers;

  constructor(handlers: AsyncHandlers) {
    this.handlers = handlers;
  }

  async call<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>> {
    const handler = this.handlers[name] as (...a: Parameters<IngestRequests[N]>) => IngestResult<N> | Promise<IngestResult<N>>;
    return handler(...args);
  }

  async close(): Promise<void> {}
}
