// ui.batch_decode: one 1,000-flow push batch as the window receives it, a binary frame
// (shared/ipc/binary-frames.ts), read back into flow rows in Chromium's renderer as the feed reads
// it: lazily, each row's id, version and first-print time read (what the feed reads of every
// flow it takes in; the rest is read for the rows on screen); the eager decode (every field of
// every row) is timed beside it. The decoder is
// the very source in shared/ipc/, bundled for the page by Vite (as the renderer bundle compiles
// it); the batch is 1,000 real flows of the session. Beside it, in the same page: JSON.parse of
// the same batch as the JSON wire carried it (what the window did before binary frames).
import { build } from 'vite';
import { encodeBinaryFrame } from '../../shared/ipc/binary-frames.ts';
import { encodeFlowBatch, flowEvents, toFlowRow } from '../../shared/ipc/flows.ts';
import { PROJECT_ROOT } from '../../src-main/app/paths.ts';
import { launchChromium } from './browser.ts';
import { median, round, type Figure } from './figure.ts';

const BATCH = 1000;
/**
 * Many short samples: on a shared machine a sample the scheduler interrupted is an outlier, and
 * the median of many ignores it (Chromium's clock has 0.1 ms steps; a sample is ~2.5 ms).
 */
const SAMPLES = 201;
const PER_SAMPLE = 50;

interface DecodeTiming {
  decode: number[];
  eager: number[];
  parse: number[];
  rows: number;
}

/** The binary frame reader and decoder as one script defining `FathomWire` in the page. */
async function decoderScript(): Promise<string> {
  const result = await build({
    configFile: false,
    root: PROJECT_ROOT,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: 'tools/bench/ui-decode-entry.ts', formats: ['iife'], name: 'FathomWire' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((item) => item.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('the decoder bundle came out empty');
}

export const uiBatchDecode: Figure = {
  name: 'ui.batch_decode',
  unit: 'us',
  target: 50,
  async run(ctx) {
    const session = await ctx.inputs.session();
    const latest = new Map(session.flows.map((f) => [f.id, f]));
    const flows = [...latest.values()];
    while (flows.length < BATCH && flows.length > 0) flows.push(...flows.slice(0, BATCH - flows.length));
    const rows = flows.slice(0, BATCH).map(toFlowRow);
    const frame = encodeBinaryFrame(flowEvents.batch.channel, encodeFlowBatch(rows));
    const json = JSON.stringify({ t: 'evts', events: [[flowEvents.batch.channel, encodeFlowBatch(rows)]] });
    const script = await decoderScript();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto('about:blank');
      await page.addScriptTag({ content: script });
      const samples = ctx.quick ? 3 : SAMPLES;
      const perSample = ctx.quick ? 10 : PER_SAMPLE;
      const timing = (await page.evaluate(`(() => {
        const { decodeFrame, decodeFrameEager } = FathomWire;
        // As the socket hands it over: an ArrayBuffer of its own.
        const raw = atob(${JSON.stringify(Buffer.from(frame).toString('base64'))});
        const frame = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) frame[i] = raw.charCodeAt(i);
        const buffer = frame.buffer;
        const text = ${JSON.stringify(json)};
        const decode = [], parse = [], eager = [];
        let keep = null;
        for (let i = 0; i < 1000; i++) keep = decodeFrame(buffer);
        for (let s = 0; s < ${samples}; s++) {
          const t = performance.now();
          for (let i = 0; i < ${perSample}; i++) keep = decodeFrame(buffer);
          decode.push((performance.now() - t) * 1000 / ${perSample});
        }
        for (let i = 0; i < 200; i++) keep = decodeFrameEager(buffer);
        for (let s = 0; s < 41; s++) {
          const t = performance.now();
          for (let i = 0; i < 10; i++) keep = decodeFrameEager(buffer);
          eager.push((performance.now() - t) * 1000 / 10);
        }
        for (let s = 0; s < 21; s++) {
          const t = performance.now();
          for (let i = 0; i < 5; i++) keep = JSON.parse(text);
          parse.push((performance.now() - t) * 1000 / 5);
        }
        return { decode, eager, parse, rows: decodeFrame(buffer).length, keep: keep !== null };
      })()`)) as DecodeTiming;
      if (timing.rows !== BATCH) throw new Error(`decoded ${timing.rows} rows, expected ${BATCH}`);
      return {
        value: round(median(timing.decode), 1),
        notes:
          `a ${BATCH}-flow binary frame of the session's flows (${Math.round(frame.byteLength / 1024)} KiB; typed-array columns and a ` +
          `string table) read as the feed reads it (frame header, checks, one TextDecoder call, one small object per row reading its ` +
          `columns when asked; each row's id, version and time read), in Chromium headless, ` +
          `median of ${samples} samples of ${perSample} decodes after 1,000 warm-up decodes; fastest sample ` +
          `${round(Math.min(...timing.decode), 1)} us. Every field of every row read at once (plain objects, as main and the book ` +
          `window decode): median ${round(median(timing.eager), 0)} us. The JSON wire before it: JSON.parse of the same batch ` +
          `(${Math.round(json.length / 1024)} KiB) alone took ${round(median(timing.parse), 0)} us, before its own column-to-row pass ` +
          `(the machine is shared: slow samples are the scheduler's)`,
      };
    } finally {
      await browser.close();
    }
  },
};
