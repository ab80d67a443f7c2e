// A book window's preload: the contract's methods a book window may call, and every event.
import { exposeBridge } from './expose.ts';

exposeBridge('book');
