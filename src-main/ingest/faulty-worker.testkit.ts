// The real ingest worker with a way for tests to break it from outside, as a crash would: a
// message on the `fathom-test-faults` broadcast channel makes it exit, throw out of an event
// handler, or hang its event loop. Product code never loads this file (the app starts
// worker-entry.ts); only supervision tests start the worker from here.
import { BroadcastChannel } from 'node:worker_threads';
import { FAULT_CHANNEL, type WorkerFault } from './worker-faults.testkit.ts';
import './worker-entry.ts';

const faults = new BroadcastChannel(FAULT_CHANNEL);
faults.onmessage = (event) => {
  const kind = (event as { data?: unknown }).data as WorkerFault;
  if (kind === 'exit') process.exit(3);
  if (kind === 'throw') {
    setImmediate(() => {
      throw new Error('a bug in the market worker');
    });
  }
  if (kind === 'hang') for (;;);
};
// Never keeps the worker alive on its own.
(faults as unknown as { unref?: () => void }).unref?.();
