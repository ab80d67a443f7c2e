// Shared flag parsing for the CLI: strict, with one-line usage errors (exit code 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

export function numberFlag(value: string | undefined, name: string, options: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const { min = -Infinity, max = Infinity, integer = false } = options;
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = [min > -Infinity ? `>= ${min}` : '', max < Infinity ? `<= ${max}` : ''].filter(Boolean).join(' and ');
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''}, got "${value}"`);
  }
  return n;
}

/** The database path, with a clear error when its folder does not exist. */
export function dbPath(value: string | undefined): string {
  if (!value) throw new UsageError('--db <file> is required');
  const path = resolve(value);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`the folder for --db does not exist: ${folder}`);
  return path;
}
