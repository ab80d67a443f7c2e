// The feed window's model for the components below the provider.
import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import type { FeedModel } from './feed-model.ts';

const ModelContext = createContext<FeedModel | null>(null);

export function FeedModelProvider({ model, children }: { model: FeedModel; children: ReactNode }) {
  return <ModelContext.Provider value={model}>{children}</ModelContext.Provider>;
}

export function useFeedModel(): FeedModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useFeedModel outside <FeedModelProvider>');
  return model;
}
