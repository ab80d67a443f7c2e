// Settings: the schemas here are the single validation of anything a window asks to store.
import { z } from 'zod';
import type { AppSettings } from '../domain/app-settings.ts';
import { BOOK_LAYOUTS, MONTAGE_SORTS, SENDER_FILTERS } from '../domain/app-settings.ts';
import type { FlowSettings, RollingSettings } from '../domain/settings.ts';
import { BOOK_EVENT_KINDS } from '../domain/book-events.ts';
import { ALERT_FLOW_FLAGS, ALERT_RULE_KINDS, ALERT_SENTIMENTS } from '../domain/session.ts';
import { FLOW_KINDS, MONEYNESS, SIDES } from '../domain/flow.ts';
import { defineDomain, event, LIMITS, request } from './define.ts';
import { empty, idSchema, underlyingSchema } from './common.ts';
import { volatilityFilterSchema, volatilitySettingsSchema } from './volatility-settings.ts';
import { DEFAULT_VOLATILITY_SETTINGS, OPEN_VOLATILITY_FILTER } from '../domain/volatility.ts';
import { MAX_DESTINATIONS, webhookSettingsSchema } from './webhooks.ts';

const money = z.number().finite().nonnegative().max(1e12);
const ms = z.number().int().min(1).max(24 * 3600_000);

export const flowSettingsSchema = z.strictObject({
  clusterWindowMs: ms,
  blockMinContracts: z.number().int().min(1).max(1_000_000),
  blockMinPremium: money,
  whaleMinPremium: money,
  atmBand: z.number().min(0).max(0.5),
  defaultMultiplier: z.number().int().min(1).max(10_000),
  unusualVolumeOiRatio: z.number().min(0).max(1000),
  unusualMinVolume: z.number().int().min(0).max(1e9),
  unusualMinOpenInterest: z.number().int().min(0).max(1e9),
  unusualTopPremiumFraction: z.number().min(0).max(1),
  repeaterMinHits: z.number().int().min(2).max(1000),
  repeaterWindowMs: ms,
  spreadLegWindowMs: ms,
  quoteRingSize: z.number().int().min(2).max(256),
}) satisfies z.ZodType<FlowSettings>;

export const rollingSettingsSchema = z
  .strictObject({ windowMs: ms, bucketMs: z.number().int().min(100).max(60_000) })
  .refine((r) => r.windowMs % r.bucketMs === 0, 'the window must be a whole number of buckets') satisfies z.ZodType<RollingSettings>;

export const feedFilterSchema = z.strictObject({
  minPremium: money,
  rights: z.array(z.enum(['C', 'P'])).max(2),
  kinds: z.array(z.enum(FLOW_KINDS)).max(4),
  sides: z.array(z.enum(SIDES)).max(5),
  moneyness: z.array(z.enum(MONEYNESS)).max(3),
  dteMin: z.number().int().min(0).max(5000),
  dteMax: z.number().int().min(0).max(5000).nullable(),
  whalesOnly: z.boolean(),
  symbols: z.array(underlyingSchema).max(LIMITS.list),
  // Filters saved before these existed load open.
  volatility: volatilityFilterSchema.default({ ...OPEN_VOLATILITY_FILTER }),
  // Filters saved before these existed load with the defaults.
  sender: z.enum(SENDER_FILTERS).default('ALL'),
  confirmedOpeners: z.boolean().default(false),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

export const alertRuleSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(ALERT_RULE_KINDS),
  enabled: z.boolean(),
  symbols: z.array(underlyingSchema).max(LIMITS.list),
  threshold: z.number().finite().nonnegative().nullable(),
  kinds: z.array(z.enum(FLOW_KINDS)).max(4),
  sound: z.string().max(32).regex(/^[a-z0-9-]*$/),
  bookEvents: z.array(z.enum(BOOK_EVENT_KINDS)).max(BOOK_EVENT_KINDS.length).optional(),
  sides: z.array(z.enum(['bid', 'ask'])).max(2).optional(),
  watchedOnly: z.boolean().optional(),
  // Rules stored before these existed have none of them and keep working as they did.
  name: z.string().trim().min(1).max(60).optional(),
  filter: feedFilterSchema.optional(),
  sentiments: z.array(z.enum(ALERT_SENTIMENTS)).max(ALERT_SENTIMENTS.length).optional(),
  flags: z.array(z.enum(ALERT_FLOW_FLAGS)).max(ALERT_FLOW_FLAGS.length).optional(),
  cooldownMs: z.number().int().min(0).max(24 * 3600_000).optional(),
  maxPerHour: z.number().int().min(1).max(10_000).optional(),
  quietHours: z.strictObject({ from: clockTime, to: clockTime }).optional(),
  /** Webhook destinations (ids) the rule's alerts are sent to (shared/ipc/webhooks.ts). */
  destinations: z.array(idSchema).max(MAX_DESTINATIONS).optional(),
}).refine((rule) => rule.kind !== 'FLOW' || rule.filter !== undefined, { message: 'a FLOW rule needs its filter', path: ['filter'] });

export const appSettingsSchema = z.strictObject({
  flow: flowSettingsSchema,
  rolling: rollingSettingsSchema,
  feed: feedFilterSchema,
  alerts: z.strictObject({
    rules: z.array(alertRuleSchema).max(100),
    volume: z.number().min(0).max(1),
    muted: z.boolean(),
    notifications: z.boolean(),
  }),
  book: z.strictObject({
    levels: z.number().int().min(1).max(50),
    spreadAlertPercent: z.number().min(0).max(1000),
    imbalanceLevels: z.number().int().min(1).max(50),
    // Settings saved before these existed load with the defaults instead of failing the section.
    montageSort: z.enum(MONTAGE_SORTS).default('size'),
    layout: z.enum(BOOK_LAYOUTS).default('auto'),
  }),
  data: z.strictObject({
    folder: z.string().max(LIMITS.longText).nullable(),
    retentionMb: z.number().int().min(10).max(10_000_000).nullable(),
  }),
  volatility: volatilitySettingsSchema.default({ ...DEFAULT_VOLATILITY_SETTINGS }),
  // Changed only through the webhooks requests (never a patch): the URLs live in the keychain.
  webhooks: webhookSettingsSchema.default({ destinations: [] }),
}) satisfies z.ZodType<AppSettings>;

/** A patch replaces whole sections; each section present must be complete and valid. */
export const settingsPatchSchema = z.strictObject({
  flow: flowSettingsSchema.optional(),
  rolling: rollingSettingsSchema.optional(),
  feed: feedFilterSchema.optional(),
  alerts: appSettingsSchema.shape.alerts.optional(),
  book: appSettingsSchema.shape.book.optional(),
  data: appSettingsSchema.shape.data.optional(),
  volatility: volatilitySettingsSchema.optional(),
});

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

const domain = defineDomain(
  'settings',
  {
    get: request<AppSettings>()(empty),
    /** A patch may not move the data folder: a page never names a path (see chooseDataFolder). */
    update: request<AppSettings>()(settingsPatchSchema),
    /** The host's own folder picker, then the folder checked (a writable folder the user owns). */
    chooseDataFolder: request<AppSettings>()(empty, ['feed']),
  },
  {
    changed: event<AppSettings>('latest'),
  },
);

export const settings = domain.requests;
export const settingsEvents = domain.events;
