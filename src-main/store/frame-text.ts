// Finding the ends of JSON values in a frame's text without parsing it, for the frame encoder.
const SERVICE = '"service":"';
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** The service named before a content array at `at` (after `from`), '' if none. */
export function serviceBefore(text: string, at: number, from: number): string {
  const s = text.lastIndexOf(SERVICE, at);
  if (s < from) return '';
  const end = text.indexOf('"', s + SERVICE.length);
  return end < 0 || end > at ? '' : text.slice(s + SERVICE.length, end);
}

/** From an opening quote to just after its closing quote, or -1. */
export function scanString(text: string, p: number): number {
  const n = text.length;
  for (let i = p + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/** A bare literal (number, true, false, null, or anything up to the next delimiter). */
export function scanBare(text: string, p: number): number {
  const n = text.length;
  let i = p;
  for (; i < n; i++) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === QUOTE || d === OPEN_BRACE || d === OPEN_BRACKET) break;
  }
  return i > p ? i : -1;
}

/**
 * `text` as a string of its own. V8 makes a slice of 13 or more characters a view into the string
 * it came from, so a contract key or a value kept in the encoder's tables would keep the whole
 * frame text (about 4 KB) alive for as long as the table keeps it. Joined to a character, the
 * result is a new string that the slice flattens into; the original is let go.
 */
export function ownText(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
