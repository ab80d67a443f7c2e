// Webhook destinations for alerts: add, edit, delete and test one, and their delivery status.
// Destinations change only through these requests (never a settings patch), so a destination in
// settings always has its URL in the keychain, and a URL never reaches the window again.
import { z } from 'zod';
import type { DeliveryStatus, WebhookDestination } from '../domain/webhooks.ts';
import { WEBHOOK_FORMATS, webhookUrlProblem } from '../domain/webhooks.ts';
import { defineDomain, event, LIMITS, request } from './define.ts';
import { empty, idSchema } from './common.ts';

/** Destinations a user may keep (and so the most a rule may name). */
export const MAX_DESTINATIONS = 20;

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((text, ctx) => {
    const problem = webhookUrlProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const webhookDestinationSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(LIMITS.shortText),
  format: z.enum(WEBHOOK_FORMATS),
  host: z.string().max(300),
}) satisfies z.ZodType<WebhookDestination>;

export const webhookSettingsSchema = z.strictObject({
  destinations: z.array(webhookDestinationSchema).max(MAX_DESTINATIONS),
});

/** A new destination needs its URL; an edit without one keeps the stored URL. */
export const saveDestinationSchema = z.strictObject({
  id: idSchema.optional(),
  name: z.string().trim().min(1, 'a name, please').max(80),
  format: z.enum(WEBHOOK_FORMATS),
  url: webhookUrlSchema.optional(),
});

export type SaveDestination = z.infer<typeof saveDestinationSchema>;

const domain = defineDomain(
  'webhooks',
  {
    save: request<WebhookDestination>()(saveDestinationSchema, ['feed']),
    remove: request<{ removed: boolean }>()(z.strictObject({ id: idSchema }), ['feed']),
    /** Queues a test message; its outcome shows in the status. */
    test: request<DeliveryStatus>()(z.strictObject({ id: idSchema }), ['feed']),
    statuses: request<DeliveryStatus[]>()(empty),
  },
  {
    status: event<DeliveryStatus[]>('latest'),
  },
);

export const webhooks = domain.requests;
export const webhookEvents = domain.events;
