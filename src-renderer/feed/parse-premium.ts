// What a trader types as a premium threshold.

/** `250k`, `1.5m`, `100000`, `$50,000` -> dollars; null when unreadable. */
export function parsePremium(text: string): number | null {
  const match = /^\s*\$?\s*([\d,]*\.?\d*)\s*([kKmM]?)\s*$/.exec(text);
  if (!match || match[1] === undefined) return null;
  const digits = match[1].replace(/,/g, '');
  if (digits === '') return text.trim() === '' ? 0 : null;
  const n = Number(digits);
  if (!Number.isFinite(n)) return null;
  const unit = match[2]?.toLowerCase();
  const dollars = Math.round(n * (unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : 1));
  // The settings schema stops at a trillion.
  return dollars <= 1e12 ? dollars : null;
}
