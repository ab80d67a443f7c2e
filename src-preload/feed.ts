// The feed window's bridge. It grows with the windows issue; it will only ever expose named,
// typed methods from shared/ipc, never a generic invoke.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('fathom', Object.freeze({ host: 'electron', window: 'feed' }));
