// IV history (FLOW-RULES.md §11): ATM IV samples per underlying, each day's last sample kept
// beside them, and the IV rank and percentile read back over the window.
import { ivSummary, windowStart } from '../../shared/analytics/iv-rank.ts';
import type { IvSample, IvSource, IvSummary, VolatilitySettings } from '../../shared/domain/volatility.ts';
import { etDateString } from '../../shared/time/eastern.ts';
import type { Db } from './database.ts';

/** A row of iv_samples as SQLite returns it (the tests read the table through it too). */
export interface SampleRow {
  underlying: string;
  time: number;
  day: string;
  iv: number;
  spot: number;
  front_expiry: string | null;
  front_iv: number | null;
  back_expiry: string | null;
  back_iv: number | null;
}

/** Writes samples in one transaction and keeps each day's last one in iv_daily. */
export function insertIvSamples(db: Db, source: IvSource, samples: readonly IvSample[]): void {
  const sample = db.prepare(
    `INSERT OR REPLACE INTO iv_samples (source, underlying, time, day, iv, spot, front_expiry, front_iv, back_expiry, back_iv)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const daily = db.prepare(
    `INSERT INTO iv_daily (source, underlying, day, time, iv) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source, underlying, day) DO UPDATE SET time = excluded.time, iv = excluded.iv WHERE excluded.time >= iv_daily.time`,
  );
  db.transaction(() => {
    for (const s of samples) {
      sample.run(source, s.underlying, s.time, s.day, s.iv, s.spot, s.frontExpiry, s.frontIv, s.backExpiry, s.backIv);
      daily.run(source, s.underlying, s.day, s.time, s.iv);
    }
  })();
}

/** The latest sample of one underlying, or null when it has none. */
export function latestIvSample(db: Db, source: IvSource, underlying: string): IvSample | null {
  const row = db.prepare('SELECT * FROM iv_samples WHERE source = ? AND underlying = ? ORDER BY time DESC LIMIT 1').get(source, underlying) as SampleRow | undefined;
  return row ? sampleOf(row) : null;
}

/**
 * The IV summary of every underlying sampled within the window that ends on `now`'s ET date
 * (of `only` when given), by name.
 */
export function ivSummaries(db: Db, source: IvSource, settings: Pick<VolatilitySettings, 'windowDays' | 'minDays'>, now: number, only?: readonly string[]): IvSummary[] {
  const from = windowStart(etDateString(now), settings.windowDays);
  const names = (db.prepare('SELECT underlying FROM iv_daily WHERE source = ? GROUP BY underlying HAVING MAX(day) >= ? ORDER BY underlying').all(source, from) as { underlying: string }[])
    .map((r) => r.underlying)
    .filter((u) => !only || only.includes(u));
  const days = db.prepare('SELECT day, iv FROM iv_daily WHERE source = ? AND underlying = ? AND day >= ? ORDER BY day');
  const out: IvSummary[] = [];
  for (const underlying of names) {
    const latest = latestIvSample(db, source, underlying);
    if (!latest) continue;
    const daily = days.all(source, underlying, windowStart(latest.day, settings.windowDays)) as { day: string; iv: number }[];
    out.push(ivSummary(latest, daily, settings));
  }
  return out;
}

function sampleOf(r: SampleRow): IvSample {
  return {
    underlying: r.underlying,
    time: r.time,
    day: r.day,
    iv: r.iv,
    spot: r.spot,
    frontExpiry: r.front_expiry,
    frontIv: r.front_iv,
    backExpiry: r.back_expiry,
    backIv: r.back_iv,
  };
}
