// Start-up: connect to the host (preload or WebSocket), build the window's model outside React,
// then render. The model starts before the first render so no event is missed.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/connect.ts';
import { AlertPlayer } from './alerts/alert-player.ts';
import { App } from './app/App.tsx';
import { FeedModel } from './app/feed-model.ts';
import { BookModel } from './book/book-model.ts';
import { installTestHooks } from './app/test-hooks.ts';
import { browserFrameScheduler, FrameBatcher } from './state/frame-batcher.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/feed.css';
import './styles/badges.css';
import './styles/feed-strategies.css';
import './styles/panels.css';
import './styles/inspector.css';
import './styles/book.css';
import './styles/book-ladders.css';
import './styles/book-venues.css';
import './styles/book-events-heat.css';
import './styles/pages.css';
import './styles/pages-settings.css';
import './styles/history-search.css';
import './styles/positioning.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lost its #root element');

const hooks = installTestHooks(window);
const connection = connect();
let model: FeedModel | null = null;
let book: BookModel | null = null;
if (connection.route.window === 'book' && connection.route.symbol !== null) {
  book = new BookModel({ bridge: connection.bridge, link: connection.link, batcher: new FrameBatcher(browserFrameScheduler()), hooks, symbol: connection.route.symbol });
  book.start();
} else {
  const player = new AlertPlayer();
  player.attach(window);
  model = new FeedModel({ bridge: connection.bridge, link: connection.link, batcher: new FrameBatcher(browserFrameScheduler()), hooks, player });
  model.start();
}
hooks.emit('boot', { window: connection.route.window });

createRoot(container).render(
  <StrictMode>
    <App connection={connection} model={model} book={book} />
  </StrictMode>,
);
