// live.loopback: messages/s from the market process (a child blasting the recorded simulator
// frames) to this process over WebSocket on loopback, received by the real SchwabStreamer (LOGIN,
// SUBS, then every frame through its FrameProcessor: parse and delta merge) versus a bare `ws`
// client that only counts, each without and with permessage-deflate.
import WebSocket from 'ws';
import { SchwabStreamer } from '../../src-main/schwab/streamer.ts';
import { systemClock } from '../../src-main/util/clock.ts';
import { createLogger } from '../../src-main/util/log.ts';
import { seededRandom } from '../../src-main/util/random.ts';
import { startStreamChild, streamChildStats, writeDataFrames } from './children.ts';
import { median, sig, sleep, type Figure } from './figure.ts';
import { SEED } from './inputs.ts';

const WARM_MS = 500;
const WINDOW_MS = 2000;
const ROUNDS = 2;

interface Receiver {
  count(): number;
  extensions(): string;
  close(): Promise<void>;
}

export const liveLoopback: Figure = {
  name: 'live.loopback',
  unit: 'messages/s',
  target: { ratio: 0.7 },
  async run(ctx) {
    const session = await ctx.inputs.session();
    const file = writeDataFrames(ctx.inputs.dir, 'loopback.frames', session.frames);
    const child = await startStreamChild({ mode: 'blast', framesFile: file.path, rate: 1, seed: SEED });
    const bytes = session.frames.filter((f) => f.text.startsWith('{"data"')).reduce((n, f) => n + f.text.length, 0);
    try {
      const rates: Record<string, number[]> = {};
      const extensions: Record<string, string> = {};
      const cpuShare: Record<string, number[]> = {};
      const windowMs = ctx.quick ? 500 : WINDOW_MS;
      for (let round = 0; round < (ctx.quick ? 1 : ROUNDS); round++) {
        for (const deflate of [false, true]) {
          for (const kind of ['bare', 'streamer'] as const) {
            const key = `${kind}.${deflate ? 'deflate' : 'plain'}`;
            const receiver = kind === 'bare' ? await bareClient(child.ready.wsUrl, deflate) : await streamerClient(child.ready.wsUrl, deflate);
            await sleep(ctx.quick ? 200 : WARM_MS);
            const from = receiver.count();
            const t0 = performance.now();
            const childCpu0 = (await streamChildStats(child)).cpuMs;
            const cpu0 = process.cpuUsage();
            await sleep(windowMs);
            const n = receiver.count() - from;
            const seconds = (performance.now() - t0) / 1000;
            const cpu = process.cpuUsage(cpu0);
            const childCpu = (await streamChildStats(child)).cpuMs - childCpu0;
            (rates[key] ??= []).push(n / seconds);
            // CPU share of one core during the window: which side is the bound.
            (cpuShare[key] ??= []).push(sig((cpu.user + cpu.system) / 1e6 / seconds), sig(childCpu / 1000 / seconds));
            extensions[key] = receiver.extensions();
            await receiver.close();
          }
        }
      }
      const m = (key: string) => Math.round(median(rates[key] ?? []));
      const sent = await streamChildStats(child);
      const avgKb = bytes / Math.max(1, file.count) / 1024;
      return {
        value: { plain: m('streamer.plain'), deflate: m('streamer.deflate') },
        ceiling: { plain: m('bare.plain'), deflate: m('bare.deflate') },
        notes:
          `child process blasts the session's ${file.count} recorded data frames (avg ${sig(avgKb)} KiB, ~24 Level 1 items each) ` +
          `in a loop, 64 in flight; this process receives with SchwabStreamer (LOGIN, SUBS, FrameProcessor on every frame) vs a bare ws ` +
          `client that only counts; ${WINDOW_MS / 1000} s windows after ${WARM_MS / 1000} s warm-up, median of ${ROUNDS} rounds; ` +
          `negotiated extensions: streamer plain "${extensions['streamer.plain'] ?? ''}", streamer deflate "${extensions['streamer.deflate'] ?? ''}", ` +
          `bare deflate "${extensions['bare.deflate'] ?? ''}"; messages/s x ${sig(avgKb)} KiB = throughput; server sent ${sent.sent} in all`,
        detail: {
          rounds: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.map(Math.round)])),
          cpuClientServer: cpuShare,
        },
      };
    } finally {
      await child.stop();
    }
  },
};

async function bareClient(url: string, deflate: boolean): Promise<Receiver> {
  const ws = new WebSocket(url, { perMessageDeflate: deflate, handshakeTimeout: 10_000, maxPayload: 8 * 1024 * 1024 });
  let n = 0;
  ws.on('message', () => n++);
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  // The same handshake as the streamer, so the server starts streaming the same way.
  const request = (command: string, requestid: string) =>
    JSON.stringify({ requests: [{ service: command === 'LOGIN' ? 'ADMIN' : 'LEVELONE_OPTIONS', command, requestid, SchwabClientCustomerId: 'bench', SchwabClientCorrelId: 'bench' }] });
  ws.send(request('LOGIN', '0'));
  ws.send(request('SUBS', '1'));
  return {
    count: () => n,
    extensions: () => ws.extensions,
    close: () => closeSocket(ws),
  };
}

async function streamerClient(url: string, deflate: boolean): Promise<Receiver> {
  let extensions = '';
  // The streamer logs the negotiated extensions when it logs in; read them from that line.
  const logger = createLogger({
    level: 'info',
    sink: (line) => {
      const record = JSON.parse(line) as { extensions?: unknown };
      if (typeof record.extensions === 'string') extensions = record.extensions;
    },
  });
  const clock = systemClock();
  const streamer = new SchwabStreamer({
    tokens: { getAccessToken: async () => 'bench-access-token' },
    streamerInfo: async () => ({
      streamerSocketUrl: url,
      schwabClientCustomerId: 'bench',
      schwabClientCorrelId: 'bench',
      schwabClientChannel: 'N9',
      schwabClientFunctionId: 'APIAPP',
    }),
    clock,
    random: seededRandom(1),
    source: 'demo',
    logger,
    perMessageDeflate: deflate,
  });
  streamer.subscribeLevelOneOptions(['SPY   261124C00685000']);
  streamer.start();
  for (let i = 0; i < 500 && streamer.status().state !== 'live'; i++) await sleep(10);
  if (streamer.status().state !== 'live') throw new Error(`the streamer did not go live: ${JSON.stringify(streamer.status())}`);
  return {
    count: () => streamer.stats().frames,
    extensions: () => extensions,
    close: () => streamer.stop(),
  };
}

function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve();
    ws.once('close', () => resolve());
    ws.terminate();
  });
}
