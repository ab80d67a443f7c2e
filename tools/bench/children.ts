// Child processes of the benchmarks, started with fork (the same Node, running .ts directly) and
// stopped by their own pid. They answer over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFrames } from '../../src-main/store/frames.ts';
import type { Frame } from './inputs.ts';
import type { StreamChildConfig, StreamChildReady, StreamChildStats } from './stream-child.ts';

export interface Child<Ready> {
  process: ChildProcess;
  ready: Ready;
  /** Sends a request and resolves with the first message that has `key`. */
  ask<T>(request: unknown, key: string): Promise<T>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  execArgv?: string[];
  /** The child's environment (this process's by default). */
  env?: NodeJS.ProcessEnv;
  /** What runs the child instead of this Node (a wrapper that execs Node under a profiler, say). */
  execPath?: string;
}

/**
 * Forks `entry` and sends it `config` as its first message (tools/bench/child-config.ts), never
 * in argv, which any user of the machine can read: the host child's holds a refresh token.
 */
export async function startChild<Ready>(entry: string, config: unknown, readyKey: string, options: ChildOptions = {}): Promise<Child<Ready>> {
  const child = fork(new URL(entry, import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: options.execArgv ?? [], env: options.env ?? process.env, ...(options.execPath ? { execPath: options.execPath } : {}) });
  child.send({ config });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 60 s`)), 60_000);
    child.on('message', (message: unknown) => {
      if (isObject(message) && readyKey in message) {
        clearTimeout(timer);
        resolve(message[readyKey] as Ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before it was ready`));
    });
  });
  return {
    process: child,
    ready,
    ask<T>(request: unknown, key: string): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${entry} did not answer ${key}`)), 120_000);
        const onMessage = (message: unknown) => {
          if (!isObject(message) || !(key in message)) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message[key] as T);
        };
        child.on('message', onMessage);
        child.send(request as string);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type StreamChild = Child<StreamChildReady['ready']>;

export function startStreamChild(config: StreamChildConfig): Promise<StreamChild> {
  return startChild<StreamChildReady['ready']>('./stream-child.ts', config, 'ready');
}

export async function streamChildStats(child: StreamChild): Promise<StreamChildStats['stats']> {
  return child.ask<StreamChildStats['stats']>('stats', 'stats');
}

/** The data frames of a corpus in the store's raw batch layout (times: when sent), for a child. */
export function writeDataFrames(dir: string, name: string, frames: readonly Frame[]): { path: string; count: number } {
  const data = frames.filter((f) => f.text.startsWith('{"data"')).map((f) => ({ receivedAt: f.sentAt, connection: 1, text: f.text }));
  const path = join(dir, name);
  writeFileSync(path, encodeFrames(data, 'raw'));
  return { path, count: data.length };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
