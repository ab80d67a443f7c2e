// How the UI writes money, prices, sizes and ratios. Every formatter returns '—' for NaN or an
// infinity instead of printing "NaN": a missing number must look missing, not broken.
// Rounding is half away from zero on the decimal the user sees (1.005 -> 1.01), which toFixed
// does not do because 1.005 is stored as 1.00499999...

export const MISSING = '—';

/** A few ulps of slack so decimal ties that doubles store a hair low still round up. */
const TIE_NUDGE = 1 + 4 * Number.EPSILON;

/** |value| * 10^decimals rounded half up, carrying value's sign. */
function roundedUnits(value: number, decimals: number): number {
  const units = Math.round(Math.abs(value) * 10 ** decimals * TIE_NUDGE);
  return value < 0 ? -units : units;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An integer count of 10^-decimals units as text: (-123456, 2) -> "-1,234.56". */
function unitsText(units: number, decimals: number, grouping: boolean): string {
  const sign = units < 0 ? '-' : '';
  const magnitude = Math.abs(units);
  // Beyond 2^53 the integer is no longer exact and String() may switch to exponent notation.
  const digits = Number.isSafeInteger(magnitude)
    ? String(magnitude).padStart(decimals + 1, '0')
    : (magnitude / 10 ** decimals).toFixed(decimals).replace('.', '');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  const wholeText = grouping ? groupThousands(whole) : whole;
  return sign + (decimals > 0 ? `${wholeText}.${fraction}` : wholeText);
}

/** `value` with exactly `decimals` decimals and thousands separators; '—' when not finite. */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return unitsText(roundedUnits(value, decimals), decimals, true);
}

// K and M stop at one decimal; billions keep two because such a print is rare and huge.
const PREMIUM_UNITS = [
  { suffix: 'K', size: 1e3, maxDecimals: 1 },
  { suffix: 'M', size: 1e6, maxDecimals: 1 },
  { suffix: 'B', size: 1e9, maxDecimals: 2 },
] as const;

function premiumMagnitude(abs: number): string {
  const dollars = Math.round(abs);
  if (dollars < 1000) return String(dollars);
  for (const [index, unit] of PREMIUM_UNITS.entries()) {
    const isLastUnit = index === PREMIUM_UNITS.length - 1;
    for (let decimals: number = unit.maxDecimals; decimals >= 0; decimals--) {
      // size / 10^decimals is an exact integer, so this division rounds only once.
      const units = Math.round(abs / (unit.size / 10 ** decimals));
      // 3 significant digits: d decimals fit while the rounded value is under 10^(3 - d).
      if (units < 10 ** 3 || (decimals === 0 && isLastUnit)) {
        return unitsText(units, decimals, false) + unit.suffix;
      }
    }
  }
  return String(dollars); // unreachable: the last unit always returns
}

/**
 * Premium rules: at most 3 significant digits. Under $1K whole dollars ($950). K and M show at
 * most 1 decimal ($12.5K, $350K, $1.2M, $125M); B shows up to 2 ($1.25B), since a billion-dollar
 * print is rare enough to deserve the detail. Trailing zeros stay ($1.0M) so widths stay steady.
 * A value that rounds up to 1000 of a unit moves to the next unit: 999,960 is $1.0M, not $1000K.
 * Beyond $999B it stays in B ($1500B). Halves round up on the magnitude; negatives read -$1.2M;
 * anything rounding to zero is $0.
 */
export function formatPremium(dollars: number): string {
  if (!Number.isFinite(dollars)) return MISSING;
  const magnitude = premiumMagnitude(Math.abs(dollars));
  return dollars < 0 && magnitude !== '0' ? `-$${magnitude}` : `$${magnitude}`;
}

/**
 * Minimum option price increment. Penny-pilot classes quote in 0.01 under $3 and 0.05 from $3;
 * the rest quote in 0.05 under $3 and 0.10 from $3.
 */
export function tickSizeFor(price: number, pennyPilot = true): number {
  if (price < 3) return pennyPilot ? 0.01 : 0.05;
  return pennyPilot ? 0.05 : 0.1;
}

/** Decimal places a tick needs (0.05 -> 2, 0.1 -> 1, 0.0001 -> 4), at most 10. */
function tickDecimals(tick: number): number {
  for (let decimals = 0; decimals < 10; decimals++) {
    const scaled = tick * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return decimals;
  }
  return 10;
}

/** Nearest multiple of `tick` (halves away from zero), as the closest double to that decimal. */
export function roundToTick(price: number, tick: number): number {
  if (!(tick > 0) || !Number.isFinite(tick))
    throw new RangeError(`Bad tick ${tick}: must be a positive number`);
  const decimals = tickDecimals(tick);
  const scale = 10 ** decimals;
  const tickUnits = Math.round(tick * scale);
  const ticks = roundedUnits(price / tick, 0);
  // Integer over a power of ten: 3 * 5 / 100 gives 0.15, where 3 * 0.05 gives 0.15000000000000002.
  return (ticks * tickUnits) / scale + 0; // + 0 turns -0 into 0
}

/** Price rounded to its tick, with at least 2 decimals (more when the tick needs them). */
export function formatPrice(price: number, tick = 0.01): string {
  if (!Number.isFinite(price)) return MISSING;
  return formatNumber(roundToTick(price, tick), Math.max(2, tickDecimals(tick)));
}

/** Contracts or shares: a whole number with thousands separators. */
export function formatSize(size: number): string {
  return formatNumber(size, 0);
}

/** A fraction as a percent: 0.1234 -> "12.3%". */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return MISSING;
  return `${formatNumber(fraction * 100, digits)}%`;
}

/** Like formatPercent with an explicit "+" for gains; a value that rounds to zero has no sign. */
export function formatSignedPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return MISSING;
  const units = roundedUnits(fraction * 100, digits);
  return `${units > 0 ? '+' : ''}${unitsText(units, digits, true)}%`;
}

/** A ratio such as put/call: "0.85"; '—' when there is none (e.g. no calls to divide by). */
export function formatRatio(ratio: number | null, digits = 2): string {
  if (ratio === null) return MISSING;
  return formatNumber(ratio, digits);
}
