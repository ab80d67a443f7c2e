// replay.speed: the recorded max-intensity session played at 'max' by the real ReplayPlayer
// (read batch by batch from SQLite, decode, parse stage, pipeline, checkpoints every 5,000
// frames). The ceiling is the same frames through the same parse stage and pipeline from memory:
// a replay cannot beat the pipeline it replays through.
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import { MarketPipeline } from '../../src-main/market/pipeline.ts';
import { ReplayPlayer } from '../../src-main/replay/replay-player.ts';
import { FrameProcessor } from '../../src-main/schwab/frame-processor.ts';
import { openDatabase } from '../../src-main/store/database.ts';
import { getSession } from '../../src-main/store/sessions.ts';
import { systemClock } from '../../src-main/util/clock.ts';
import { sig, timeBoth, timeIt, type Figure } from './figure.ts';
import { profileTop } from './profile.ts';

export const replaySpeed: Figure = {
  name: 'replay.speed',
  unit: 'x real time',
  // Issue 19: a whole day replayed in well under a minute.
  target: 1000,
  async run(ctx) {
    const session = await ctx.inputs.session();
    const db = openDatabase(session.dbPath, { readonly: true });
    try {
      const stored = getSession(db, session.sessionId);
      if (!stored) throw new Error(`no session ${session.sessionId} in ${session.dbPath}`);
      let frames = 0;
      let flows = 0;
      const { cpu: seconds, wall } = timeBoth(() => {
        const player = new ReplayPlayer({ db, session: stored, settings: stored.settings, clock: systemClock() });
        player.pipeline.events.on('flow', () => flows++);
        frames = player.runToEnd().frameCount;
        player.close();
      });
      const inMemory = timeIt(() => {
        const processor = new FrameProcessor();
        const pipeline = new MarketPipeline({ sessionId: stored.id, settings: stored.settings, alertRules: () => defaultAppSettings().alerts.rules });
        pipeline.attach(processor.events);
        for (const f of session.frames) processor.process(f.text, f.receivedAt);
      });
      // A profile of the first two simulated minutes played again (seek plays up to the time).
      const profile = await profileTop(() => {
        const player = new ReplayPlayer({ db, session: stored, settings: stored.settings, clock: systemClock() });
        player.seek(player.state().start + 120_000);
        player.close();
      });
      const span = session.spanMs / 1000;
      return {
        value: sig(span / seconds),
        ceiling: sig(span / inMemory),
        notes:
          `${sig(span / 60)} simulated minutes recorded at max intensity (${frames} frames, ${session.level1} Level 1 updates on ` +
          `${session.contracts} contracts, ${session.newFlows} flows) replayed at 'max' by ReplayPlayer.runToEnd in ${sig(seconds)} s of its ` +
          `thread's CPU (${sig(wall)} s wall on this shared machine, ${sig(span / wall)}x) ` +
          `(${flows} flow versions out); ceiling: the same frames through FrameProcessor + MarketPipeline from memory ` +
          `(${sig(inMemory)} s): SQLite reads, decoding the stored changes back into frames and checkpoints are the difference. Profile (self time): ${profile}`,
      };
    } finally {
      db.close();
    }
  },
};
