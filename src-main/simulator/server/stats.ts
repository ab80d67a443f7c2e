// Counters the tests and the status view read: what clients asked for and what was sent.

export interface RequestCount {
  /** Requests received for this service/command. */
  count: number;
  /** Keys received over all of them. */
  keys: number;
  /** The last field list received, as sent. */
  lastFields: string | null;
  /** The last key list received, as sent. */
  lastKeys: string | null;
}

export interface SimulatorStats {
  connectionsOpen: number;
  connectionsTotal: number;
  loginsOk: number;
  loginsDenied: number;
  /** Keyed "SERVICE/COMMAND", e.g. "LEVELONE_OPTIONS/SUBS". */
  requests: Record<string, RequestCount>;
  /** Subscribed keys per service over the open connections. */
  subscribedKeys: Record<string, number>;
  framesReceived: number;
  framesSent: number;
  /** Frames not sent because the connection was made silent by a fault. */
  framesSuppressed: number;
  dataItemsSent: number;
  heartbeatsSent: number;
  restRequests: number;
  /** Market-data and trader requests answered 429 (past the budget). */
  restRateLimited: number;
  /** Chains refused as too big for the gateway's buffer (502). */
  chainsTooBig: number;
}

export class StatsRecorder {
  connectionsOpen = 0;
  connectionsTotal = 0;
  loginsOk = 0;
  loginsDenied = 0;
  framesReceived = 0;
  framesSent = 0;
  framesSuppressed = 0;
  dataItemsSent = 0;
  heartbeatsSent = 0;
  restRequests = 0;
  restRateLimited = 0;
  chainsTooBig = 0;
  private readonly requests = new Map<string, RequestCount>();

  request(
    service: string,
    command: string,
    parameters: Record<string, string> | undefined,
    keyCount: number,
  ): void {
    const name = `${service}/${command}`;
    const entry = this.requests.get(name) ?? {
      count: 0,
      keys: 0,
      lastFields: null,
      lastKeys: null,
    };
    entry.count++;
    entry.keys += keyCount;
    if (parameters?.fields !== undefined) entry.lastFields = parameters.fields;
    if (parameters?.keys !== undefined) entry.lastKeys = parameters.keys;
    this.requests.set(name, entry);
  }

  snapshot(subscribedKeys: Record<string, number>): SimulatorStats {
    return {
      connectionsOpen: this.connectionsOpen,
      connectionsTotal: this.connectionsTotal,
      loginsOk: this.loginsOk,
      loginsDenied: this.loginsDenied,
      requests: Object.fromEntries([...this.requests].map(([name, entry]) => [name, { ...entry }])),
      subscribedKeys,
      framesReceived: this.framesReceived,
      framesSent: this.framesSent,
      framesSuppressed: this.framesSuppressed,
      dataItemsSent: this.dataItemsSent,
      heartbeatsSent: this.heartbeatsSent,
      restRequests: this.restRequests,
      restRateLimited: this.restRateLimited,
      chainsTooBig: this.chainsTooBig,
    };
  }
}
