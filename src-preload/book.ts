// The book window's bridge; see feed.ts.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('fathom', Object.freeze({ host: 'electron', window: 'book' }));
