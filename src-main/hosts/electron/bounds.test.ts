import { describe, expect, it } from 'vitest';
import { cascadeFrom, clampToDisplays, defaultPlacement, MIN_WINDOW, type DisplayArea } from './bounds.ts';

const laptop: DisplayArea = { id: 1, primary: true, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const rightMonitor: DisplayArea = { id: 2, primary: false, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const leftMonitor: DisplayArea = { id: 3, primary: false, workArea: { x: -1920, y: 0, width: 1920, height: 1050 } };

describe('clampToDisplays', () => {
  it('leaves a window that fits its display where it was', () => {
    const bounds = { x: 1600, y: 100, width: 800, height: 600 };
    expect(clampToDisplays(bounds, [laptop, rightMonitor])).toEqual(bounds);
  });

  it('brings a window from an unplugged monitor back to the primary display, centred', () => {
    const onGoneMonitor = { x: 2000, y: 200, width: 800, height: 600 };
    expect(clampToDisplays(onGoneMonitor, [laptop])).toEqual({ x: 320, y: 163, width: 800, height: 600 });
  });

  it('brings back a window on a monitor left of the primary once it is gone', () => {
    expect(clampToDisplays({ x: -1500, y: 100, width: 900, height: 700 }, [laptop, rightMonitor])).toEqual({ x: 270, y: 113, width: 900, height: 700 });
    expect(clampToDisplays({ x: -1500, y: 100, width: 900, height: 700 }, [laptop, leftMonitor])).toEqual({ x: -1500, y: 100, width: 900, height: 700 });
  });

  it('shrinks a window larger than the display and moves it fully inside', () => {
    expect(clampToDisplays({ x: -50, y: -30, width: 3000, height: 2000 }, [laptop])).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  it('pulls a window hanging off the edge back inside the display it mostly sits on', () => {
    expect(clampToDisplays({ x: 1000, y: 600, width: 800, height: 600 }, [laptop])).toEqual({ x: 640, y: 300, width: 800, height: 600 });
  });

  it('moves a window of which only a sliver shows (no title bar to grab) to the primary display', () => {
    const sliver = { x: 1400, y: 860, width: 800, height: 600 };
    expect(clampToDisplays(sliver, [laptop])).toEqual({ x: 320, y: 163, width: 800, height: 600 });
  });

  it('picks the display showing most of a window that straddles two', () => {
    const straddling = { x: 1200, y: 100, width: 1000, height: 700 };
    const placed = clampToDisplays(straddling, [laptop, rightMonitor]);
    expect(placed).toEqual({ x: 1440, y: 100, width: 1000, height: 700 });
  });

  it('enforces the minimum size', () => {
    expect(clampToDisplays({ x: 10, y: 40, width: 50, height: 20 }, [laptop])).toEqual({ x: 10, y: 40, ...MIN_WINDOW });
  });

  it('refuses bounds that are not a rectangle', () => {
    for (const bad of [
      { x: Number.NaN, y: 0, width: 800, height: 600 },
      { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 600 },
      { x: 0, y: 0, width: 0, height: 600 },
      { x: 0, y: 0, width: 800, height: -1 },
      { x: 1e12, y: 0, width: 800, height: 600 },
    ]) {
      expect(clampToDisplays(bad, [laptop])).toBeNull();
    }
  });

  it('only sanity-checks when no display is known', () => {
    expect(clampToDisplays({ x: 5000.4, y: 10, width: 800, height: 600 }, [])).toEqual({ x: 5000, y: 10, width: 800, height: 600 });
  });

  it('ignores a display whose work area is nonsense', () => {
    const broken: DisplayArea = { id: 9, primary: true, workArea: { x: 0, y: 0, width: 0, height: 0 } };
    expect(clampToDisplays({ x: 2000, y: 200, width: 800, height: 600 }, [broken, rightMonitor])).toEqual({ x: 2000, y: 200, width: 800, height: 600 });
  });
});

describe('defaultPlacement and cascading', () => {
  it('centres the default size on the primary display', () => {
    expect(defaultPlacement({ width: 1440, height: 900 }, [rightMonitor, laptop])).toEqual({ bounds: { x: 0, y: 25, width: 1440, height: 875 }, maximized: false });
  });

  it('offsets each new window, staying on screen', () => {
    const base = { x: 100, y: 100, width: 700, height: 500 };
    expect(cascadeFrom(base, 1, [laptop])).toEqual({ x: 128, y: 128, width: 700, height: 500 });
    expect(cascadeFrom(base, 9, [laptop])).toEqual({ x: 128, y: 128, width: 700, height: 500 });
    const corner = { x: 700, y: 350, width: 700, height: 500 };
    expect(cascadeFrom(corner, 3, [laptop])).toEqual({ x: 740, y: 400, width: 700, height: 500 });
  });
});
