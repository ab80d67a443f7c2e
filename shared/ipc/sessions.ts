// Recorded sessions, replay you can steer, and exports.
import { z } from 'zod';
import type { Session, SessionId } from '../domain/session.ts';
import { flowSettingsSchema } from './settings.ts';
import { defineDomain, event, request } from './define.ts';
import { empty, epochMsSchema, idSchema } from './common.ts';

export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number] | 'max';

export interface ReplayState {
  sessionId: SessionId;
  playing: boolean;
  /** The UI offers REPLAY_SPEEDS; the CLI takes any speed from 0.25 to 100. */
  speed: number | 'max';
  /** Stream time the replay has reached (epoch ms). */
  position: number;
  start: number;
  end: number;
  frameIndex: number;
  frameCount: number;
  finished: boolean;
}

export type ExportFormat = 'csv' | 'json' | 'ndjson' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'ndjson', 'parquet'];

/** The web host hands out a link the page downloads; the desktop app saves the file itself. */
export type ExportDelivery = { by: 'link'; url: string } | { by: 'file'; path: string };

export interface ExportProgress {
  exportId: string;
  sessionId: SessionId;
  format: ExportFormat;
  rows: number;
  totalRows: number;
  done: boolean;
  /** How the finished file reached the user: a link to download, or a file already saved. */
  delivered: ExportDelivery | null;
  error: string | null;
}

const speedSchema = z.union([z.literal('max'), z.union(REPLAY_SPEEDS.map((s) => z.literal(s)))]);

export const replayControlSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('play') }),
  z.strictObject({ action: z.literal('pause') }),
  z.strictObject({ action: z.literal('step') }),
  z.strictObject({ action: z.literal('seek'), to: epochMsSchema }),
  z.strictObject({ action: z.literal('speed'), speed: speedSchema }),
]);

const domain = defineDomain(
  'sessions',
  {
    list: request<Session[]>()(z.strictObject({ limit: z.number().int().min(1).max(1000) }), ['feed']),
    openReplay: request<ReplayState>()(
      z.strictObject({ sessionId: idSchema, settings: flowSettingsSchema.partial().optional() }),
      ['feed'],
    ),
    controlReplay: request<ReplayState>()(replayControlSchema, ['feed']),
    closeReplay: request<{ closed: boolean }>()(empty, ['feed']),
    startExport: request<ExportProgress>()(
      z.strictObject({ sessionId: idSchema, format: z.enum(['csv', 'json', 'ndjson', 'parquet']) }),
      ['feed'],
    ),
  },
  {
    /** The open replay's state; null when the windows show the live session again. */
    replay: event<ReplayState | null>('latest'),
    exportProgress: event<ExportProgress>('every'),
  },
);

export const sessions = domain.requests;
export const sessionEvents = domain.events;
