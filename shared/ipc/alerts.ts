// Alert history and mute; the rules themselves live in settings.
import { z } from 'zod';
import type { Alert } from '../domain/session.ts';
import { event, request } from './define.ts';

export const alerts = {
  history: request<Alert[]>()('alerts:history', z.strictObject({ limit: z.number().int().min(1).max(1000) })),
  mute: request<{ muted: boolean }>()('alerts:mute', z.strictObject({ muted: z.boolean() })),
} as const;

export const alertEvents = {
  fired: event<Alert>()('alert:fired'),
} as const;
