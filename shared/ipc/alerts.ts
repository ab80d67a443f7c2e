// Alert history and mute; the rules themselves live in settings.
import { z } from 'zod';
import type { Alert } from '../domain/session.ts';
import { defineDomain, event, request } from './define.ts';

const domain = defineDomain(
  'alerts',
  {
    history: request<Alert[]>()(z.strictObject({ limit: z.number().int().min(1).max(1000) })),
    mute: request<{ muted: boolean }>()(z.strictObject({ muted: z.boolean() })),
  },
  {
    fired: event<Alert>('every'),
  },
);

export const alerts = domain.requests;
export const alertEvents = domain.events;
