// The look every lightweight-charts chart of the feed window shares (dark, no border, no logo),
// so the net premium chart and the positioning charts read as one family.
import type { ChartOptions, DeepPartial } from 'lightweight-charts';

export const CHART_COLORS = { text: '#8b95a5', grid: '#161b23', crosshairLabel: '#2a3240' } as const;

export const CHART_THEME = {
  autoSize: true,
  layout: { background: { color: 'transparent' }, textColor: CHART_COLORS.text, fontSize: 11, attributionLogo: false },
  grid: { vertLines: { visible: false }, horzLines: { color: CHART_COLORS.grid } },
  rightPriceScale: { borderVisible: false },
  crosshair: { horzLine: { labelBackgroundColor: CHART_COLORS.crosshairLabel }, vertLine: { labelBackgroundColor: CHART_COLORS.crosshairLabel } },
} as const satisfies DeepPartial<ChartOptions>;
