// Which window this page is: the flow feed (default) or a book window (?window=book&symbol=…).
import type { Connection } from '../api/connect.ts';
import { hasToken } from '../api/connect.ts';
import { AccessHint } from './AccessHint.tsx';
import { BridgeProvider } from '../api/bridge-context.tsx';
import { BookWindow } from '../book/BookWindow.tsx';
import type { FeedModel } from './feed-model.ts';
import { FeedModelProvider } from './feed-model-context.tsx';
import { FeedWindow } from './FeedWindow.tsx';

export function App({ connection, model }: { connection: Connection; model: FeedModel | null }) {
  const { bridge, link, route } = connection;
  return (
    <BridgeProvider bridge={bridge}>
      <AccessHint link={link} hasToken={hasToken(connection)} />
      {route.window === 'book' && route.symbol !== null ? (
        <BookWindow bridge={bridge} link={link} symbol={route.symbol} />
      ) : model ? (
        <FeedModelProvider model={model}>
          <FeedWindow />
        </FeedModelProvider>
      ) : null}
    </BridgeProvider>
  );
}
