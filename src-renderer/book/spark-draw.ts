// A sparkline on a canvas: the SVG path sparkPath builds, stroked through Path2D. An SVG whose
// path changes 20 times a second is styled, laid out and painted again with the page each time;
// a canvas is only repainted. The stroke stays 1.25 CSS pixels whatever the cell's width: the
// canvas follows its box (a ResizeObserver) and the path is scaled into it.
import { useEffect, useRef } from 'react';

interface Line {
  path: string;
  /** A CSS colour or custom property, e.g. `var(--bull)`. */
  color: string;
}

interface Props {
  lines: readonly Line[];
  /** The width and height the paths were built for. */
  width: number;
  height: number;
  /** A dashed line across the middle (the zero of the imbalance). */
  midline?: boolean;
}

const resolve = (el: Element, color: string): string => {
  const name = /^var\((--[\w-]+)\)$/.exec(color)?.[1];
  return name ? getComputedStyle(el).getPropertyValue(name).trim() || '#888' : color;
};

export function Sparkline({ lines, width, height, midline = false }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef({ width: 0, height: 0 });
  const latest = useRef<{ lines: readonly Line[]; midline: boolean }>({ lines: [], midline: false });
  const drawRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const colors = new Map<string, string>();
    const draw = (): void => {
      const ctx = el.getContext('2d');
      const { width: cw, height: ch } = box.current;
      if (!ctx || cw <= 0 || ch <= 0) return;
      const dpr = window.devicePixelRatio || 1;
      const w = Math.round(cw * dpr);
      const h = Math.round(ch * dpr);
      if (el.width !== w || el.height !== h) {
        el.width = w;
        el.height = h;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      // The paths' own units (width x height) stretched over the box, a pixel in from its edges.
      const fit = new DOMMatrix([(w - 2 * dpr) / width, 0, 0, (h - 2 * dpr) / height, dpr, dpr]);
      const color = (c: string): string => {
        let v = colors.get(c);
        if (v === undefined) colors.set(c, (v = resolve(el, c)));
        return v;
      };
      if (latest.current.midline) {
        ctx.strokeStyle = color('var(--line-strong)');
        ctx.lineWidth = dpr;
        ctx.setLineDash([2 * dpr, 2 * dpr]);
        ctx.beginPath();
        ctx.moveTo(dpr, h / 2);
        ctx.lineTo(w - dpr, h / 2);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.lineWidth = 1.25 * dpr;
      ctx.lineJoin = 'round';
      for (const line of latest.current.lines) {
        if (!line.path) continue;
        // The path is scaled, not the pen, so the line keeps its width however the box stretches.
        const scaled = new Path2D();
        scaled.addPath(new Path2D(line.path), fit);
        ctx.strokeStyle = color(line.color);
        ctx.stroke(scaled);
      }
    };
    drawRef.current = draw;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      box.current = { width: entry.contentRect.width, height: entry.contentRect.height };
      draw();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [width, height]);

  useEffect(() => {
    latest.current = { lines, midline };
    drawRef.current();
  }, [lines, midline]);

  return <canvas ref={canvas} className="spark" aria-hidden="true" />;
}
