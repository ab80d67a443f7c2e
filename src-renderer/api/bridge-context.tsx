// React's access to the bridge: one provider at the root, `useBridge()` below it.
import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';

const BridgeContext = createContext<FathomBridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: FathomBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): FathomBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge outside <BridgeProvider>');
  return bridge;
}
