// A clock for countdowns ("next try in 3 s"): re-renders the caller every `ms` while `active`;
// when inactive it returns the time it last ticked.
import { useEffect, useState } from 'react';

export function useNow(ms: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = (): void => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, ms);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ms, active]);
  return now;
}
