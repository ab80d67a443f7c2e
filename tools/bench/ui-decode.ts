// ui.batch_decode: decodeFlowBatch on one 1,000-flow columnar push batch, in Chromium's renderer.
// The function is the very source in shared/ipc/flows.ts (Node hands it over type-stripped,
// which is what the renderer bundle compiles too); the batch is 1,000 real flows of the session,
// encoded by encodeFlowBatch and JSON round-tripped as the web socket delivers it.
import { decodeFlowBatch, encodeFlowBatch, toFlowRow } from '../../shared/ipc/flows.ts';
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
  parse: number[];
  rows: number;
}

export const uiBatchDecode: Figure = {
  name: 'ui.batch_decode',
  unit: 'us',
  target: 100,
  async run(ctx) {
    const session = await ctx.inputs.session();
    const latest = new Map(session.flows.map((f) => [f.id, f]));
    const flows = [...latest.values()];
    while (flows.length < BATCH && flows.length > 0) flows.push(...flows.slice(0, BATCH - flows.length));
    const rows = flows.slice(0, BATCH).map(toFlowRow);
    const wire = encodeFlowBatch(rows);
    if (wire.format !== 'columns') throw new Error('a 1,000-flow batch should be columnar');
    const json = JSON.stringify(wire);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto('about:blank');
      const samples = ctx.quick ? 3 : SAMPLES;
      const perSample = ctx.quick ? 10 : PER_SAMPLE;
      const timing = (await page.evaluate(`(() => {
        const decodeFlowBatch = (${decodeFlowBatch.toString()});
        const text = ${JSON.stringify(json)};
        const decode = [], parse = [];
        let rows = 0, keep = null;
        const wire = JSON.parse(text);
        for (let i = 0; i < 1000; i++) keep = decodeFlowBatch(wire);
        for (let s = 0; s < ${samples}; s++) {
          const t = performance.now();
          for (let i = 0; i < ${perSample}; i++) keep = decodeFlowBatch(wire);
          decode.push((performance.now() - t) * 1000 / ${perSample});
        }
        for (let s = 0; s < 21; s++) {
          const t = performance.now();
          for (let i = 0; i < 5; i++) keep = JSON.parse(text);
          parse.push((performance.now() - t) * 1000 / 5);
        }
        rows = decodeFlowBatch(wire).length;
        return { decode, parse, rows, keep: keep !== null };
      })()`)) as DecodeTiming;
      if (timing.rows !== BATCH) throw new Error(`decoded ${timing.rows} rows, expected ${BATCH}`);
      return {
        value: round(median(timing.decode), 1),
        notes:
          `decodeFlowBatch (columns to row objects) on a ${BATCH}-flow batch of the session's flows (${Math.round(json.length / 1024)} KiB ` +
          `of JSON), in Chromium headless, median of ${samples} samples of ${perSample} decodes after 1,000 warm-up decodes (V8 tiers ` +
          `up); JSON.parse of the ` +
          `same message, which the socket does first, takes ${round(median(timing.parse), 0)} us; fastest sample ` +
          `${round(Math.min(...timing.decode), 1)} us (the machine is shared: slow samples are the scheduler's)`,
      };
    } finally {
      await browser.close();
    }
  },
};
