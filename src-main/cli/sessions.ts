// `fathom sessions --db <file> [--json]`: the recorded sessions, newest first.
import { formatDuration } from '../../shared/format/format.ts';
import { openDatabase } from '../store/database.ts';
import { listSessions } from '../store/sessions.ts';
import { dbPath, defineCommand, parseCommand } from './args.ts';
import type { CliIo } from './io.ts';

export const sessionsSpec = defineCommand({
  name: 'sessions',
  summary: 'list the recorded sessions, newest first',
  details: ['Each with its source, start, duration, frames, flows, gaps and symbols.'],
  flags: {
    db: { type: 'string', value: '<file>', required: true, description: 'the SQLite database to read' },
    json: { type: 'boolean', description: 'one JSON object per line instead of a table' },
  },
  examples: ['npx fathom sessions --db fathom.db', 'npx fathom sessions --db fathom.db --json'],
});

export async function sessionsCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommand(sessionsSpec, args);
  const db = openDatabase(dbPath(flags.db), { readonly: true });
  try {
    const sessions = listSessions(db, 10_000);
    if (flags.json) {
      for (const s of sessions) {
        io.out(JSON.stringify({ id: s.id, source: s.source, symbols: s.symbols, start: iso(s.start), end: s.end === null ? null : iso(s.end), frames: s.frames, flows: s.flows, gaps: s.gaps.map((g) => ({ start: iso(g.start), end: g.end === null ? null : iso(g.end), reason: g.reason })) }));
      }
      return 0;
    }
    io.out(['id', 'source', 'start (UTC)', 'duration', 'frames', 'flows', 'gaps', 'symbols'].join('\t'));
    for (const s of sessions) {
      const duration = s.end === null ? 'open' : formatDuration(s.end - s.start);
      const symbols = s.symbols.length > 4 ? `${s.symbols.slice(0, 4).map((x) => x.replace(/\s+/g, ' ')).join(', ')} +${s.symbols.length - 4}` : s.symbols.map((x) => x.replace(/\s+/g, ' ')).join(', ');
      io.out([s.id, s.source, iso(s.start), duration, s.frames, s.flows, s.gaps.length, symbols].join('\t'));
    }
    return 0;
  } finally {
    db.close();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
