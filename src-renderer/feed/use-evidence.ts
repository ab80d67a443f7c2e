// Fetches a flow's evidence when it is opened, and again when it grows (a new version has new
// prints). Answers for a flow no longer selected are dropped.
import { useEffect, useState } from 'react';
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { TestHooks } from '../app/test-hooks.ts';

export type EvidenceState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; evidence: FlowEvidence }
  | { status: 'failed'; message: string };

export function useEvidence(bridge: FathomBridge, hooks: TestHooks, id: string | null, version: number | null): EvidenceState {
  const key = id === null ? null : `${id}@${version ?? 0}`;
  const [answer, setAnswer] = useState<{ key: string; state: EvidenceState } | null>(null);

  useEffect(() => {
    if (id === null || key === null) return;
    let current = true;
    bridge.api.flows
      .evidence({ id })
      .then((evidence) => {
        if (!current) return;
        setAnswer({ key, state: { status: 'loaded', evidence } });
        hooks.emit('evidence', { id, prints: evidence.prints.length });
      })
      .catch((error: unknown) => {
        if (current) setAnswer({ key, state: { status: 'failed', message: error instanceof Error ? error.message : String(error) } });
      });
    return () => {
      current = false;
    };
  }, [bridge, hooks, id, key]);

  if (key === null) return { status: 'idle' };
  if (answer?.key === key) return answer.state;
  // A grown flow keeps showing its previous evidence until the new one lands.
  if (answer && id !== null && answer.key.startsWith(`${id}@`) && answer.state.status === 'loaded') return answer.state;
  return { status: 'loading' };
}
