// How tests break the market worker from outside (faulty-worker.testkit.ts listens): the name of
// the broadcast channel and what may be asked of it.
export const FAULT_CHANNEL = 'fathom-test-faults';
export type WorkerFault = 'exit' | 'throw' | 'hang';
