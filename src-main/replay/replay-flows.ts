// Re-runs a recorded session at full speed: its raw frames through the same parse stage and
// market pipeline as live. With the session's own settings it reproduces the recorded flows
// exactly.
import type { Flow } from '../../shared/domain/flow.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { MarketPipeline } from '../market/pipeline.ts';
import { FrameProcessor } from '../schwab/frame-processor.ts';
import type { Db } from '../store/database.ts';
import { readFrames } from '../store/frames.ts';
import { getSession } from '../store/sessions.ts';

export interface ReplayResult {
  flows: Flow[];
  frames: number;
  settings: FlowSettings;
}

export function replayFlows(db: Db, sessionId: number, overrides: Partial<FlowSettings> = {}): ReplayResult {
  const session = getSession(db, sessionId);
  if (!session) throw new Error(`no session ${sessionId}`);
  const settings = { ...session.settings, ...overrides };
  const processor = new FrameProcessor();
  // Same session id, so flow ids line up with the recorded ones.
  const pipeline = new MarketPipeline({ sessionId: session.id, settings });
  pipeline.attach(processor.events);
  const latest = new Map<string, Flow>();
  pipeline.events.on('flow', ({ flow }) => latest.set(flow.id, flow));
  let frames = 0;
  for (const frame of readFrames(db, sessionId)) {
    processor.process(frame.text, frame.receivedAt);
    frames++;
  }
  const flows = [...latest.values()].sort((a, b) => idOrder(a.id) - idOrder(b.id));
  return { flows, frames, settings };
}

function idOrder(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1));
}
