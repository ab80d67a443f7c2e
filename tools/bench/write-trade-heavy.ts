// Writes ingest.l1_trades' 20,000 frames (trade-heavy.ts), one frame's JSON text a line, so a
// client outside the project (issue 19 compares a Python client's message handler) reads the
// very frames this project's ingest reads: `npx node tools/bench/write-trade-heavy.ts out.jsonl`.
import { writeFileSync } from 'node:fs';
import { tradeHeavyFrames } from './trade-heavy.ts';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: npx node tools/bench/write-trade-heavy.ts <file.jsonl>\n');
  process.exit(2);
}
const input = tradeHeavyFrames();
writeFileSync(out, `${input.frames.map((f) => f.text).join('\n')}\n`);
process.stdout.write(`${input.frames.length} frames, ${input.updates} option updates (${input.trades} trades) written to ${out}\n`);
