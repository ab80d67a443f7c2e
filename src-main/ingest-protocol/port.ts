// How main calls the ingest worker: the same typed calls whether it runs in a worker thread
// (the app) or in this thread (tests).
import type { IngestRequestName, IngestRequests, IngestResult } from './requests.ts';

export interface IngestPort {
  call<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>>;
  close(): Promise<void>;
}

/** The worker's side: one function per request (a method of the ingest host). */
export type IngestHandlers = {
  [N in IngestRequestName]: (...args: Parameters<IngestRequests[N]>) => IngestResult<N> | Promise<IngestResult<N>>;
};
