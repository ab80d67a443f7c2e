// Window bounds made safe for the displays that exist now. A book window left on a monitor that
// has since been unplugged, or saved at a size larger than today's screen, must come back fully
// on screen and grabbable (VS Code's WindowStateValidator does the same). Pure: the displays are
// handed in, so the rules are tested without a screen.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One display as Electron's `screen` reports it; only the work area (minus task bars) matters. */
export interface DisplayArea {
  id: number;
  workArea: Rect;
  primary: boolean;
}

export interface WindowPlacement {
  /** The normal (not maximised) bounds. */
  bounds: Rect;
  maximized: boolean;
}

export const MIN_WINDOW = Object.freeze({ width: 420, height: 300 });

/**
 * How much of a window must lie on a display for it to stay where it was: enough to see and grab
 * the title bar. Anything less and the window moves to the primary display.
 */
const MIN_VISIBLE = Object.freeze({ width: 160, height: 48 });

/** Any restored size above this is nonsense (a corrupt file), not a wish to honour. */
const MAX_COORD = 100_000;

export function isRect(value: Rect): boolean {
  const { x, y, width, height } = value;
  return [x, y, width, height].every((n) => Number.isFinite(n) && Math.abs(n) <= MAX_COORD) && width > 0 && height > 0;
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

function primaryOf(displays: readonly DisplayArea[]): DisplayArea | undefined {
  return displays.find((d) => d.primary) ?? displays[0];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/** Shrinks a rectangle to fit a work area and moves it fully inside. */
function fitInto(rect: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(rect.width, Math.min(MIN_WINDOW.width, area.width)), area.width);
  const height = Math.min(Math.max(rect.height, Math.min(MIN_WINDOW.height, area.height)), area.height);
  return {
    x: clamp(rect.x, area.x, area.x + area.width - width),
    y: clamp(rect.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

/** Centres a size on a work area (shrunk to fit it). */
export function centredOn(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where a window with these saved bounds should open now: on the display it mostly sat on,
 * moved and shrunk to lie fully inside that display's work area; on the primary display,
 * centred, when too little of it would be visible anywhere. Null when the saved bounds are not
 * a rectangle at all (the caller uses its default). With no displays known (a headless start)
 * the bounds are only sanity-checked.
 */
export function clampToDisplays(bounds: Rect, displays: readonly DisplayArea[]): Rect | null {
  if (!isRect(bounds)) return null;
  const rect = {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(Math.round(bounds.width), MIN_WINDOW.width),
    height: Math.max(Math.round(bounds.height), MIN_WINDOW.height),
  };
  const usable = displays.filter((d) => isRect(d.workArea));
  if (usable.length === 0) return rect;

  let best: { display: DisplayArea; area: number; visible: Rect } | null = null;
  for (const display of usable) {
    const visible = overlap(rect, display.workArea);
    if (!visible) continue;
    const area = visible.width * visible.height;
    if (!best || area > best.area) best = { display, area, visible };
  }
  if (best && best.visible.width >= MIN_VISIBLE.width && best.visible.height >= MIN_VISIBLE.height) {
    return fitInto(rect, best.display.workArea);
  }
  const primary = primaryOf(usable);
  return primary ? centredOn(rect, primary.workArea) : rect;
}

/** A new window's placement: the default size centred on the primary display, cascaded. */
export function defaultPlacement(size: { width: number; height: number }, displays: readonly DisplayArea[], cascade = 0): WindowPlacement {
  const primary = primaryOf(displays.filter((d) => isRect(d.workArea)));
  const base = primary ? centredOn(size, primary.workArea) : { x: 80, y: 60, ...size };
  return { bounds: cascadeFrom(base, cascade, displays), maximized: false };
}

const CASCADE_STEP = 28;
const CASCADE_SPAN = 8;

/** Offsets a placement so a new window does not sit exactly on an open one. */
export function cascadeFrom(rect: Rect, step: number, displays: readonly DisplayArea[]): Rect {
  const offset = (step % CASCADE_SPAN) * CASCADE_STEP;
  const moved = { ...rect, x: rect.x + offset, y: rect.y + offset };
  return clampToDisplays(moved, displays) ?? moved;
}
