// The one URL rule both sides apply, and what settings keep of a URL.
import { describe, expect, it } from 'vitest';
import { saveDestinationSchema } from '../ipc/webhooks.ts';
import { appSettingsSchema } from '../ipc/settings.ts';
import { defaultAppSettings } from './app-settings.ts';
import { redactUrl, webhookUrlProblem } from './webhooks.ts';

describe('webhook URLs', () => {
  it('takes https anywhere and http only to this machine', () => {
    expect(webhookUrlProblem('https://discord.com/api/webhooks/1/abc')).toBeNull();
    expect(webhookUrlProblem('https://hooks.slack.com:8443/services/T/B/X')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook')).toBeNull();
    expect(webhookUrlProblem('http://localhost/hook')).toBeNull();
    expect(webhookUrlProblem('http://[::1]:9/x')).toBeNull();
    expect(webhookUrlProblem('http://example.com/hook')).toMatch(/only https/);
    expect(webhookUrlProblem('http://127.0.0.1.evil.example/hook')).toMatch(/only https/);
    expect(webhookUrlProblem('ws://127.0.0.1/x')).toMatch(/only https/);
    expect(webhookUrlProblem('https://me:pw@example.com/x')).toMatch(/user or password/);
    expect(webhookUrlProblem('https://exa mple.com/x')).toBe('not a URL');
    expect(webhookUrlProblem('https:///x')).toMatch(/no valid host/);
    expect(webhookUrlProblem('https://example.com:70000/x')).toMatch(/port/);
  });

  it('keeps the host and hides the path and query', () => {
    expect(redactUrl('https://discord.com/api/webhooks/1/secret')).toBe('discord.com/…/••••');
    expect(redactUrl('https://Hooks.Slack.com/services/T/B/X?x=1')).toBe('hooks.slack.com/…/••••');
    expect(redactUrl('http://127.0.0.1:5000/')).toBe('127.0.0.1:5000');
    expect(redactUrl('https://example.com?token=abc')).toBe('example.com/…/••••');
  });

  it('validates a save with the same rule, and old settings load with no destinations', () => {
    expect(saveDestinationSchema.safeParse({ name: 'A', format: 'discord', url: ' https://discord.com/api/webhooks/1/x ' }).success).toBe(true);
    const bad = saveDestinationSchema.safeParse({ name: 'A', format: 'discord', url: 'http://discord.com/x' });
    expect(bad.success ? null : bad.error.issues[0]?.message).toMatch(/only https/);
    expect(saveDestinationSchema.safeParse({ name: 'A', format: 'teams', url: 'https://x.example/y' }).success).toBe(false);
    const { webhooks: _webhooks, ...older } = defaultAppSettings();
    const loaded = appSettingsSchema.parse(older);
    expect(loaded.webhooks).toEqual({ destinations: [] });
  });
});
