// The flow engine's tests (flow-engine*.test.ts): a real parse stage feeding a FlowEngine, the
// flows it emits kept by id. The bindings below are live: setup() (each file's beforeEach)
// replaces them, and the tests read the current ones.
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, type FlowSettings } from '../../shared/domain/settings.ts';
import { FrameProcessor } from '../schwab/frame-processor.ts';
import { FlowEngine, type FlowRules } from './flow-engine.ts';

// Hand-built Level 1 sequences, fed through the real parse stage into the engine.
export const CALL = 'SPY   261218C00600000';
export const PUT = 'SPY   261218P00590000';
export const T0 = Date.UTC(2026, 10, 24, 15, 0, 0); // 10:00 ET

export let processor: FrameProcessor;
export let engine: FlowEngine;
export let latest: Map<string, Flow>;
export let events: { id: string; version: number; isNew: boolean }[];

export function setup(settings: Partial<FlowSettings> = {}, rules: Partial<FlowRules> = {}, maxHeldFlows?: number) {
  processor = new FrameProcessor();
  engine = new FlowEngine({ sessionId: 's1', settings: { ...DEFAULT_FLOW_SETTINGS, ...settings }, rules, ...(maxHeldFlows ? { maxHeldFlows } : {}) });
  latest = new Map();
  events = [];
  processor.events.on('optionQuote', (u) => engine.onOptionQuote(u));
  processor.events.on('equityQuote', (u) => engine.onEquityQuote(u));
  processor.events.on('book', (b) => engine.onBook(b));
  engine.on('flow', ({ flow, isNew }) => {
    latest.set(flow.id, flow);
    events.push({ id: flow.id, version: flow.version, isNew });
  });
}

export function send(items: Record<string, unknown>[], receivedAt = T0, service = 'LEVELONE_OPTIONS') {
  processor.process(JSON.stringify({ data: [{ service, timestamp: receivedAt, command: 'SUBS', content: items }] }), receivedAt);
}

/** A snapshot: bid 1.20 x 10, ask 1.25 x 10, last 1.22, volume 1000, OI 5000, spot 600. */
export function snapshot(key = CALL, extra: Record<string, unknown> = {}) {
  send([{ key, delayed: false, assetMainType: 'OPTION', '2': 1.2, '3': 1.25, '4': 1.22, '8': 1000, '9': 5000, '10': 22.5, '13': 100, '16': 10, '17': 10, '18': 1, '22': 'SPY', '28': 0.45, '35': 600, '38': T0 - 5000, '39': T0 - 60_000, ...extra }], T0 - 5000);
}

export const flows = () => [...latest.values()];
