// When the feed takes its waiting flows in (take-pacer.ts): on the next frame, or at most every
// PACED_TAKE_MS while the stream outpaces the screen and the list follows the newest.
import { describe, expect, it } from 'vitest';
import { FRAME_MS, FRESH_WAIT_MS, PACED_TAKE_MS, TakePacer, outpaces } from './take-pacer.ts';

/** A pacer on a hand-driven clock: frames asked for are counted, timers run when the clock passes them. */
function harness() {
  let now = 1000;
  let frames = 0;
  const timers: { at: number; run: () => void }[] = [];
  const pacer = new TakePacer({
    now: () => now,
    after: (ms, run) => void timers.push({ at: now + ms, run }),
    frame: () => void frames++,
  });
  return {
    pacer,
    get frames() {
      return frames;
    },
    get timers() {
      return timers.length;
    },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (timer.at <= now) timer.run();
        else timers.push(timer);
      }
    },
  };
}

/** A harness whose pacer is paced: a take of 40 new rows a frame after the last, 30 rows on screen. */
function pacedHarness() {
  const h = harness();
  h.pacer.screen(30, true);
  h.pacer.took(0);
  h.advance(FRAME_MS);
  h.pacer.took(40);
  return h;
}

describe('outpaces', () => {
  it('is true when at 60 Hz more than half the rows on screen would be new every frame', () => {
    // 30 rows on screen: the bound is 15 new rows a frame, 900 a second.
    expect(outpaces(2000, 1000, 30)).toBe(true);
    expect(outpaces(16, FRAME_MS, 30)).toBe(true);
    expect(outpaces(15, FRAME_MS, 30)).toBe(false);
    expect(outpaces(104, 1000, 30)).toBe(false);
  });

  it('is false with no rows on screen or no time between takes', () => {
    expect(outpaces(100, 10, 0)).toBe(false);
    expect(outpaces(100, 0, 30)).toBe(false);
    expect(outpaces(100, Number.POSITIVE_INFINITY, 30)).toBe(false);
  });
});

describe('TakePacer', () => {
  it('asks for the next frame while the stream is slower than the screen', () => {
    const h = harness();
    h.pacer.screen(30, true);
    h.pacer.offered();
    expect(h.frames).toBe(1);
    h.advance(FRAME_MS);
    h.pacer.took(2);
    expect(h.pacer.paced).toBe(false);
    h.pacer.offered();
    expect(h.frames).toBe(2);
    expect(h.timers).toBe(0);
  });

  it('spaces takes PACED_TAKE_MS apart while every take brings more new rows than the screen can show a frame, then takes just after the next batch', () => {
    const h = pacedHarness();
    expect(h.pacer.paced).toBe(true);
    h.advance(10);
    h.pacer.offered();
    // Not on the next frame: PACED_TAKE_MS after the last take, and then with the next batch.
    expect(h.frames).toBe(0);
    h.pacer.offered();
    expect(h.timers).toBe(1);
    h.advance(PACED_TAKE_MS - 10);
    expect(h.frames).toBe(0);
    h.advance(5);
    h.pacer.offered();
    expect(h.frames).toBe(1);
    // A hundred milliseconds at 2,000 flows/s: still outpaced.
    h.pacer.took(200);
    expect(h.pacer.paced).toBe(true);
  });

  it('takes a due paced take without a fresh batch once FRESH_WAIT_MS have passed', () => {
    const h = pacedHarness();
    h.advance(10);
    h.pacer.offered();
    h.advance(PACED_TAKE_MS - 10);
    h.advance(FRESH_WAIT_MS - 1);
    expect(h.frames).toBe(0);
    h.advance(1);
    expect(h.frames).toBe(1);
  });

  it('asks for nothing when the flows waiting were taken before the paced take came due', () => {
    const h = pacedHarness();
    h.pacer.offered();
    // Scrolled away to read: the flows are taken on the next frame, and the timer finds none.
    h.pacer.screen(30, false);
    h.pacer.offered();
    expect(h.frames).toBe(1);
    h.pacer.took(0);
    h.advance(PACED_TAKE_MS + FRESH_WAIT_MS);
    expect(h.frames).toBe(1);
  });

  it('takes on the next frame again once the stream slows', () => {
    const h = pacedHarness();
    h.advance(PACED_TAKE_MS);
    // 30 new rows in 100 ms is 5 a frame at 60 Hz.
    h.pacer.took(30);
    expect(h.pacer.paced).toBe(false);
    h.pacer.offered();
    expect(h.frames).toBe(1);
  });

  it('asks for the next frame at once when the last take is already PACED_TAKE_MS old', () => {
    const h = pacedHarness();
    h.advance(PACED_TAKE_MS + 5);
    h.pacer.offered();
    expect(h.frames).toBe(1);
    expect(h.timers).toBe(0);
  });

  it('never paces a list held still for reading', () => {
    const h = harness();
    h.pacer.screen(30, false);
    h.pacer.took(0);
    h.advance(FRAME_MS);
    h.pacer.took(400);
    expect(h.pacer.paced).toBe(false);
    // Scrolling away while paced ends the pacing at once.
    h.pacer.screen(30, true);
    h.advance(FRAME_MS);
    h.pacer.took(400);
    expect(h.pacer.paced).toBe(true);
    h.pacer.screen(30, false);
    expect(h.pacer.paced).toBe(false);
    h.pacer.offered();
    expect(h.frames).toBe(1);
  });
});
