// Faults tests inject to prove the client survives what Schwab's streamer and token endpoint do:
// dropped sockets, a silent server, garbage frames, refused logins and refreshes, takeovers.
import { CODE } from '../../schwab/codes.ts';
import type { OAuthAuthority } from './oauth.ts';
import { MESSAGES } from './commands.ts';
import type { StreamerSession } from './streamer-session.ts';

export interface SimulatorFaults {
  /** Drops every open streamer connection abruptly: no close frame (the client sees 1006). */
  cutSockets(): void;
  /**
   * The connections open now send nothing for `ms` of clock time: no data, heartbeats,
   * responses or pongs. Requests are still processed. Connections opened later are unaffected.
   */
  goSilent(ms: number): void;
  /** Sends a non-JSON text frame to every open connection. */
  sendGarbage(text?: string): void;
  /** The next `count` LOGINs answer code 3 even with a valid token. */
  denyLogins(count: number): void;
  /** Every logged-in connection gets notify code 12 (another connection took over) and is closed. */
  sendCode12(): void;
  /** Every logged-in connection gets notify code 30 (stop streaming) and is closed. */
  sendCode30(): void;
  /** The next `count` refresh-token grants fail with Schwab's refresh_token_authentication_error. */
  refuseRefreshes(count: number): void;
  /** Every access token issued so far expires now (REST 401, LOGIN code 3); open streams go on. */
  expireAccessTokens(): void;
}

/** Schwab has sent non-JSON bytes on the stream (SPY test_handle_message_unparsable_message). */
export const DEFAULT_GARBAGE = '\u0000\u0001garbage{"notify":[{"heartbeat"';

export class FaultInjector implements SimulatorFaults {
  private readonly sessions: () => Iterable<StreamerSession>;
  private readonly auth: OAuthAuthority;
  private loginDenials = 0;

  constructor(sessions: () => Iterable<StreamerSession>, auth: OAuthAuthority) {
    this.sessions = sessions;
    this.auth = auth;
  }

  cutSockets(): void {
    for (const session of [...this.sessions()]) session.terminate();
  }

  goSilent(ms: number): void {
    for (const session of this.sessions()) session.goSilent(ms);
  }

  sendGarbage(text: string = DEFAULT_GARBAGE): void {
    for (const session of this.sessions()) session.sendRaw(text);
  }

  denyLogins(count: number): void {
    this.loginDenials = Math.max(0, Math.floor(count));
  }

  sendCode12(): void {
    for (const session of [...this.sessions()])
      if (session.loggedIn) session.stop(CODE.CLOSE_CONNECTION, MESSAGES.anotherConnection);
  }

  sendCode30(): void {
    for (const session of [...this.sessions()])
      if (session.loggedIn) session.stop(CODE.STOP_STREAMING, MESSAGES.emptySubscription);
  }

  refuseRefreshes(count: number): void {
    this.auth.refuseRefreshes(count);
  }

  expireAccessTokens(): void {
    this.auth.expireAccessTokens();
  }

  /** For the session: consumes one pending login denial. */
  takeLoginDenial(): boolean {
    if (this.loginDenials <= 0) return false;
    this.loginDenials--;
    return true;
  }
}
