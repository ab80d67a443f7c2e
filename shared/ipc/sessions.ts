// Recorded sessions, replay you can steer, and exports.
import { z } from 'zod';
import type { Session } from '../domain/session.ts';
import { flowSettingsSchema } from './settings.ts';
import { event, request } from './define.ts';
import { empty, epochMsSchema, idSchema } from './common.ts';

export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number] | 'max';

export interface ReplayState {
  sessionId: string;
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

export type ExportFormat = 'csv' | 'json' | 'ndjson';

export interface ExportProgress {
  exportId: string;
  sessionId: string;
  format: ExportFormat;
  rows: number;
  totalRows: number;
  done: boolean;
  /** Where the finished file can be fetched (web host) or was written (desktop). */
  location: string | null;
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

export const sessions = {
  list: request<Session[]>()(
    'sessions:list',
    z.strictObject({ limit: z.number().int().min(1).max(1000) }),
    ['feed'],
  ),
  openReplay: request<ReplayState>()(
    'replay:open',
    z.strictObject({ sessionId: idSchema, settings: flowSettingsSchema.partial().optional() }),
    ['feed'],
  ),
  controlReplay: request<ReplayState>()('replay:control', replayControlSchema, ['feed']),
  closeReplay: request<{ closed: boolean }>()('replay:close', empty, ['feed']),
  startExport: request<ExportProgress>()(
    'export:start',
    z.strictObject({ sessionId: idSchema, format: z.enum(['csv', 'json', 'ndjson']) }),
    ['feed'],
  ),
} as const;

export const sessionEvents = {
  replay: event<ReplayState>()('replay:state'),
  exportProgress: event<ExportProgress>()('export:progress'),
} as const;
