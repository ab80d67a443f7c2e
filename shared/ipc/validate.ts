// The one gate every renderer request passes before main acts on it, in both hosts.
import type { z } from 'zod';
import type { IpcError, RequestDef, WindowKind } from './define.ts';
import { requestDef } from './index.ts';

export type ValidatedRequest =
  | { ok: true; def: RequestDef<string, z.ZodType, unknown>; value: unknown }
  | { ok: false; error: IpcError };

const MAX_CHANNEL = 64;
const MAX_MESSAGE = 300;

export function validateRequest(channel: unknown, payload: unknown, from: WindowKind): ValidatedRequest {
  if (typeof channel !== 'string' || channel.length > MAX_CHANNEL) {
    return fail('UNKNOWN_CHANNEL', 'the channel must be a short string');
  }
  const def = requestDef(channel);
  if (!def) return fail('UNKNOWN_CHANNEL', `no such request: ${channel}`);
  if (!def.allowedFrom.includes(from)) {
    return fail('FORBIDDEN', `${channel} is not available to a ${from} window`);
  }
  const parsed = def.schema.safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) return fail('BAD_REQUEST', `${channel}: ${describeIssues(parsed.error)}`);
  return { ok: true, def, value: parsed.data };
}

function describeIssues(error: z.ZodError): string {
  const text = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

function fail(code: IpcError['code'], message: string): ValidatedRequest {
  return { ok: false, error: { code, message } };
}
