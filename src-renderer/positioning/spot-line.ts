// A lightweight-charts series primitive: a dashed vertical line at the underlying's price on a
// strike chart, labelled, so bars read as above or below the spot at a glance. The spot must be a
// point of the chart's horizontal scale (positioning-series.ts strikeAxis puts it there).
import type { IChartApiBase, IPrimitivePaneRenderer, IPrimitivePaneView, ISeriesPrimitive, SeriesAttachedParameter } from 'lightweight-charts';

type Target = Parameters<IPrimitivePaneRenderer['draw']>[0];

export class SpotLine implements ISeriesPrimitive<number> {
  private chart: IChartApiBase<number> | null = null;
  private requestUpdate: (() => void) | null = null;
  private spot: number | null = null;
  private readonly color: string;
  private readonly label: (spot: number) => string;
  private readonly view: IPrimitivePaneView;

  constructor(color: string, label: (spot: number) => string) {
    this.color = color;
    this.label = label;
    this.view = { zOrder: () => 'top', renderer: () => this.renderer() };
  }

  attached(param: SeriesAttachedParameter<number>): void {
    this.chart = param.chart;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.requestUpdate = null;
  }

  set(spot: number | null): void {
    this.spot = spot;
    this.requestUpdate?.();
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return [this.view];
  }

  private renderer(): IPrimitivePaneRenderer | null {
    const { chart, spot } = this;
    if (!chart || spot === null) return null;
    const x = chart.timeScale().timeToCoordinate(spot);
    if (x === null) return null;
    const text = this.label(spot);
    const color = this.color;
    return {
      draw: (target: Target) => {
        target.useBitmapCoordinateSpace(({ context, bitmapSize, horizontalPixelRatio, verticalPixelRatio }) => {
          const px = Math.round(x * horizontalPixelRatio) + 0.5;
          context.save();
          context.strokeStyle = color;
          context.lineWidth = Math.max(1, Math.floor(horizontalPixelRatio));
          context.setLineDash([4 * horizontalPixelRatio, 3 * horizontalPixelRatio]);
          context.beginPath();
          context.moveTo(px, 0);
          context.lineTo(px, bitmapSize.height);
          context.stroke();
          context.setLineDash([]);
          context.fillStyle = color;
          context.font = `${Math.round(10 * verticalPixelRatio)}px system-ui, sans-serif`;
          context.textBaseline = 'top';
          context.fillText(text, px + 4 * horizontalPixelRatio, 3 * verticalPixelRatio);
          context.restore();
        });
      },
    };
  }
}
