// A CPU profile of one more run of a measured stage (V8's sampling profiler through the
// inspector, this thread), summarised as self time per function: what a figure's notes cite as
// its bound. Built-ins (JSON.parse, SQLite calls) count towards the function that called them.
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function profileTop(fn: () => void, top = 6): Promise<string> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    fn();
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    return summarise(profile, top);
  } finally {
    session.disconnect();
  }
}

function summarise(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)' || frame.url.startsWith('node:inspector')) return;
    total += dt;
    const file = frame.url.split('/').slice(-2).join('/');
    // Samples in C++ with no JS frame above them (V8 runtime, SQLite called from native code).
    const name = frame.functionName === '(program)' || (!file && !frame.functionName) ? '(native)' : frame.functionName || '(anonymous)';
    // zlib's native handle method is called writeSync: deflateRawSync's work shows up under it.
    const label = name === 'writeSync' && !file ? 'zlib deflate (writeSync)' : name;
    const key = file ? `${label} (${file}:${frame.lineNumber + 1})` : label;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, t]) => `${key} ${Math.round((100 * t) / Math.max(1, total))}%`)
    .join(', ');
}
