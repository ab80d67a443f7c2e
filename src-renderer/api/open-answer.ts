// Main answers an open request with how it was carried out (shared/ipc/windows.ts): done by the
// host, or for the page to open itself in a tab next to this one.
import type { OpenAnswer } from '../../shared/ipc/windows.ts';

export type OpenTab = (url: string) => void;

export function browserOpenTab(url: string): void {
  window.open(url, '_blank', 'noopener');
}

/** Opens what the answer leaves to the page; true when something was opened either way. */
export function followOpenAnswer(answer: OpenAnswer, openTab: OpenTab = browserOpenTab): boolean {
  if (answer.by === 'page') openTab(answer.url);
  return true;
}
