// `fathom replay --db <file> [--session <id>|latest] [--speed max|X] [--from <time>] [--to <time>]
//  [--format csv|json|ndjson] [--set key=value ...] [--diff key=value ...]`
// Re-runs a session's recorded frames through the same parse stage and engine. With the
// session's own settings the flows are exactly the recorded ones; --diff lists what other
// thresholds would change.
import type { Flow } from '../../shared/domain/flow.ts';
import { bySequence } from '../../shared/domain/flow-id.ts';
import { etToEpoch, etParts } from '../../shared/time/eastern.ts';
import { diffFlows } from '../replay/diff.ts';
import { ReplayPlayer } from '../replay/replay-player.ts';
import { openDatabase } from '../store/database.ts';
import { exportedFlow, writeFlows } from '../store/flow-export.ts';
import { iterateFlows } from '../store/flows.ts';
import { getSession } from '../store/sessions.ts';
import { systemClock } from '../util/clock.ts';
import { dbPath, defineCommand, numberFlag, parseCommand, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { formatFlag, sessionFlag, settingsOverrides } from './session-flags.ts';

export const replaySpec = defineCommand({
  name: 'replay',
  summary: "re-run a session's recorded frames through the engine and print its flows",
  details: [
    'The frames go through the same parse stage and engine as when recorded; with the',
    "session's own settings the flows are exactly the recorded ones.",
  ],
  flags: {
    db: { type: 'string', value: '<file>', required: true, description: 'the SQLite database to read' },
    session: { type: 'string', value: '<id>|latest', description: 'the session to replay (default: the latest)' },
    speed: { type: 'string', value: 'max|X', description: 'as fast as possible (default), or X times real time, 0.25 to 100' },
    from: { type: 'string', value: '<time>', description: 'start here: an ISO time, epoch ms or HH:MM[:SS] in New York on the session\'s day' },
    to: { type: 'string', value: '<time>', description: 'stop here, same forms as --from' },
    format: { type: 'string', value: 'csv|json|ndjson', description: 'the output format (default: ndjson)' },
    set: { type: 'string', value: 'key=value', multiple: true, description: 'replay with this flow setting changed (repeatable)' },
    diff: {
      type: 'string',
      value: 'key=value',
      multiple: true,
      description: 'print which flows appear, disappear or change kind or whale flag with this setting changed (repeatable; replaces --set)',
    },
  },
  examples: ['npx fathom replay --db fathom.db --session 3 --from 09:30 --to 10:00 --format csv', 'npx fathom replay --db fathom.db --diff whaleMinPremium=50000 --diff clusterWindowMs=500'],
});

export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommand(replaySpec, args);
  const speed: number | 'max' = flags.speed === undefined || flags.speed === 'max' ? 'max' : (numberFlag(flags.speed, 'speed', { min: 0.25, max: 100 }) as number);
  const format = formatFlag(flags.format);
  const db = openDatabase(dbPath(flags.db), { readonly: true });
  try {
    const sessionId = sessionFlag(db, flags.session);
    const session = getSession(db, sessionId);
    if (!session) throw new UsageError(`no session ${sessionId}`);
    const from = timeFlag(flags.from, 'from', session.start);
    const to = timeFlag(flags.to, 'to', session.start);
    const diffing = flags.diff !== undefined;
    const settings = { ...session.settings, ...settingsOverrides(diffing ? flags.diff : flags.set) };
    const clock = systemClock();
    // Played once forward: no checkpoints to take.
    const player = new ReplayPlayer({ db, session, settings, clock, checkpointEvery: Number.POSITIVE_INFINITY });
    const latest = new Map<string, Flow>();
    player.pipeline.events.on('flow', ({ flow }) => latest.set(flow.id, flow));
    if (from !== null) player.seek(from - 1);
    latest.clear();
    if (speed === 'max' || diffing) {
      if (to === null) player.runToEnd();
      else player.seek(to);
    } else {
      player.setSpeed(speed);
      await new Promise<void>((resolve) => {
        const check = () => {
          const state = player.state();
          if (state.finished || (to !== null && state.position >= to)) return resolve();
          clock.setTimeout(check, 50);
        };
        player.play();
        check();
      });
      player.pause();
    }
    player.close();
    const inRange = (f: Flow) => (from === null || f.time >= from) && (to === null || f.time < to);
    const flows = [...latest.values()].filter(inRange).sort(bySequence);
    if (diffing) {
      const recorded = [...iterateFlows(db, { sessionId })].filter(inRange);
      const { changes, summary } = diffFlows(recorded, flows);
      for (const c of changes) {
        io.out(JSON.stringify('flow' in c ? { change: c.change, flow: exportedFlow(c.flow) } : { change: c.change, before: exportedFlow(c.before), after: exportedFlow(c.after) }));
      }
      io.err(`diff against session ${sessionId}: ${summary.recorded} recorded, ${summary.rerun} re-run; ${summary.appeared} appear, ${summary.disappeared} disappear, ${summary.kindChanged} change kind, ${summary.whaleChanged} change whale`);
      return 0;
    }
    await writeFlows(flows, format, io.stdout ?? process.stdout);
    return 0;
  } finally {
    db.close();
  }
}


/** ISO 8601, epoch milliseconds, or HH:MM[:SS] in New York on the session's date. */
function timeFlag(value: string | undefined, name: string, sessionStart: number): number | null {
  if (value === undefined) return null;
  if (/^\d{10,}$/.test(value)) return Number(value);
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (clock) {
    const day = etParts(sessionStart);
    return etToEpoch(day.year, day.month, day.day, Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0);
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new UsageError(`--${name} takes an ISO time, epoch ms or HH:MM (New York), got "${value}"`);
  return parsed;
}
