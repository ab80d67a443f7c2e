// What a destination receives for an alert, in its format. The generic JSON is documented in
// README.md (Alerts); Discord gets `content` plus one embed, Slack `text` plus blocks. Every
// text is escaped for the receiver's markup, and Discord is told to ping nobody, so a symbol or
// a title can never mention @everyone or inject a link.
import type { Alert } from '../../shared/domain/session.ts';
import type { WebhookFormat } from '../../shared/domain/webhooks.ts';

export const PAYLOAD_VERSION = 1;

export interface GenericPayload {
  type: 'alert' | 'test';
  version: typeof PAYLOAD_VERSION;
  source: 'fathom';
  alert: {
    id: string;
    ruleId: string;
    ruleKind: Alert['ruleKind'];
    /** Epoch ms, and the same instant in ISO 8601 (UTC). */
    time: number;
    timeIso: string;
    symbol: string;
    flowId: string | null;
    sessionId: string;
    title: string;
    body: string;
  };
}

/** A message in hand: the alert and whether it is a "Send test". */
export interface OutgoingAlert {
  alert: Alert;
  test: boolean;
}

export function genericPayload({ alert, test }: OutgoingAlert): GenericPayload {
  return {
    type: test ? 'test' : 'alert',
    version: PAYLOAD_VERSION,
    source: 'fathom',
    alert: {
      id: alert.id,
      ruleId: alert.ruleId,
      ruleKind: alert.ruleKind,
      time: alert.time,
      timeIso: new Date(alert.time).toISOString(),
      symbol: alert.symbol,
      flowId: alert.flowId,
      sessionId: alert.sessionId,
      title: alert.title,
      body: alert.body,
    },
  };
}

// Discord's limits: content 2000 characters, embed title 256, description 4096, field value 1024.
export function discordPayload(message: OutgoingAlert): Record<string, unknown> {
  const { alert, test } = message;
  const title = clip(discordText(`${test ? '[test] ' : ''}${alert.title}`), 256);
  return {
    content: clip(`**${title}**\n${discordText(alert.body)}`, 2000),
    embeds: [
      {
        title,
        description: clip(discordText(alert.body), 4096),
        timestamp: new Date(alert.time).toISOString(),
        fields: [
          { name: 'Symbol', value: clip(discordText(alert.symbol), 1024) || '—', inline: true },
          { name: 'Rule', value: clip(discordText(alert.ruleKind), 1024), inline: true },
        ],
        footer: { text: 'Fathom' },
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

// Slack: `text` is the notification's fallback; the blocks are what the channel shows.
export function slackPayload(message: OutgoingAlert): Record<string, unknown> {
  const { alert, test } = message;
  const title = slackText(`${test ? '[test] ' : ''}${alert.title}`);
  const body = slackText(alert.body);
  return {
    text: clip(`${title}: ${body}`, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*${title}*\n${body}`, 3000) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: clip(`${slackText(alert.symbol)} · ${alert.ruleKind} · ${new Date(alert.time).toISOString()} · Fathom`, 3000) }],
      },
    ],
  };
}

export function payloadFor(format: WebhookFormat, message: OutgoingAlert): unknown {
  if (format === 'discord') return discordPayload(message);
  if (format === 'slack') return slackPayload(message);
  return genericPayload(message);
}

/** Slack's mrkdwn needs only these three escaped (its formatting docs). */
export function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Discord markdown's special characters get a backslash; `@` a zero-width space after it. */
export function discordText(text: string): string {
  return text.replace(/([\\*_~`|>#[\]()-])/g, '\\$1').replace(/@/g, '@\u200b');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
