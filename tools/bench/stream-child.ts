// The market side of the two-process benchmarks, run as a child process (fork). It speaks the
// simulator's REST (OAuth, userPreference, chains: the real simulator handlers) and the Schwab
// streamer protocol, and streams the frames the seeded simulator recorded for this run:
//  - blast: as fast as the socket takes them (live.loopback: what can a client receive?);
//  - paced: at their recorded times divided by `rate` (the app benchmarks: a max-intensity
//    session at a chosen density, received live by the real host);
//  - sim: the real simulator on the system clock, at any book depth.
// Its configuration is the first message on the IPC channel; it tells its parent
// `{ ready: { apiBase, wsUrl, refreshToken } }` over the same channel.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSimulatedMarket } from '../../src-main/simulator/market/simulated-market.ts';
import { OAuthAuthority } from '../../src-main/simulator/server/oauth.ts';
import { createRestHandler } from '../../src-main/simulator/server/rest.ts';
import { DEMO_APP, startSimulator } from '../../src-main/simulator/server/simulator.ts';
import { StatsRecorder } from '../../src-main/simulator/server/stats.ts';
import { decodeFrames } from '../../src-main/store/frames.ts';
import { systemClock } from '../../src-main/util/clock.ts';
import { silentLogger } from '../../src-main/util/log.ts';
import { DEMO_START } from '../../src-main/market/demo-harness.testkit.ts';
import { configFromParent } from './child-config.ts';

export type StreamChildConfig =
  | { mode: 'blast' | 'paced'; framesFile: string; rate: number; seed: number }
  | { mode: 'sim'; seed: number; intensity: number; bookLevels: number; bookIntervalMs: number; conflationMs: number };

export interface StreamChildReady {
  ready: { apiBase: string; wsUrl: string; refreshToken: string };
}

export interface StreamChildStats {
  /** cpuMs: the child's user + system CPU time so far. */
  stats: { connections: number; sent: number; loops: number; cpuMs: number };
}

/** Messages a blasting connection keeps queued: enough to never starve the socket. */
const IN_FLIGHT = 64;
const PACE_TICK_MS = 4;

const send = (message: StreamChildReady | StreamChildStats) => process.send?.(message);

async function main(config: StreamChildConfig): Promise<void> {
  if (config.mode === 'sim') {
    const clock = systemClock();
    const sim = await startSimulator({
      clock,
      seed: config.seed,
      intensity: config.intensity,
      bookLevels: config.bookLevels,
      bookIntervalMs: config.bookIntervalMs,
      conflationMs: config.conflationMs,
    });
    send({ ready: { apiBase: sim.apiBase, wsUrl: sim.wsUrl, refreshToken: sim.issueRefreshToken() } });
    return;
  }
  const recorded = decodeFrames(readFileSync(config.framesFile), 'raw', 0);
  const frames = recorded.map((f) => Buffer.from(f.text, 'utf8'));
  const times = recorded.map((f) => f.receivedAt - (recorded[0]?.receivedAt ?? 0));
  const span = (times[times.length - 1] ?? 0) + 50;
  const clock = systemClock();
  const auth = new OAuthAuthority(DEMO_APP, clock);
  // It answers REST only (chains): its books, the live shape by default, are never streamed.
  const market = createSimulatedMarket({ seed: config.seed, start: DEMO_START, intensity: 1 });
  let wsUrl = '';
  const stats = { connections: 0, sent: 0, loops: 0, cpuMs: 0 };
  const server = createServer(
    createRestHandler({ auth, market, customerId: randomBytes(32).toString('hex'), streamerUrl: () => wsUrl, stats: new StatsRecorder(), logger: silentLogger }),
  );
  // As the simulator: permessage-deflate is offered, and the client decides.
  const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: { threshold: 256 }, maxPayload: 4 * 1024 * 1024 });
  wss.on('connection', (ws) => {
    stats.connections++;
    let streaming = false;
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      for (const request of requestsOf(data.toString())) {
        ws.send(JSON.stringify({ response: [answer(request)] }));
        // Data starts once the client has subscribed something, as on the real streamer.
        if (!streaming && request.command !== 'LOGIN') {
          streaming = true;
          if (config.mode === 'blast') blast(ws, frames, stats);
          else pace(ws, frames, times, span, config.rate, stats);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  wsUrl = `ws://127.0.0.1:${port}/ws`;
  process.on('message', (message: unknown) => {
    if (message !== 'stats') return;
    const cpu = process.cpuUsage();
    send({ stats: { ...stats, cpuMs: (cpu.user + cpu.system) / 1000 } });
  });
  send({ ready: { apiBase: `http://127.0.0.1:${port}`, wsUrl, refreshToken: auth.issueRefreshToken() } });
}

/** Keeps IN_FLIGHT messages queued; each one written (and compressed) lets the next one in. */
function blast(ws: WebSocket, frames: readonly Buffer[], stats: StreamChildStats['stats']): void {
  let next = 0;
  const one = (): void => {
    if (ws.readyState !== ws.OPEN) return;
    const frame = frames[next] as Buffer;
    next = (next + 1) % frames.length;
    if (next === 0) stats.loops++;
    ws.send(frame, { binary: false }, (error) => {
      if (error) return;
      stats.sent++;
      one();
    });
  };
  for (let i = 0; i < IN_FLIGHT; i++) one();
}

/** Epoch-millisecond integers in a frame (timestamps, quote and trade times). */
const EPOCH_MS = /(?<![\d.])1[78]\d{11}(?![\d.])/g;

/**
 * Sends each frame at its recorded offset / rate. The corpus loops; each loop's timestamps are
 * moved on by the corpus span, so the stream never goes back in time (the feed sorts by time).
 */
function pace(ws: WebSocket, frames: readonly Buffer[], times: readonly number[], span: number, rate: number, stats: StreamChildStats['stats']): void {
  const start = performance.now();
  let next = 0;
  let loop = 0;
  const tick = (): void => {
    if (ws.readyState !== ws.OPEN) return;
    const due = (performance.now() - start) * rate;
    while ((times[next] as number) + loop * span <= due) {
      const frame = frames[next] as Buffer;
      const shift = loop * span;
      ws.send(shift === 0 ? frame : frame.toString('utf8').replace(EPOCH_MS, (t) => String(Number(t) + shift)), { binary: false });
      stats.sent++;
      next++;
      if (next === frames.length) {
        next = 0;
        loop++;
        stats.loops++;
      }
    }
    setTimeout(tick, PACE_TICK_MS);
  };
  tick();
}

interface Request {
  service: string;
  command: string;
  requestid: string;
  SchwabClientCorrelId?: string;
}

function requestsOf(text: string): Request[] {
  try {
    const value = JSON.parse(text) as { requests?: Request[] | Request };
    const list = Array.isArray(value.requests) ? value.requests : value.requests ? [value.requests] : [];
    return list.filter((r) => typeof r?.service === 'string' && typeof r.command === 'string');
  } catch {
    return [];
  }
}

/** Every request succeeds: this server measures delivery, the simulator's tests cover refusals. */
function answer(request: Request): object {
  const msg = request.command === 'LOGIN' ? 'server=s0001bench-1;status=PN' : `${request.command} command succeeded`;
  return {
    service: request.service,
    command: request.command,
    requestid: request.requestid,
    SchwabClientCorrelId: request.SchwabClientCorrelId ?? '',
    timestamp: Date.now(),
    content: { code: 0, msg },
  };
}

configFromParent<StreamChildConfig>()
  .then(main)
  .catch((error: unknown) => {
    process.stderr.write(`stream child failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
