// What the UI figures run inside the page, and the Node side that reads flow evidence from the
// web host. The probe is plain JavaScript source (evaluated by Playwright), so this Node-typed
// file needs no DOM types.
//
// One requestAnimationFrame loop drives both measures. Each frame, our rAF callback runs first
// (it was registered during the previous frame, before the app's own batcher asks for one) and
// posts a MessageChannel message; that message runs right after the frame's rendering task
// (the app's rAF work, React's commit, style, layout, paint). So:
//  - frame time = message time - rAF callback time: the main-thread work that produced the frame;
//  - a row the MutationObserver saw appear is painted by the first such message after it; so is
//    a row element that now shows another flow (its data-flow-id changed), should a list ever
//    update rows in place.
import WebSocket from 'ws';
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { Envelope } from '../../shared/ipc/define.ts';
import type { ServerMessage } from '../../shared/ipc/wire.ts';
import { api } from '../../shared/ipc/index.ts';

export interface ProbeResult {
  /** [flow id, paint time on the page clock (timeOrigin + now, ms), data-version]. */
  painted: [string, number, number][];
  /** [rAF callback time, post-frame message time, DOM mutations under the root since the last frame]. */
  frames: [number, number, number][];
  longTasks: number;
  longTaskMs: number;
  /** Flows the feed added and updated (its `flows` test events) while the probe ran. */
  added: number;
  updated: number;
  seconds: number;
  heapUsed: number | null;
  /** performance.timeOrigin + now() minus Date.now() in the page: its clock against the system's. */
  clockOffset: number;
}

/**
 * `selector` is the element watched for rows (data-flow-id) and for mutations; `attributes` also
 * counts attribute and text changes (a book ladder updates in place).
 */
export function probeSource(selector: string, options: { attributes?: boolean } = {}): string {
  const observe = options.attributes
    ? '{ childList: true, subtree: true, attributes: true, characterData: true }'
    : "{ childList: true, subtree: true, attributes: true, attributeFilter: ['data-flow-id'] }";
  return `(() => {
    const painted = new Map();
    let pending = [];
    const frames = [];
    let running = true;
    let longTasks = 0, longTaskMs = 0, added = 0, updated = 0, mutated = 0;
    const started = performance.now();
    const root = document.querySelector(${JSON.stringify(selector)});
    const mo = new MutationObserver((records) => {
      mutated += records.length;
      const found = (row) => {
        const id = row.getAttribute('data-flow-id');
        if (id && !painted.has(id)) pending.push([id, Number(row.getAttribute('data-version'))]);
      };
      for (const r of records) if (r.type === 'attributes' && r.attributeName === 'data-flow-id' && r.target instanceof Element) found(r.target);
      for (const r of records) for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        const rows = n.matches('[data-flow-id]') ? [n] : n.querySelectorAll('[data-flow-id]');
        for (const row of rows) found(row);
      }
    });
    if (root) mo.observe(root, ${observe});
    const channel = new MessageChannel();
    let frameStart = 0;
    channel.port1.onmessage = () => {
      const now = performance.now();
      frames.push([frameStart, now, mutated]);
      mutated = 0;
      const t = performance.timeOrigin + now;
      for (const [id, v] of pending) if (!painted.has(id)) painted.set(id, [t, v]);
      pending = [];
    };
    const loop = () => {
      if (!running) return;
      frameStart = performance.now();
      channel.port2.postMessage(0);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    const po = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { longTasks++; longTaskMs += e.duration; }
    });
    try { po.observe({ type: 'longtask' }); } catch {}
    const hooks = window.__fathomTest;
    const off = hooks ? hooks.on('flows', (e) => { added += e.detail?.added ?? 0; updated += e.detail?.updated ?? 0; }) : () => {};
    window.__benchProbe = {
      stop() {
        running = false;
        mo.disconnect();
        po.disconnect();
        off();
        const heap = performance.memory ? performance.memory.usedJSHeapSize : null;
        const offsets = [];
        for (let i = 0; i < 9; i++) offsets.push(performance.timeOrigin + performance.now() - Date.now());
        offsets.sort((a, b) => a - b);
        return {
          painted: [...painted].slice(0, 50000).map(([id, [t, v]]) => [id, t, v]),
          frames, longTasks, longTaskMs, added, updated,
          seconds: (performance.now() - started) / 1000,
          heapUsed: heap,
          clockOffset: offsets[4],
        };
      },
    };
    return true;
  })()`;
}

export const STOP_PROBE = 'window.__benchProbe.stop()';

/** Flow evidence from the web host's IPC socket, as a window would ask for it. */
export async function fetchEvidence(pageUrl: string, ids: readonly string[]): Promise<Map<string, FlowEvidence>> {
  const url = new URL(pageUrl);
  const token = url.searchParams.get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}/ipc?token=${encodeURIComponent(token)}&window=feed`, {
    headers: { Origin: url.origin },
    handshakeTimeout: 10_000,
    maxPayload: 16 * 1024 * 1024,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const out = new Map<string, FlowEvidence>();
  const waiting = new Map<number, (envelope: Envelope<unknown>) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.t === 'res') waiting.get(message.id)?.(message.envelope);
  });
  try {
    // A few hundred requests in flight at a time: the worker answers them in order.
    for (let i = 0; i < ids.length; i += 200) {
      await Promise.all(
        ids.slice(i, i + 200).map(
          (flowId, j) =>
            new Promise<void>((resolve) => {
              const id = i + j + 1;
              const timer = setTimeout(() => resolve(), 20_000);
              waiting.set(id, (envelope) => {
                clearTimeout(timer);
                if (envelope.ok) out.set(flowId, envelope.value as FlowEvidence);
                resolve();
              });
              ws.send(JSON.stringify({ t: 'req', id, channel: api.flows.evidence.channel, payload: { id: flowId } }));
            }),
        ),
      );
    }
  } finally {
    ws.terminate();
  }
  return out;
}
