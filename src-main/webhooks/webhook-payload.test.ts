// The three formats a destination can receive: the documented generic JSON, Discord's
// content + embeds, Slack's text + blocks, each escaped for the receiver's markup.
import { describe, expect, it } from 'vitest';
import { sampleAlert } from './dispatcher.testkit.ts';
import { discordPayload, genericPayload, payloadFor, slackPayload } from './webhook-payload.ts';

describe('webhook payloads', () => {
  const alert = sampleAlert(3);

  it('generic: the documented fields, the time twice', () => {
    expect(genericPayload({ alert, test: false })).toEqual({
      type: 'alert',
      version: 1,
      source: 'fathom',
      alert: {
        id: 's1-a3',
        ruleId: 'premium-over-1',
        ruleKind: 'PREMIUM_OVER',
        time: Date.UTC(2026, 11, 3, 15, 0, 3),
        timeIso: '2026-12-03T15:00:03.000Z',
        symbol: 'SPY   261218C00600000',
        flowId: 'f3',
        sessionId: 's1',
        title: 'SPY 600C premium $3.2M',
        body: 'Sweep at the ask, 1,200 contracts',
      },
    });
    expect(genericPayload({ alert, test: true }).type).toBe('test');
  });

  it('discord: content and one embed, nobody mentioned, markdown escaped', () => {
    const tricky = sampleAlert(1, { title: '@everyone *big* SPY', body: 'see [here](https://x.example)' });
    const payload = discordPayload({ alert: tricky, test: false }) as { content: string; embeds: { title: string; description: string; timestamp: string; fields: { name: string; value: string }[] }[]; allowed_mentions: unknown };
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.content).toBe('**@\u200beveryone \\*big\\* SPY**\nsee \\[here\\]\\(https://x.example\\)');
    expect(payload.embeds).toHaveLength(1);
    expect(payload.embeds[0]).toMatchObject({ title: '@\u200beveryone \\*big\\* SPY', timestamp: '2026-12-03T15:00:01.000Z' });
    expect(payload.embeds[0]?.fields.map((f) => f.name)).toEqual(['Symbol', 'Rule']);
    expect(payload.embeds[0]?.fields[1]?.value).toBe('PREMIUM\\_OVER');
  });

  it('discord: stays within its length limits', () => {
    const long = sampleAlert(1, { title: 'T'.repeat(400), body: 'B'.repeat(5000) });
    const payload = discordPayload({ alert: long, test: true }) as { content: string; embeds: { title: string; description: string }[] };
    expect(payload.content.length).toBeLessThanOrEqual(2000);
    expect(payload.embeds[0]?.title.length).toBeLessThanOrEqual(256);
    expect(payload.embeds[0]?.title.startsWith('\\[test\\] ')).toBe(true);
    expect(payload.embeds[0]?.description.length).toBeLessThanOrEqual(4096);
  });

  it('slack: text for the notification, a section and a context block, <&> escaped', () => {
    const tricky = sampleAlert(2, { title: 'SPY <!channel> & co', body: 'a > b' });
    expect(slackPayload({ alert: tricky, test: false })).toEqual({
      text: 'SPY &lt;!channel&gt; &amp; co: a &gt; b',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*SPY &lt;!channel&gt; &amp; co*\na &gt; b' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'SPY   261218C00600000 · PREMIUM_OVER · 2026-12-03T15:00:02.000Z · Fathom' }] },
      ],
    });
  });

  it('picks the format by name', () => {
    expect(payloadFor('generic', { alert, test: false })).toHaveProperty('alert');
    expect(payloadFor('discord', { alert, test: false })).toHaveProperty('embeds');
    expect(payloadFor('slack', { alert, test: false })).toHaveProperty('blocks');
  });
});
