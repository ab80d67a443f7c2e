import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain/session.ts';
import { alertsText } from './alert-export.ts';

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: '3-a1', sessionId: '3', ruleId: 'golden-sweep-1', ruleKind: 'FLOW', time: Date.UTC(2026, 11, 3, 15), symbol: 'SPY   261218C00600000',
  flowId: '3-17', title: 'Golden sweep: SPY $1.2M', body: 'SWEEP · BUY at ASK', at: Date.UTC(2026, 11, 3, 15) + 40, ...over,
});

describe('alert export', () => {
  it('writes CSV with a header, quoting commas, quotes and formulas', () => {
    const text = alertsText([alert(), alert({ id: '3-a2', title: 'Say "hi", then', body: '=1+1', flowId: null, at: undefined })], 'csv');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('id,sessionId,ruleId,ruleKind,time,timeIso,at,symbol,flowId,title,body');
    expect(lines[1]).toBe(`3-a1,3,golden-sweep-1,FLOW,${Date.UTC(2026, 11, 3, 15)},2026-12-03T15:00:00.000Z,${Date.UTC(2026, 11, 3, 15) + 40},SPY   261218C00600000,3-17,Golden sweep: SPY $1.2M,SWEEP · BUY at ASK`);
    expect(lines[2]).toBe(`3-a2,3,golden-sweep-1,FLOW,${Date.UTC(2026, 11, 3, 15)},2026-12-03T15:00:00.000Z,,SPY   261218C00600000,,"Say ""hi"", then",'=1+1`);
    expect(lines).toHaveLength(4);
  });

  it('writes JSON that reads back to the alerts, with the time in ISO form', () => {
    const read = JSON.parse(alertsText([alert()], 'json')) as (Alert & { timeIso: string })[];
    expect(read).toEqual([{ ...alert(), timeIso: '2026-12-03T15:00:00.000Z' }]);
  });
});
