// The feed window's preload: the contract's methods a feed window may call, and every event.
import { exposeBridge } from './expose.ts';

exposeBridge('feed');
