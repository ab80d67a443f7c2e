// Which window this page is: the flow feed (default) or a book window (?window=book&symbol=…).
import type { Connection } from '../api/connect.ts';
import { AccessHint } from './AccessHint.tsx';
import type { BookModel } from '../book/book-model.ts';
import { BookWindow } from '../book/BookWindow.tsx';
import type { FeedModel } from './feed-model.ts';
import { FeedModelProvider } from './feed-model-context.tsx';
import { FeedWindow } from './FeedWindow.tsx';

export function App({ connection, model, book }: { connection: Connection; model: FeedModel | null; book: BookModel | null }) {
  const { link } = connection;
  return (
    <>
      <AccessHint link={link} />
      {book ? (
        <BookWindow model={book} />
      ) : model ? (
        <FeedModelProvider model={model}>
          <FeedWindow />
        </FeedModelProvider>
      ) : null}
    </>
  );
}
