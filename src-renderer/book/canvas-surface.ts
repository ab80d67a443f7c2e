// A canvas element of the book window that draws through an OffscreenCanvas it handed its drawing
// to (transferControlToOffscreen), where the browser has one. Why: a canvas element's new frame is
// copied into the compositor by the page's commit, on the main thread, each frame it changed; in
// ui.book_window's traces (tools/bench/ui-book.ts) the commit of a frame that drew the heat map
// fell from 1.28 to 0.14 ms once its canvases were offscreen, since an offscreen canvas hands its
// frames to its placeholder element on its own. The drawing stays where it was (the same
// animation-frame callbacks on the main thread, the same 2D context API), so the frame a snapshot
// is drawn in does not change; only who carries the pixels to the screen.
//
// An element can hand its drawing over once, so each element keeps one surface (surfaceOf); a
// canvas that cannot (no OffscreenCanvas, or a context already taken) draws on its own context.
// Chromium's offscreen path is tested in e2e/web/book-venues.spec.ts.

/** The 2D context of a canvas element or of the offscreen canvas drawing for it. */
export type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface CanvasSurface {
  /** The element on the page: its CSS box, events and placement. */
  readonly element: HTMLCanvasElement;
  /** Null when the canvas gives no 2D context. */
  readonly ctx: Ctx2D | null;
  /** The backing store's size in device pixels. */
  readonly width: number;
  readonly height: number;
  /** Sizes the backing store; true when it changed (which clears it and resets the context's state). */
  resize(width: number, height: number): boolean;
}

const surfaces = new WeakMap<HTMLCanvasElement, CanvasSurface>();

/** The offscreen canvas the element hands its drawing to; null when it cannot (no API, or it already has a context). */
function handedOver(element: HTMLCanvasElement): OffscreenCanvas | null {
  if (typeof element.transferControlToOffscreen !== 'function') return null;
  try {
    return element.transferControlToOffscreen();
  } catch {
    return null;
  }
}

/** The element's surface, made (and its drawing handed offscreen) the first time it is asked for. */
export function surfaceOf(element: HTMLCanvasElement): CanvasSurface {
  const held = surfaces.get(element);
  if (held) return held;
  const target = handedOver(element) ?? element;
  let ctx: Ctx2D | null | undefined;
  const surface: CanvasSurface = {
    element,
    get ctx() {
      return (ctx ??= target.getContext('2d'));
    },
    get width() {
      return target.width;
    },
    get height() {
      return target.height;
    },
    resize(width, height) {
      if (target.width === width && target.height === height) return false;
      target.width = width;
      target.height = height;
      return true;
    },
  };
  surfaces.set(element, surface);
  return surface;
}
